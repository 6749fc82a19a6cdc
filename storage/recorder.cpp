#include "storage/recorder.h"

#include "engine/core/log.h"
#include "engine/experiment/run_expansion.h"
#include "engine/experiment/spec_json.h"
#include "storage/sha256.h"
#include "storage/store.h"
#include "storage/store_error.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>
#include <cmath>
#include <spdlog/spdlog.h>
#include <unistd.h>

namespace storage {

namespace fs = std::filesystem;

namespace {
std::shared_ptr<spdlog::logger> log()
{
    return engine::namedLogger("storage");
}
} // namespace

std::string identityKey(const std::string &identityJson)
{
    return sha256Hex(identityJson);
}

Recorder::Recorder(Store &store, Pending pending)
    : m_store(store)
    , m_pending(pending)
{ }

namespace {
bool waiting(RunStatus s)
{
    return s == RunStatus::Queued || s == RunStatus::Interrupted;
}
} // namespace

std::vector<bool> Recorder::registerExperiment(const engine::ExperimentSpec &spec,
                                               const std::vector<engine::RunConfig> &runs)
{
    const std::string specJson = engine::specToJson(spec);
    SQLite::Transaction transaction(m_store.database());
    m_experimentId = m_store.addExperiment(sha256Hex(specJson), spec.name, specJson);
    m_runIds.clear();
    std::vector<bool> finished;
    for (size_t i = 0; i < runs.size(); ++i) {
        const engine::RunConfig &run = runs[i];
        NewRun row;
        row.key = identityKey(engine::runIdentityJson(run));
        row.groupKey = identityKey(engine::runIdentityJson(run, engine::Identity::Group));
        row.curveKey = identityKey(engine::runIdentityJson(run, engine::Identity::Curve));
        row.baseKey = identityKey(engine::runIdentityJson(run, engine::Identity::Base));
        row.name = engine::runDisplayName(run);
        row.configJson = engine::runConfigJson(run);
        row.dataset = run.dataset.name;
        row.studentModel = run.studentModel;
        row.teacherModel = run.teacher ? run.teacher->model : std::string();
        row.method = engine::methodLabel(run);
        row.classBalanced = run.classBalanced;
        row.fraction = run.fraction;
        row.keptCount = run.keptCount;
        row.alpha = run.kd.alpha;
        if (run.kd.alpha > 0)
            row.tau = run.kd.tau;
        row.seed = run.seed;
        row.scoreKey = run.scoreKey.empty() ? std::string() : identityKey(run.scoreKey);
        const int position = static_cast<int>(run.position >= 0 ? run.position : int64_t(i));
        const RunRow stored = m_store.registerRun(m_experimentId, position, row);
        m_runIds.push_back(stored.id);
        bool skip = m_pending == Pending::QueuedOnly ? !waiting(stored.status)
                                                     : stored.status == RunStatus::Done;
        if (stored.status == RunStatus::Running
            && Owner { stored.ownerPid, stored.ownerToken }.alive()) {
            log()->warn("run '{}' is running in process {}; it is not started again", stored.name,
                        stored.ownerPid);
            skip = true;
        }
        if (!skip && m_pending == Pending::RetryUnfinished)
            m_store.requeue(stored.id);
        finished.push_back(skip);
    }
    transaction.commit();
    return finished;
}

std::optional<engine::TeacherRecord> Recorder::findTeacher(const std::string &teacherKey)
{
    const auto row = m_store.teacherByKey(identityKey(teacherKey));
    if (!row)
        return std::nullopt;
    const fs::path file = m_store.artifactsDir() / row->checkpoint;
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) {
        log()->warn("teacher checkpoint '{}' is missing; the teacher is trained again",
                    file.string());
        return std::nullopt;
    }
    const std::string hash = sha256File(file);
    if (hash != row->sha256) {
        log()->warn("teacher checkpoint '{}' does not match its stored SHA-256 (damaged or "
                    "replaced); the teacher is "
                    "trained again",
                    file.string());
        return std::nullopt;
    }
    m_teacherIds[teacherKey] = row->id;
    engine::TeacherRecord record;
    record.model = row->model;
    record.dataset = row->dataset;
    record.checkpoint = file;
    record.testAccuracy = row->testAccuracy.value_or(NAN);
    record.testLoss = row->testLoss.value_or(NAN);
    record.validationAccuracy = row->validationAccuracy.value_or(NAN);
    record.validationLoss = row->validationLoss.value_or(NAN);
    record.trainSeconds = row->trainSeconds;
    return record;
}

fs::path Recorder::teacherCheckpointPath(const std::string &teacherKey)
{
    return m_store.artifactsDir() / "teachers" / (identityKey(teacherKey).substr(0, 24) + ".pt");
}

void Recorder::saveTeacher(const std::string &teacherKey, const engine::TeacherRecord &teacher)
{
    TeacherRow row;
    row.key = identityKey(teacherKey);
    row.identityJson = teacherKey;
    row.model = teacher.model;
    row.dataset = teacher.dataset;
    row.checkpoint = fs::relative(teacher.checkpoint, m_store.artifactsDir()).string();
    row.sha256 = sha256File(teacher.checkpoint);
    row.testAccuracy = teacher.testAccuracy;
    row.testLoss = teacher.testLoss;
    row.validationAccuracy = teacher.validationAccuracy;
    row.validationLoss = teacher.validationLoss;
    row.trainSeconds = teacher.trainSeconds;
    if (std::isfinite(teacher.trainFlops))
        row.trainFlops = teacher.trainFlops;
    m_teacherIds[teacherKey] = m_store.saveTeacher(row);
}

std::optional<std::vector<double>> Recorder::findScores(const std::string &scoreKey)
{
    const auto row = m_store.scoresByKey(identityKey(scoreKey));
    if (!row)
        return std::nullopt;
    return m_store.scoreValues(row->id);
}

void Recorder::saveScores(const std::string &scoreKey, const engine::ScoreRecord &score)
{
    ScoreRow row;
    row.key = identityKey(scoreKey);
    row.identityJson = scoreKey;
    row.method = score.method;
    row.dataset = score.datasetName;
    row.fingerprint = score.fingerprint;
    row.higherIsHarder = score.higherIsHarder;
    row.seconds = score.seconds;
    if (std::isfinite(score.flops))
        row.flops = score.flops;
    m_store.saveScores(row, score.values);
}

bool Recorder::shouldStart(size_t run)
{
    // The claim is atomic: of two processes working through one store, one takes the run.
    if (m_pending == Pending::QueuedOnly)
        return m_store.claimRun(m_runIds.at(run), { RunStatus::Queued, RunStatus::Interrupted },
                                Owner::current());
    return m_store.claimRun(
        m_runIds.at(run),
        { RunStatus::Queued, RunStatus::Interrupted, RunStatus::Failed, RunStatus::Cancelled },
        Owner::current());
}

void Recorder::evaluated(std::optional<size_t> run, const engine::EvalMetrics &metrics)
{
    if (run)
        m_store.addMetrics(m_runIds.at(*run), metrics);
}

void Recorder::runStarted(size_t run, const std::string &device)
{
    m_store.setRunDevice(m_runIds.at(run), device);
}

void Recorder::runFinished(const engine::RunOutcome &outcome)
{
    std::optional<int64_t> teacherId;
    if (!outcome.teacherKey.empty())
        if (auto it = m_teacherIds.find(outcome.teacherKey); it != m_teacherIds.end())
            teacherId = it->second;
    m_store.markDone(m_runIds.at(outcome.run), outcome.final, outcome.keptIndices, outcome.steps,
                     outcome.seconds, teacherId,
                     std::isfinite(outcome.flops) ? std::optional(outcome.flops) : std::nullopt);
}

void Recorder::runEnded(size_t run, engine::RunEnd end, const std::string &message)
{
    if (end == engine::RunEnd::Failed)
        m_store.markEnded(m_runIds.at(run), RunStatus::Failed, message);
    else if (m_stoppedStatus == RunStatus::Interrupted)
        m_store.markEnded(m_runIds.at(run), RunStatus::Interrupted,
                          "interrupted: the program closed during the run");
    else
        m_store.markEnded(m_runIds.at(run), RunStatus::Cancelled, message);
}

} // namespace storage
