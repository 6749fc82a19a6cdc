#include "storage/store.h"

#include "engine/experiment/observer.h"
#include "storage/migrations.h"
#include "storage/store_error.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sqlite3.h>
#include <sstream>
#include <unistd.h>

namespace storage {

namespace fs = std::filesystem;

namespace {

constexpr const char *kRunColumns
    = "id, run_key, group_key, curve_key, name, config_json, dataset, student_model, "
      "teacher_model, method, class_balanced, kept_fraction, "
      "kept_count, alpha, tau, seed, status, created_at, started_at, "
      "finished_at, device, error, test_accuracy, "
      "test_loss, steps, wall_seconds, teacher_id, owner_pid, owner_token, base_key";

std::string text(const SQLite::Column &c)
{
    return c.isNull() ? std::string() : c.getString();
}
std::optional<double> real(const SQLite::Column &c)
{
    return c.isNull() ? std::nullopt : std::optional<double>(c.getDouble());
}
std::optional<int64_t> integer(const SQLite::Column &c)
{
    return c.isNull() ? std::nullopt : std::optional<int64_t>(c.getInt64());
}

void bindOptional(SQLite::Statement &q, int index, std::optional<double> value)
{
    if (value && std::isfinite(*value))
        q.bind(index, *value);
    else
        q.bind(index);
}

void bindOptionalText(SQLite::Statement &q, int index, const std::string &value)
{
    if (value.empty())
        q.bind(index);
    else
        q.bind(index, value);
}

RunRow readRun(SQLite::Statement &q)
{
    RunRow r;
    r.id = q.getColumn(0).getInt64();
    r.key = q.getColumn(1).getString();
    r.groupKey = q.getColumn(2).getString();
    r.curveKey = q.getColumn(3).getString();
    r.name = q.getColumn(4).getString();
    r.configJson = q.getColumn(5).getString();
    r.dataset = q.getColumn(6).getString();
    r.studentModel = q.getColumn(7).getString();
    r.teacherModel = text(q.getColumn(8));
    r.method = q.getColumn(9).getString();
    r.classBalanced = q.getColumn(10).getInt() != 0;
    r.fraction = q.getColumn(11).getDouble();
    r.keptCount = q.getColumn(12).getInt64();
    r.alpha = q.getColumn(13).getDouble();
    r.tau = real(q.getColumn(14));
    r.seed = q.getColumn(15).getInt64();
    r.status = parseStatus(q.getColumn(16).getString()).value_or(RunStatus::Queued);
    r.createdAt = text(q.getColumn(17));
    r.startedAt = text(q.getColumn(18));
    r.finishedAt = text(q.getColumn(19));
    r.device = text(q.getColumn(20));
    r.error = text(q.getColumn(21));
    r.testAccuracy = real(q.getColumn(22));
    r.testLoss = real(q.getColumn(23));
    r.steps = integer(q.getColumn(24));
    r.wallSeconds = real(q.getColumn(25));
    r.teacherId = integer(q.getColumn(26));
    r.ownerPid = integer(q.getColumn(27)).value_or(0);
    r.ownerToken = text(q.getColumn(28));
    r.baseKey = text(q.getColumn(29));
    return r;
}

TeacherRow readTeacher(SQLite::Statement &q)
{
    TeacherRow t;
    t.id = q.getColumn(0).getInt64();
    t.key = q.getColumn(1).getString();
    t.identityJson = q.getColumn(2).getString();
    t.model = q.getColumn(3).getString();
    t.dataset = q.getColumn(4).getString();
    t.checkpoint = q.getColumn(5).getString();
    t.sha256 = q.getColumn(6).getString();
    t.testAccuracy = real(q.getColumn(7));
    t.testLoss = real(q.getColumn(8));
    t.trainSeconds = q.getColumn(9).getDouble();
    t.createdAt = q.getColumn(10).getString();
    return t;
}

/// "'queued', 'interrupted'" for an SQL `status IN (...)`; empty for no statuses.
std::string statusList(const std::vector<RunStatus> &statuses)
{
    std::string list;
    for (RunStatus s : statuses)
        list += (list.empty() ? "'" : ", '") + std::string(statusName(s)) + "'";
    return list;
}

constexpr const char *kTeacherColumns
    = "id, teacher_key, identity_json, model, dataset, checkpoint, sha256, "
      "test_accuracy, test_loss, train_seconds, created_at";

} // namespace

std::string_view statusName(RunStatus status)
{
    switch (status) {
    case RunStatus::Queued:
        return "queued";
    case RunStatus::Running:
        return "running";
    case RunStatus::Done:
        return "done";
    case RunStatus::Failed:
        return "failed";
    case RunStatus::Cancelled:
        return "cancelled";
    case RunStatus::Interrupted:
        return "interrupted";
    }
    return "queued";
}

std::optional<RunStatus> parseStatus(std::string_view text)
{
    for (RunStatus s : { RunStatus::Queued, RunStatus::Running, RunStatus::Done, RunStatus::Failed,
                         RunStatus::Cancelled, RunStatus::Interrupted })
        if (statusName(s) == text)
            return s;
    return std::nullopt;
}

std::string utcNow()
{
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm {};
    gmtime_r(&now, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

namespace {

std::string readFirstLine(const fs::path &file)
{
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    return line;
}

std::string hostName()
{
    char name[256] = {};
    ::gethostname(name, sizeof name - 1);
    return name;
}

/// Field 22 of /proc/<pid>/stat: the process's start time in clock ticks since boot.
std::string processStartTime(int64_t pid)
{
    const std::string stat = readFirstLine("/proc/" + std::to_string(pid) + "/stat");
    const auto close = stat.rfind(')');
    if (close == std::string::npos)
        return {};
    std::istringstream fields(stat.substr(close + 2));
    std::string field;
    for (int i = 3; i <= 22 && fields >> field; ++i)
        if (i == 22)
            return field;
    return {};
}

std::string tokenFor(int64_t pid)
{
    return hostName() + "|" + readFirstLine("/proc/sys/kernel/random/boot_id") + "|"
        + processStartTime(pid);
}

} // namespace

Owner Owner::current()
{
    const int64_t pid = ::getpid();
    return { pid, tokenFor(pid) };
}

bool Owner::alive() const
{
    if (pid <= 0)
        return false;
    if (!token.empty() && token.substr(0, token.find('|')) != hostName())
        return true; // another machine's process: assume it lives rather than steal its run
    if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno != EPERM)
        return false;
    return token.empty() || token == tokenFor(pid);
}

int Store::latestSchemaVersion()
{
    return static_cast<int>(migrations().size());
}

Store::Store(const fs::path &file, OpenOptions options)
    : m_file(file)
{
    const std::string name = file.string();
    const bool memory = name == ":memory:";
    if (!memory) {
        std::error_code ec;
        if (fs::is_directory(file, ec))
            throw StoreError("cannot open store '" + name
                             + "': it is a folder, expected a store file such as workspace.db");
        const fs::path parent = fs::absolute(file, ec).parent_path();
        if (!fs::is_directory(parent, ec))
            throw StoreError("cannot open store '" + name + "': the folder '" + parent.string()
                             + "' does not exist");
        if (options.readOnly && !fs::is_regular_file(file, ec))
            throw StoreError("store '" + name + "' does not exist");
    }
    try {
        const int flags = options.readOnly ? SQLite::OPEN_READONLY
                                           : SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE;
        m_db = std::make_unique<SQLite::Database>(name, flags, 5000);
        // Refuse a foreign or newer file before anything is written to it.
        checkSchema(*m_db, name);
        if (options.readOnly) {
            const int version = schemaVersion();
            if (version < latestSchemaVersion())
                throw StoreError(
                    "store '" + name + "' has schema version " + std::to_string(version)
                    + "; open it once with `prunescope-cli run` or the window to upgrade it to "
                    + std::to_string(latestSchemaVersion()));
            return;
        }
        if (!memory && m_db->execAndGet("PRAGMA journal_mode = WAL").getString() != "wal")
            throw StoreError("cannot open store '" + name
                             + "' in WAL mode (is its folder writable?)");
        m_db->exec("PRAGMA foreign_keys = ON");
        // FULL: a finished run's commit survives a power loss too, at one fsync per commit.
        m_db->exec("PRAGMA synchronous = FULL");
        migrate(*m_db, name,
                options.schemaVersion < 0 ? latestSchemaVersion() : options.schemaVersion);
    } catch (const SQLite::Exception &e) {
        throw StoreError("cannot open store '" + name + "': " + e.what()
                         + (e.getErrorCode() == SQLITE_CANTOPEN
                                ? " (does the folder exist, and may it be written?)"
                                : ""));
    }
}

Store::~Store() = default;

int Store::schemaVersion() const
{
    return m_db->execAndGet("PRAGMA user_version").getInt();
}

int64_t Store::dataVersion() const
{
    return m_db->execAndGet("PRAGMA data_version").getInt64();
}

fs::path Store::artifactsDir() const
{
    if (m_file == ":memory:")
        return fs::temp_directory_path()
            / ("prunescope-memory-" + std::to_string(::getpid()) + "-artifacts");
    return artifactsDirOf(m_file);
}

fs::path Store::artifactsDirOf(const fs::path &file)
{
    return fs::absolute(file).parent_path() / (file.stem().string() + "-artifacts");
}

std::vector<engine::ProtectedPath> Store::protectedPathsOf(const fs::path &file)
{
    if (file.empty() || file == ":memory:")
        return {};
    const std::string name = file.string();
    return { { file, "the workspace" },
             { name + "-wal", "the workspace's write-ahead log" },
             { name + "-shm", "the workspace's shared-memory index" },
             { name + "-journal", "the workspace's journal" },
             { artifactsDirOf(file), "the workspace's artifacts folder", true } };
}

int Store::recoverInterrupted()
{
    // One write transaction: a run another process claims meanwhile is not touched.
    SQLite::Transaction transaction(*m_db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement select(
        *m_db, "SELECT id, owner_pid, owner_token FROM runs WHERE status = 'running'");
    std::vector<int64_t> orphans;
    while (select.executeStep()) {
        const Owner owner { integer(select.getColumn(1)).value_or(0), text(select.getColumn(2)) };
        if (!owner.alive())
            orphans.push_back(select.getColumn(0).getInt64());
    }
    SQLite::Statement update(
        *m_db,
        "UPDATE runs SET status = 'interrupted', owner_pid = NULL, owner_token = NULL, "
        "error = 'interrupted: its process ended while it was running' "
        "WHERE id = ? AND status = 'running'");
    for (int64_t id : orphans) {
        update.bind(1, id);
        update.exec();
        update.reset();
    }
    transaction.commit();
    return static_cast<int>(orphans.size());
}

int64_t Store::addExperiment(const std::string &key, const std::string &name,
                             const std::string &specJson)
{
    SQLite::Statement insert(
        *m_db,
        "INSERT INTO experiments (spec_key, name, spec_json, created_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (spec_key) DO NOTHING");
    insert.bind(1, key);
    insert.bind(2, name);
    insert.bind(3, specJson);
    insert.bind(4, utcNow());
    insert.exec();
    SQLite::Statement select(*m_db, "SELECT id FROM experiments WHERE spec_key = ?");
    select.bind(1, key);
    select.executeStep();
    return select.getColumn(0).getInt64();
}

RunRow Store::registerRun(int64_t experimentId, int position, const NewRun &run)
{
    SQLite::Statement insert(
        *m_db,
        "INSERT INTO runs (run_key, group_key, curve_key, base_key, name, config_json, dataset, "
        "student_model, teacher_model, method, class_balanced, kept_fraction, kept_count, "
        "alpha, tau, seed, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?, 'queued', ?) ON CONFLICT (run_key) DO NOTHING");
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

bool Store::claimRun(int64_t runId, const std::vector<RunStatus> &from, const Owner &owner)
{
    const std::string allowed = statusList(from);
    SQLite::Transaction transaction(*m_db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement claim(
        *m_db,
        "UPDATE runs SET status = 'running', started_at = ?, finished_at = NULL, "
        "device = NULL, owner_pid = ?, owner_token = ?, error = NULL, "
        "test_accuracy = NULL, test_loss = NULL, steps = NULL, wall_seconds = NULL "
        "WHERE id = ? AND status IN ("
            + allowed + ")");
    claim.bind(1, utcNow());
    claim.bind(2, owner.pid);
    claim.bind(3, owner.token);
    claim.bind(4, runId);
    if (claim.exec() != 1)
        return false;
    for (const char *sql : { "DELETE FROM run_metrics WHERE run_id = ?",
                             "DELETE FROM run_subsets WHERE run_id = ?" }) {
        SQLite::Statement clear(*m_db, sql);
        clear.bind(1, runId);
        clear.exec();
    }
    transaction.commit();
    return true;
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
                     std::optional<int64_t> teacherId)
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
        "= NULL "
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
    q.bind(7, runId);
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

std::optional<int64_t> Store::nextPendingExperiment() const
{
    SQLite::Statement q(
        *m_db,
        "SELECT er.experiment_id FROM runs r JOIN experiment_runs er ON er.run_id = r.id "
        "WHERE r.status IN ('queued', 'interrupted') ORDER BY r.id, er.experiment_id LIMIT 1");
    if (!q.executeStep())
        return std::nullopt;
    return q.getColumn(0).getInt64();
}

std::optional<ExperimentRow> Store::experiment(int64_t experimentId) const
{
    SQLite::Statement q(*m_db,
                        "SELECT id, name, spec_json, created_at FROM experiments WHERE id = ?");
    q.bind(1, experimentId);
    if (!q.executeStep())
        return std::nullopt;
    return ExperimentRow { q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                           q.getColumn(2).getString(), q.getColumn(3).getString() };
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

std::vector<ExperimentRow> Store::experiments() const
{
    SQLite::Statement q(*m_db,
                        "SELECT id, name, spec_json, created_at FROM experiments ORDER BY id");
    std::vector<ExperimentRow> rows;
    while (q.executeStep())
        rows.push_back({ q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                         q.getColumn(2).getString(), q.getColumn(3).getString() });
    return rows;
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

std::optional<TeacherRow> Store::teacherByKey(const std::string &key) const
{
    SQLite::Statement q(
        *m_db, std::string("SELECT ") + kTeacherColumns + " FROM teachers WHERE teacher_key = ?");
    q.bind(1, key);
    if (!q.executeStep())
        return std::nullopt;
    return readTeacher(q);
}

std::vector<TeacherRow> Store::teachers() const
{
    SQLite::Statement q(*m_db,
                        std::string("SELECT ") + kTeacherColumns + " FROM teachers ORDER BY id");
    std::vector<TeacherRow> rows;
    while (q.executeStep())
        rows.push_back(readTeacher(q));
    return rows;
}

int64_t Store::saveTeacher(const TeacherRow &t)
{
    SQLite::Statement q(
        *m_db,
        "INSERT INTO teachers (teacher_key, identity_json, model, dataset, checkpoint, sha256, "
        "test_accuracy, test_loss, train_seconds, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
        "?, ?) ON CONFLICT (teacher_key) DO UPDATE SET checkpoint = excluded.checkpoint, "
        "sha256 = excluded.sha256, test_accuracy = excluded.test_accuracy, "
        "test_loss = excluded.test_loss, train_seconds = excluded.train_seconds, "
        "created_at = excluded.created_at");
    q.bind(1, t.key);
    q.bind(2, t.identityJson);
    q.bind(3, t.model);
    q.bind(4, t.dataset);
    q.bind(5, t.checkpoint);
    q.bind(6, t.sha256);
    bindOptional(q, 7, t.testAccuracy);
    bindOptional(q, 8, t.testLoss);
    q.bind(9, t.trainSeconds);
    q.bind(10, t.createdAt.empty() ? utcNow() : t.createdAt);
    q.exec();
    return teacherByKey(t.key)->id;
}

namespace {

constexpr const char *kScoreColumns = "id, score_key, identity_json, method, dataset, fingerprint, "
                                      "higher_is_harder, length, seconds, created_at";

ScoreRow readScoreRow(SQLite::Statement &q)
{
    ScoreRow r;
    r.id = q.getColumn(0).getInt64();
    r.key = q.getColumn(1).getString();
    r.identityJson = q.getColumn(2).getString();
    r.method = q.getColumn(3).getString();
    r.dataset = q.getColumn(4).getString();
    r.fingerprint = q.getColumn(5).getString();
    r.higherIsHarder = q.getColumn(6).getInt() != 0;
    r.count = q.getColumn(7).getInt64();
    r.seconds = q.getColumn(8).getDouble();
    r.createdAt = q.getColumn(9).getString();
    return r;
}

} // namespace

int64_t Store::saveScores(const ScoreRow &row, const std::vector<double> &values)
{
    SQLite::Statement q(
        *m_db,
        "INSERT INTO scores (score_key, identity_json, method, dataset, fingerprint, "
        "higher_is_harder, dtype, length, data, seconds, created_at) VALUES (?, ?, ?, ?, ?, ?, "
        "'float64', ?, ?, ?, ?) ON CONFLICT (score_key) DO UPDATE SET data = excluded.data, "
        "length = excluded.length, seconds = excluded.seconds, created_at = excluded.created_at");
    q.bind(1, row.key);
    q.bind(2, row.identityJson);
    q.bind(3, row.method);
    q.bind(4, row.dataset);
    q.bind(5, row.fingerprint);
    q.bind(6, row.higherIsHarder ? 1 : 0);
    q.bind(7, static_cast<int64_t>(values.size()));
    q.bind(8, values.data(), static_cast<int>(values.size() * sizeof(double)));
    q.bind(9, row.seconds);
    q.bind(10, row.createdAt.empty() ? utcNow() : row.createdAt);
    q.exec();
    return scoresByKey(row.key)->id;
}

std::optional<ScoreRow> Store::scoresByKey(const std::string &key) const
{
    SQLite::Statement q(
        *m_db, std::string("SELECT ") + kScoreColumns + " FROM scores WHERE score_key = ?");
    q.bind(1, key);
    if (!q.executeStep())
        return std::nullopt;
    return readScoreRow(q);
}

std::vector<ScoreRow> Store::scoreRows(const std::string &method) const
{
    SQLite::Statement q(*m_db,
                        std::string("SELECT ") + kScoreColumns
                            + " FROM scores WHERE ? = '' OR method = ? ORDER BY id");
    q.bind(1, method);
    q.bind(2, method);
    std::vector<ScoreRow> rows;
    while (q.executeStep())
        rows.push_back(readScoreRow(q));
    return rows;
}

std::vector<double> Store::scoreValues(int64_t scoreId) const
{
    SQLite::Statement q(*m_db, "SELECT dtype, length, data FROM scores WHERE id = ?");
    q.bind(1, scoreId);
    if (!q.executeStep())
        throw StoreError("store '" + m_file.string() + "' has no score with id "
                         + std::to_string(scoreId));
    const std::string dtype = q.getColumn(0).getString();
    const int64_t length = q.getColumn(1).getInt64();
    const SQLite::Column blob = q.getColumn(2);
    if (dtype != "float64" || blob.getBytes() != length * static_cast<int64_t>(sizeof(double)))
        throw StoreError("store '" + m_file.string() + "': score " + std::to_string(scoreId)
                         + " is damaged (dtype " + dtype + ", " + std::to_string(blob.getBytes())
                         + " bytes for " + std::to_string(length) + " values)");
    std::vector<double> values(static_cast<size_t>(length));
    std::memcpy(values.data(), blob.getBlob(), values.size() * sizeof(double));
    return values;
}

} // namespace storage
