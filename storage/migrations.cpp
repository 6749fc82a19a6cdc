#include "storage/migrations.h"

#include "storage/store_error.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <regex>
#include <string>

namespace storage {

const std::vector<std::string_view> &migrations()
{
    static const std::vector<std::string_view> list = {
        // 1: experiments, runs, their metrics and kept subsets.
        R"sql(
        CREATE TABLE experiments (
            id INTEGER PRIMARY KEY,
            spec_key TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            spec_json TEXT NOT NULL,
            created_at TEXT NOT NULL);
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            run_key TEXT NOT NULL UNIQUE,
            group_key TEXT NOT NULL,
            curve_key TEXT NOT NULL,
            base_key TEXT NOT NULL,
            name TEXT NOT NULL,
            config_json TEXT NOT NULL,
            dataset TEXT NOT NULL,
            student_model TEXT NOT NULL,
            teacher_model TEXT,
            method TEXT NOT NULL,
            class_balanced INTEGER NOT NULL,
            kept_fraction REAL NOT NULL,
            kept_count INTEGER NOT NULL,
            alpha REAL NOT NULL,
            tau REAL,
            seed INTEGER NOT NULL,
            status TEXT NOT NULL DEFAULT 'queued'
                CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled', 'interrupted')),
            created_at TEXT NOT NULL,
            started_at TEXT,
            finished_at TEXT,
            device TEXT,
            owner_pid INTEGER,
            owner_token TEXT,
            error TEXT,
            test_accuracy REAL,
            test_loss REAL,
            steps INTEGER,
            wall_seconds REAL);
        CREATE INDEX runs_by_group ON runs (group_key);
        CREATE TABLE experiment_runs (
            experiment_id INTEGER NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            PRIMARY KEY (experiment_id, run_id));
        CREATE TABLE run_metrics (
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            step INTEGER NOT NULL,
            epoch REAL NOT NULL,
            train_loss REAL,
            train_accuracy REAL,
            test_loss REAL,
            test_accuracy REAL,
            lr REAL,
            elapsed_seconds REAL,
            PRIMARY KEY (run_id, step));
        CREATE TABLE run_subsets (
            run_id INTEGER PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
            dtype TEXT NOT NULL,
            length INTEGER NOT NULL,
            data BLOB NOT NULL);
        )sql",
        // 2: the teacher cache (checkpoint files beside the store, with their SHA-256).
        R"sql(
        CREATE TABLE teachers (
            id INTEGER PRIMARY KEY,
            teacher_key TEXT NOT NULL UNIQUE,
            identity_json TEXT NOT NULL,
            model TEXT NOT NULL,
            dataset TEXT NOT NULL,
            checkpoint TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            test_accuracy REAL,
            test_loss REAL,
            train_seconds REAL NOT NULL,
            created_at TEXT NOT NULL);
        ALTER TABLE runs ADD COLUMN teacher_id INTEGER REFERENCES teachers (id) ON DELETE SET NULL;
        )sql",
        // 3: pruning scores, computed once per (dataset, method, settings, seed) and shared.
        R"sql(
        CREATE TABLE scores (
            id INTEGER PRIMARY KEY,
            score_key TEXT NOT NULL UNIQUE,
            identity_json TEXT NOT NULL,
            method TEXT NOT NULL,
            dataset TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            higher_is_harder INTEGER NOT NULL,
            dtype TEXT NOT NULL,
            length INTEGER NOT NULL,
            data BLOB NOT NULL,
            seconds REAL NOT NULL,
            created_at TEXT NOT NULL);
        )sql",
        // 4: accuracy on the validation split held out of the training set, which every "best"
        // is chosen on (NULL for runs and teachers stored before, or trained without one).
        R"sql(
        ALTER TABLE runs ADD COLUMN validation_accuracy REAL;
        ALTER TABLE runs ADD COLUMN validation_loss REAL;
        ALTER TABLE teachers ADD COLUMN validation_accuracy REAL;
        ALTER TABLE teachers ADD COLUMN validation_loss REAL;
        )sql",
        // 5: what each run cost (nominal FLOPs; the seconds were there), and which stored score
        // it selected on, so a shared score's cost can be divided among the runs that use it.
        // NULL for what was trained before: its compute is unknown, never guessed.
        R"sql(
        ALTER TABLE runs ADD COLUMN student_flops REAL;
        ALTER TABLE runs ADD COLUMN score_key TEXT;
        ALTER TABLE teachers ADD COLUMN train_flops REAL;
        ALTER TABLE scores ADD COLUMN flops REAL;
        CREATE INDEX runs_by_teacher ON runs (teacher_id);
        CREATE INDEX runs_by_score ON runs (score_key);
        )sql",
    };
    return list;
}

void checkSchema(SQLite::Database &db, const std::string &file)
{
    const int latest = static_cast<int>(migrations().size());
    const int version = db.execAndGet("PRAGMA user_version").getInt();
    if (version > latest)
        throw StoreError("store '" + file + "' has schema version " + std::to_string(version)
                         + ", newer than this Prunescope understands (" + std::to_string(latest)
                         + "); open it with a newer Prunescope or choose another store");
    if (version < 0)
        throw StoreError("store '" + file + "' has an invalid schema version "
                         + std::to_string(version));
    if (version == 0 && db.execAndGet("SELECT count(*) FROM sqlite_master").getInt() > 0)
        throw StoreError(
            "'" + file
            + "' is an SQLite database but not a Prunescope store (it has tables and no "
              "Prunescope schema version); choose another file");
    // Every table the migrations up to this version created must be there: a store damaged or
    // edited by hand is refused at open, not by an SQL error in the middle of a command.
    static const std::regex createTable(R"(CREATE TABLE (\w+))");
    for (int k = 0; k < version; ++k) {
        const std::string sql(migrations()[size_t(k)]);
        for (std::sregex_iterator it(sql.begin(), sql.end(), createTable), end; it != end; ++it) {
            SQLite::Statement q(db,
                                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
                                "name = ?");
            q.bind(1, (*it)[1].str());
            q.executeStep();
            if (q.getColumn(0).getInt() == 0)
                throw StoreError("'" + file
                                 + "' is not a complete Prunescope store: it has schema "
                                   "version "
                                 + std::to_string(version) + " but no table " + (*it)[1].str()
                                 + " (damaged or edited by hand); restore it from a copy");
        }
    }
}

void migrate(SQLite::Database &db, const std::string &file, int upTo)
{
    const int target = std::min(upTo, static_cast<int>(migrations().size()));
    for (;;) {
        // IMMEDIATE takes the write lock before the version is read, so two processes opening a
        // new store at once migrate it once.
        SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
        checkSchema(db, file);
        const int version = db.execAndGet("PRAGMA user_version").getInt();
        if (version >= target)
            return;
        db.exec(std::string(migrations()[version]));
        db.exec("PRAGMA user_version = " + std::to_string(version + 1));
        transaction.commit();
    }
}

} // namespace storage
