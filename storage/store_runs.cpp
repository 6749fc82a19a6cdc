#include "engine/experiment/observer.h"
#include "storage/store.h"
#include "storage/store_error.h"
#include "storage/store_rows.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <cstring>

namespace storage {

namespace fs = std::filesystem;
using namespace rows;

RunRow Store::registerRun(int64_t experimentId, int position, const NewRun &run)
{
    SQLite::Statement insert(
        *m_db,
        "INSERT INTO runs (run_key, group_key, curve_key, base_key, name, config_json, dataset, "
        "student_model, teacher_model, method, class_balanced, kept_fraction, kept_count, "
        "alpha, tau, seed, status, created_at, score_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?, ?, 'queued', ?, ?) ON CONFLICT (run_key) DO UPDATE SET score_key = "
        "coalesce(runs.score_key, excluded.score_key)");
    int i = 0;
    insert.bind(++i, run.key);
    insert.bind(++i, run.groupKey);
    insert.bind(++i, run.curveKey);
    insert.bind(++i, run.baseKey);
    insert.bind(++i, run.name);
    insert.bind(++i, run.configJson);
    insert.bind(++i, run.dataset);
    insert.bind(++i, run.studentModel);
    bindOptionalText(insert, ++i, run.teacherModel);
    insert.bind(++i, run.method);
    insert.bind(++i, run.classBalanced ? 1 : 0);
    insert.bind(++i, run.fraction);
    insert.bind(++i, run.keptCount);
    insert.bind(++i, run.alpha);
    bindOptional(insert, ++i, run.tau);
    insert.bind(++i, run.seed);
    insert.bind(++i, utcNow());
    insert.bind(++i, run.scoreKey);
    insert.exec();
    SQLite::Statement select(*m_db,
                             std::string("SELECT ") + kRunColumns + " FROM runs WHERE run_key = ?");
    select.bind(1, run.key);
    select.executeStep();
    RunRow row = readRun(select);
    SQLite::Statement link(
        *m_db,
        "INSERT INTO experiment_runs (experiment_id, run_id, position) VALUES (?, ?, ?) "
        "ON CONFLICT DO NOTHING");
    link.bind(1, experimentId);
    link.bind(2, row.id);
    link.bind(3, position);
    link.exec();
    return row;
}

void Store::requeue(int64_t runId)
{
    SQLite::Statement q(*m_db,
                        "UPDATE runs SET status = 'queued' WHERE id = ? AND status <> 'done'");
    q.bind(1, runId);
    q.exec();
}

void Store::setRunDevice(int64_t runId, const std::string &device)
{
    SQLite::Statement q(*m_db, "UPDATE runs SET device = ? WHERE id = ?");
    q.bind(1, device);
    q.bind(2, runId);
    q.exec();
}

void Store::addMetrics(int64_t runId, const engine::EvalMetrics &m)
{
    SQLite::Statement q(
        *m_db,
        "INSERT OR REPLACE INTO run_metrics (run_id, step, epoch, train_loss, train_accuracy, "
        "test_loss, test_accuracy, lr, elapsed_seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, runId);
    q.bind(2, m.step);
    q.bind(3, m.epoch);
    bindOptional(q, 4, m.trainLoss);
    bindOptional(q, 5, m.trainAccuracy);
    bindOptional(q, 6, m.testLoss);
    bindOptional(q, 7, m.testAccuracy);
    bindOptional(q, 8, m.lr);
    bindOptional(q, 9, m.elapsedSeconds);
    q.exec();
}

void Store::markDone(int64_t runId, const engine::EvalMetrics &final,
                     const std::vector<int64_t> &kept, int64_t steps, double seconds,
                     std::optional<int64_t> teacherId, std::optional<double> flops)
{
    SQLite::Transaction transaction(*m_db);
    std::vector<int32_t> packed(kept.begin(), kept.end());
    SQLite::Statement subset(*m_db,
                             "INSERT OR REPLACE INTO run_subsets (run_id, dtype, length, data) "
                             "VALUES (?, 'int32', ?, ?)");
    subset.bind(1, runId);
    subset.bind(2, static_cast<int64_t>(packed.size()));
    // A zero-length blob needs a non-null pointer, or SQLite stores NULL.
    static const int32_t none = 0;
    subset.bind(3, packed.empty() ? static_cast<const void *>(&none) : packed.data(),
                static_cast<int>(packed.size() * sizeof(int32_t)));
    subset.exec();
    SQLite::Statement q(
        *m_db,
        "UPDATE runs SET status = 'done', finished_at = ?, test_accuracy = ?, test_loss = ?, "
        "steps = ?, wall_seconds = ?, teacher_id = ?, owner_pid = NULL, owner_token = NULL, error "
        "= NULL, validation_accuracy = ?, validation_loss = ?, student_flops = ? "
        "WHERE id = ?");
    q.bind(1, utcNow());
    bindOptional(q, 2, final.testAccuracy);
    bindOptional(q, 3, final.testLoss);
    q.bind(4, steps);
    q.bind(5, seconds);
    if (teacherId)
        q.bind(6, *teacherId);
    else
        q.bind(6);
    bindOptional(q, 7, final.validationAccuracy);
    bindOptional(q, 8, final.validationLoss);
    bindOptional(q, 9, flops);
    q.bind(10, runId);
    q.exec();
    transaction.commit();
}

void Store::markEnded(int64_t runId, RunStatus status, const std::string &error)
{
    SQLite::Statement q(*m_db,
                        "UPDATE runs SET status = ?, finished_at = ?, error = ?, owner_pid = NULL, "
                        "owner_token = NULL "
                        "WHERE id = ?");
    q.bind(1, std::string(statusName(status)));
    q.bind(2, utcNow());
    q.bind(3, error);
    q.bind(4, runId);
    q.exec();
}

std::vector<int64_t> Store::setStatus(const std::vector<int64_t> &runIds, RunStatus status,
                                      const std::string &note, const std::vector<RunStatus> &from)
{
    const std::string allowed = statusList(from);
    std::vector<int64_t> changed;
    if (allowed.empty())
        return changed;
    SQLite::Transaction transaction(*m_db);
    SQLite::Statement q(*m_db,
                        "UPDATE runs SET status = ?, error = ? WHERE id = ? AND status IN ("
                            + allowed + ")");
    for (int64_t id : runIds) {
        q.bind(1, std::string(statusName(status)));
        if (note.empty())
            q.bind(2);
        else
            q.bind(2, note);
        q.bind(3, id);
        if (q.exec() == 1)
            changed.push_back(id);
        q.reset();
    }
    transaction.commit();
    return changed;
}

void Store::removeRuns(const std::vector<int64_t> &runIds)
{
    SQLite::Transaction transaction(*m_db);
    SQLite::Statement q(*m_db, "DELETE FROM runs WHERE id = ? AND status <> 'running'");
    for (int64_t id : runIds) {
        q.bind(1, id);
        q.exec();
        q.reset();
    }
    transaction.commit();
}

std::vector<RunRow> Store::queryRuns(const std::string &where, int64_t parameter) const
{
    SQLite::Statement q(*m_db, std::string("SELECT ") + kRunColumns + " FROM runs " + where);
    if (where.find('?') != std::string::npos)
        q.bind(1, parameter);
    std::vector<RunRow> rows;
    while (q.executeStep())
        rows.push_back(readRun(q));
    return rows;
}

std::vector<RunRow> Store::runs() const
{
    return queryRuns("ORDER BY id", 0);
}

std::vector<RunRow> Store::experimentRuns(int64_t experimentId) const
{
    return queryRuns(
        "WHERE id IN (SELECT run_id FROM experiment_runs WHERE experiment_id = ?) ORDER BY id",
        experimentId);
}

std::optional<RunRow> Store::run(int64_t runId) const
{
    auto rows = queryRuns("WHERE id = ?", runId);
    return rows.empty() ? std::nullopt : std::optional<RunRow>(rows.front());
}

std::vector<MetricRow> Store::metrics(int64_t runId) const
{
    SQLite::Statement q(
        *m_db,
        "SELECT step, epoch, train_loss, train_accuracy, test_loss, test_accuracy, lr, "
        "elapsed_seconds FROM run_metrics WHERE run_id = ? ORDER BY step");
    q.bind(1, runId);
    std::vector<MetricRow> rows;
    while (q.executeStep())
        rows.push_back({ q.getColumn(0).getInt64(), q.getColumn(1).getDouble(),
                         real(q.getColumn(2)), real(q.getColumn(3)), real(q.getColumn(4)),
                         real(q.getColumn(5)), real(q.getColumn(6)), real(q.getColumn(7)) });
    return rows;
}

std::vector<int64_t> Store::keptIndices(int64_t runId) const
{
    SQLite::Statement q(*m_db, "SELECT dtype, length, data FROM run_subsets WHERE run_id = ?");
    q.bind(1, runId);
    if (!q.executeStep())
        return {};
    const std::string dtype = q.getColumn(0).getString();
    const int64_t length = q.getColumn(1).getInt64();
    const SQLite::Column blob = q.getColumn(2);
    if (dtype != "int32" || blob.getBytes() != length * static_cast<int64_t>(sizeof(int32_t)))
        throw StoreError("store '" + m_file.string() + "': the kept subset of run "
                         + std::to_string(runId) + " is damaged (dtype " + dtype + ", "
                         + std::to_string(blob.getBytes()) + " bytes for " + std::to_string(length)
                         + " indices)");
    std::vector<int32_t> packed(static_cast<size_t>(length));
    std::memcpy(packed.data(), blob.getBlob(), packed.size() * sizeof(int32_t));
    return { packed.begin(), packed.end() };
}

} // namespace storage
