#include "storage/store.h"

#include "engine/experiment/observer.h"
#include "storage/migrations.h"
#include "storage/store_error.h"
#include "storage/store_rows.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

namespace storage {

namespace fs = std::filesystem;
using namespace rows;

namespace {

/// Whether a read-only connection can read the file (false when the WAL index cannot be made).
bool canReadWal(SQLite::Database &db)
{
    try {
        db.execAndGet("SELECT count(*) FROM sqlite_master");
        return true;
    } catch (const SQLite::Exception &e) {
        return e.getErrorCode() != SQLITE_CANTOPEN && (e.getErrorCode() & 0xff) != SQLITE_READONLY;
    }
}

} // namespace

std::string utcNow()
{
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm {};
    gmtime_r(&now, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
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
    const int targetVersion
        = options.schemaVersion < 0 ? latestSchemaVersion() : options.schemaVersion;
    if (!memory && !options.readOnly) {
        std::error_code ec;
        if (!fs::exists(file, ec))
            createAtomically(file, targetVersion);
    }
    try {
        const int flags = options.readOnly ? SQLite::OPEN_READONLY
                                           : SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE;
        m_db = std::make_unique<SQLite::Database>(name, flags, 5000);
        if (options.readOnly && !memory && !canReadWal(*m_db)) {
            // A read-only folder (a mounted archive, a read-only file system): SQLite cannot
            // create the WAL index beside the file, so the file is read as it is, unchanging.
            m_db = std::make_unique<SQLite::Database>(
                "file:" + fs::absolute(file).string() + "?immutable=1",
                SQLite::OPEN_READONLY | SQLite::OPEN_URI, 5000);
        }
        if (!options.readOnly && !memory && sqlite3_db_readonly(m_db->getHandle(), "main") == 1)
            throw StoreError("cannot write store '" + name
                             + "': the file is read-only (its permissions, an immutable "
                               "attribute or a read-only file system); `prunescope-cli results "
                             + name + "` reads it");
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
        migrate(*m_db, name, targetVersion);
    } catch (const SQLite::Exception &e) {
        throw StoreError("cannot open store '" + name + "': " + e.what()
                         + (e.getErrorCode() == SQLITE_CANTOPEN
                                ? " (does the folder exist, and may it be written?)"
                                : (e.getErrorCode() & 0xff) == SQLITE_IOERR ? " (is the disk full?)"
                                                                            : ""));
    }
}

void Store::createAtomically(const fs::path &file, int schemaVersion)
{
    // A new store is made complete (WAL mode, every migration) under a name of this process's own
    // and linked into place, so no process ever opens a half-made store, two processes creating
    // one at once end with the same file, and a failure (a full disk) leaves nothing behind.
    const std::string name = file.string();
    std::string temporary
        = (fs::absolute(file).parent_path() / ("." + file.filename().string() + ".new-XXXXXX"))
              .string();
    const int fd = ::mkstemp(temporary.data());
    if (fd < 0)
        throw StoreError("cannot create store '" + name + "': " + std::strerror(errno)
                         + " (may its folder be written?)");
    // mkstemp makes the file private (0600); the store gets what a plain open would give it.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);
    ::close(fd);
    const auto removeTemporary = [&] {
        for (const char *suffix : { "", "-wal", "-shm", "-journal" })
            ::unlink((temporary + suffix).c_str());
    };
    try {
        {
            SQLite::Database db(temporary, SQLite::OPEN_READWRITE, 5000);
            if (db.execAndGet("PRAGMA journal_mode = WAL").getString() != "wal")
                throw StoreError("cannot create store '" + name + "' in WAL mode");
            db.exec("PRAGMA synchronous = FULL");
            migrate(db, name, schemaVersion);
        } // closing checkpoints the WAL into the file and removes it
        const int sync = ::open(temporary.c_str(), O_RDONLY | O_CLOEXEC);
        if (sync >= 0) {
            ::fsync(sync);
            ::close(sync);
        }
        if (::link(temporary.c_str(), name.c_str()) != 0 && errno != EEXIST)
            throw StoreError("cannot create store '" + name + "': " + std::strerror(errno));
    } catch (const SQLite::Exception &e) {
        removeTemporary();
        throw StoreError(
            "cannot create store '" + name + "': " + e.what()
            + ((e.getErrorCode() & 0xff) == SQLITE_IOERR || e.getErrorCode() == SQLITE_FULL
                   ? " (is the disk full?)"
                   : ""));
    } catch (...) {
        removeTemporary();
        throw;
    }
    removeTemporary(); // the store now has its own name (or another process's store won)
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

} // namespace storage
