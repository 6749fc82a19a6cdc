#pragma once

#include "engine/core/output_path.h"
#include "storage/run_row.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace SQLite {
class Database;
}

namespace engine {
struct EvalMetrics;
}

namespace storage {

/// A run as first registered: its identity and the columns the results are grouped by.
struct NewRun
{
    std::string key;
    std::string groupKey;
    std::string curveKey;
    std::string baseKey;
    std::string name;
    std::string configJson;
    std::string dataset;
    std::string studentModel;
    std::string teacherModel;
    std::string method;
    bool classBalanced = false;
    double fraction = 0;
    int64_t keptCount = 0;
    double alpha = 0;
    std::optional<double> tau;
    int64_t seed = 0;
    std::string scoreKey; ///< the stored score it selects on (its key); empty for none
};

struct ExperimentRow
{
    int64_t id = 0;
    std::string name;
    std::string specJson;
    std::string createdAt;
};

/// One metric row of a run: an evaluation point.
struct MetricRow
{
    int64_t step = 0;
    double epoch = 0;
    std::optional<double> trainLoss, trainAccuracy, testLoss, testAccuracy, lr, elapsedSeconds;
};

/// The process that runs a run: its id, and a token (host, boot, process start time) that tells
/// it from a later process that reuses the id.
struct Owner
{
    int64_t pid = 0;
    std::string token;

    static Owner current();
    /// False when the process has ended; true when it lives, or runs on another host (unknowable).
    bool alive() const;
};

struct OpenOptions
{
    bool readOnly = false; ///< no migration and no writes; an older store is refused with advice
    int schemaVersion = -1; ///< migrate up to this version (tests); −1 = the latest
};

/// One workspace: an SQLite file (WAL, foreign keys on, schema migrated forward on open) and an
/// artifacts folder beside it for checkpoints. Every statement is prepared with bound values.
/// One Store per thread: the worker writes through its own, the GUI reads through another.
class Store
{
public:
    /// Opens or creates the store; ":memory:" gives a private in-memory store. Throws StoreError
    /// naming the file when it cannot be opened, is not a store, or is newer than this build.
    explicit Store(const std::filesystem::path &file, OpenOptions options = {});
    ~Store();
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    static int latestSchemaVersion();
    int schemaVersion() const;
    /// Changes whenever another connection (the worker, a command-line run) commits to the file.
    int64_t dataVersion() const;
    const std::filesystem::path &file() const { return m_file; }
    /// "<store stem>-artifacts" beside the store file.
    std::filesystem::path artifactsDir() const;
    /// The artifacts folder of the store file `file` (teacher checkpoints, decoded image caches),
    /// known before the store is opened.
    static std::filesystem::path artifactsDirOf(const std::filesystem::path &file);
    /// What no export may replace or write into: the store file, its WAL, shared-memory and
    /// journal files, and its artifacts folder (empty for ":memory:").
    static std::vector<engine::ProtectedPath> protectedPathsOf(const std::filesystem::path &file);
    /// Where image-folder datasets keep their decoded tensors for this store.
    std::filesystem::path decodedCacheDir() const { return artifactsDir() / "decoded"; }
    SQLite::Database &database() { return *m_db; }

    /// Runs left `running` by a process that no longer exists become `interrupted`; returns how
    /// many. soleWriter: this process is the only one that ever writes the store (a cluster task's
    /// shard), so every run left running was interrupted, even one owned on another host (a task
    /// requeued to another node).
    int recoverInterrupted(bool soleWriter = false);

    /// The experiment with that key, created if new; returns its id.
    int64_t addExperiment(const std::string &key, const std::string &name,
                          const std::string &specJson);
    /// The run with that key (created as queued if new), linked to the experiment at position.
    RunRow registerRun(int64_t experimentId, int position, const NewRun &run);
    /// Marks a pending run queued again (a rerun picks up failed, cancelled, interrupted runs).
    void requeue(int64_t runId);
    /// Atomically takes a run whose status is one of from: it becomes running, owned by owner, and
    /// what an earlier attempt wrote is cleared. False when another process took it first or its
    /// status changed.
    bool claimRun(int64_t runId, const std::vector<RunStatus> &from, const Owner &owner);
    void setRunDevice(int64_t runId, const std::string &device);
    void addMetrics(int64_t runId, const engine::EvalMetrics &metrics);
    /// done, with its final figures and kept indices, in one transaction.
    void markDone(int64_t runId, const engine::EvalMetrics &final, const std::vector<int64_t> &kept,
                  int64_t steps, double seconds, std::optional<int64_t> teacherId,
                  std::optional<double> flops = std::nullopt);
    void markEnded(int64_t runId, RunStatus status, const std::string &error);

    /// The experiment of the oldest run still waiting (queued or interrupted), if any.
    std::optional<int64_t> nextPendingExperiment() const;
    std::optional<ExperimentRow> experiment(int64_t experimentId) const;
    /// Sets the status of those runs whose status is one of from (the queue's cancel and retry
    /// never touch a finished or running run); returns the ids changed.
    std::vector<int64_t> setStatus(const std::vector<int64_t> &runIds, RunStatus status,
                                   const std::string &note, const std::vector<RunStatus> &from);
    /// Deletes runs that are not running, with their metrics and subsets.
    void removeRuns(const std::vector<int64_t> &runIds);

    std::vector<ExperimentRow> experiments() const;
    std::vector<RunRow> runs() const;
    std::vector<RunRow> experimentRuns(int64_t experimentId) const;
    std::optional<RunRow> run(int64_t runId) const;
    std::vector<MetricRow> metrics(int64_t runId) const;
    std::vector<int64_t> keptIndices(int64_t runId) const;

    std::optional<TeacherRow> teacherByKey(const std::string &key) const;
    std::vector<TeacherRow> teachers() const;
    /// Inserts or replaces the teacher with row.key; returns its id.
    int64_t saveTeacher(const TeacherRow &row);

    /// Inserts or replaces the score with row.key (values as float64); returns its id.
    int64_t saveScores(const ScoreRow &row, const std::vector<double> &values);
    std::optional<ScoreRow> scoresByKey(const std::string &key) const;
    /// Every stored score, oldest first, optionally only one method's.
    std::vector<ScoreRow> scoreRows(const std::string &method = {}) const;
    /// The values of a stored score; throws StoreError when the blob is damaged.
    std::vector<double> scoreValues(int64_t scoreId) const;

private:
    /// Makes a new store file complete under a temporary name and links it into place.
    static void createAtomically(const std::filesystem::path &file, int schemaVersion);

    std::vector<RunRow> queryRuns(const std::string &where, int64_t parameter) const;

    std::filesystem::path m_file;
    std::unique_ptr<SQLite::Database> m_db;
};

/// Current UTC time as ISO 8601 ("2026-11-28T18:20:05Z").
std::string utcNow();

} // namespace storage
