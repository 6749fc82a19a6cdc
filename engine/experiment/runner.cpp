#include "engine/experiment/runner.h"

#include "engine/core/errors.h"
#include "engine/core/log.h"
#include "engine/data/device_data.h"
#include "engine/experiment/phase_support.h"
#include "engine/experiment/score_phase.h"
#include "engine/experiment/student_phase.h"
#include "engine/experiment/teacher_phase.h"
#include "engine/train/device.h"

#include <algorithm>
#include <chrono>
#include <spdlog/spdlog.h>
#include <torch/torch.h>

namespace engine {

int runsAtOnce(const ExperimentSpec &spec, const std::string &device)
{
    if (spec.runsAtOnce > 0)
        return spec.runsAtOnce;
    if (device.starts_with("cuda"))
        return 4;
    return torch::get_num_threads() >= 2 ? 2 : 1;
}

RunSummary runExperiment(const Experiment &experiment, ExperimentStore &store, Observer &observer,
                         std::stop_token stop, Phases phases)
{
    RunSummary summary;
    const auto &runs = experiment.runs();
    const std::vector<bool> finished = phases == Phases::All
        ? store.registerExperiment(experiment.spec(), runs)
        : std::vector<bool>(runs.size(), false);
    std::vector<size_t> pending;
    for (size_t i = 0; i < runs.size(); ++i) {
        if (finished[i])
            ++summary.skipped;
        else
            pending.push_back(i);
    }
    observer.runsPlanned(finished);
    if (pending.empty())
        return summary;

    const std::string device = resolveDevice(experiment.spec().device);
    DeviceData data;
    try {
        data = DeviceData::upload(*experiment.data(), torch::Device(device));
    } catch (const c10::Error &e) {
        throw std::runtime_error("cannot move the dataset to " + device + ": "
                                 + e.what_without_backtrace());
    }

    // Scores shared by the pending runs, each computed once (or read from the store).
    ScoreTable scores = findStoredScores(runs, pending, store, data.indexMap());

    std::optional<TeacherState> teacher;
    const auto needsTeacher = [&](size_t i) {
        return runs[i].teacher.has_value();
    };
    const bool scoresNeedTeacher = missingScoresNeedTeacher(scores, runs);
    if (scoresNeedTeacher || std::any_of(pending.begin(), pending.end(), needsTeacher)) {
        const bool anyUnaugmented = std::any_of(pending.begin(), pending.end(), [&](size_t i) {
            return needsTeacher(i) && !augments(runs[i].recipe);
        });
        // One teacher per experiment: the spec's, whether a run distils from it or a score reads
        // it.
        TeacherSpec spec;
        for (size_t i : pending)
            if (runs[i].teacher)
                spec = *runs[i].teacher;
        if (spec.model.empty())
            for (const auto &[key, i] : scores.missing)
                if (runs[i].scoreTeacher)
                    spec = *runs[i].scoreTeacher;
        try {
            teacher = prepareTeacher(spec, experiment, data, anyUnaugmented, store, observer, stop);
            summary.teacherSeconds = teacher->trainSeconds;
        } catch (const Cancelled &) {
            summary.notStarted = static_cast<int>(pending.size());
            return summary;
        } catch (const std::exception &e) {
            teacher = TeacherState {};
            teacher->error = "the teacher could not be prepared: " + errorText(e);
            log()->error("{}", teacher->error);
        }
    }

    try {
        computeMissingScores(scores, runs, data, teacher ? teacher->model.get() : nullptr,
                             teacher ? teacher->forwardFlops : NAN,
                             teacher ? teacher->error : std::string(), store, observer, stop);
    } catch (const Cancelled &) {
        summary.notStarted = static_cast<int>(pending.size());
        return summary;
    }
    summary.scoresComputed = scores.computed;
    summary.scoreSeconds = scores.seconds;
    if (phases == Phases::PrepareOnly) {
        // A preparation that failed must fail its job, so the tasks waiting on it do not start.
        if (teacher && !teacher->error.empty())
            throw std::runtime_error(teacher->error);
        if (!scores.errors.empty())
            throw std::runtime_error("the pruning score could not be computed: "
                                     + scores.errors.begin()->second);
        summary.notStarted = static_cast<int>(pending.size());
        return summary;
    }

    const int side
        = std::min<int>(runsAtOnce(experiment.spec(), device), static_cast<int>(pending.size()));
    summary.runsAtOnce = side;
    const auto studentsStart = std::chrono::steady_clock::now();
    trainStudents(experiment, pending, data, teacher, scores, store, observer, stop, side, summary);
    summary.studentSeconds
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - studentsStart).count();
    return summary;
}

} // namespace engine
