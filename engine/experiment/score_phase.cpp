#include "engine/experiment/score_phase.h"

#include "engine/core/log.h"
#include "engine/data/device_data.h"
#include "engine/experiment/phase_support.h"
#include "engine/prune/method_registry.h"
#include "engine/prune/scorer.h"

#include <spdlog/spdlog.h>
#include <stdexcept>

namespace engine {

namespace {

/// The score a run selects on: shared by every run with the same identity.
ScoreRequest scoreRequestFor(const RunConfig &run)
{
    ScoreRequest r;
    r.method = run.scoreMethod;
    r.settings = run.settings;
    r.proxy = run.proxy;
    r.seed = run.scoreSeed;
    r.perClass = run.classBalanced;
    r.fingerprint = run.dataset.fingerprint;
    return r;
}

} // namespace

ScoreTable findStoredScores(const std::vector<RunConfig> &runs, const std::vector<size_t> &pending,
                            ScoreCache &store, const TrainIndexMap &indexMap)
{
    ScoreTable table;
    for (size_t i : pending) {
        const std::string &key = runs[i].scoreKey;
        if (key.empty() || table.values.count(key) || table.missing.count(key))
            continue;
        // Stored over the dataset as read (NaN for the validation split), used over the
        // training split.
        if (auto stored = store.findScores(key);
            stored && int64_t(stored->size()) == indexMap.originalSize)
            table.values[key] = indexMap.toTraining(*stored);
        else
            table.missing[key] = i;
    }
    return table;
}

bool missingScoresNeedTeacher(const ScoreTable &table, const std::vector<RunConfig> &runs)
{
    for (const auto &[key, i] : table.missing)
        if (runs[i].scoreTeacher)
            return true;
    return false;
}

void computeMissingScores(ScoreTable &table, const std::vector<RunConfig> &runs,
                          const DeviceData &data, Classifier *teacher, double teacherForwardFlops,
                          const std::string &teacherError, ScoreCache &store, Observer &observer,
                          std::stop_token stop)
{
    for (const auto &[key, i] : table.missing) {
        const RunConfig &run = runs[i];
        observer.stageStarted({ Stage::ComputeScores, std::nullopt,
                                "Computing " + run.scoreMethod + " scores for all "
                                    + std::to_string(data.trainSize()) + " training samples" });
        try {
            if (run.scoreTeacher && !teacherError.empty())
                throw std::runtime_error(teacherError);
            ScoreContext ctx;
            ctx.data = &data;
            ctx.teacher = run.scoreTeacher ? teacher : nullptr;
            ctx.teacherForwardFlops = teacherForwardFlops;
            ctx.stop = stop;
            ctx.onStage = [&](const std::string &text) {
                observer.stageStarted({ Stage::ComputeScores, std::nullopt, text });
            };
            ctx.onStep = [&](const StepEvent &e) {
                observer.stepDone(e);
            };
            ScoreResult result = computeScores(scoreRequestFor(run), ctx);
            table.seconds += result.seconds;
            ++table.computed;
            log()->info("{} scores computed in {:.1f} s", run.scoreMethod, result.seconds);
            ScoreRecord record;
            record.method = run.scoreMethod;
            record.datasetName = run.dataset.name;
            record.fingerprint = run.dataset.fingerprint;
            record.higherIsHarder = higherIsHarder(run.scoreMethod, run.settings);
            record.values = data.indexMap().toOriginal(result.values);
            record.seconds = result.seconds;
            record.flops = result.flops;
            if (run.scoreMethod != "file")
                store.saveScores(key, record);
            table.values[key] = std::move(result.values);
        } catch (const Cancelled &) {
            throw;
        } catch (const std::exception &e) {
            table.errors[key] = run.scoreMethod + " scores could not be computed: " + errorText(e);
            log()->error("{}", table.errors[key]);
        }
    }
}

} // namespace engine
