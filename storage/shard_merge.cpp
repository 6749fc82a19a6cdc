#include "storage/shard_merge.h"

#include "storage/artifact_copy.h"
#include "storage/store.h"
#include "storage/store_error.h"
#include "storage/store_rows.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <cstdio>
#include <set>

namespace storage {

namespace fs = std::filesystem;
using namespace rows;

namespace {

/// The columns of a table in the workspace, but those the merge maps itself. The shard has the
/// same schema version, so the same columns.
std::string columnsOf(SQLite::Database &db, const std::string &table,
                      const std::set<std::string> &except)
{
    SQLite::Statement q(db, "SELECT name FROM pragma_table_info(?) ORDER BY cid");
    q.bind(1, table);
    std::string list;
    while (q.executeStep()) {
        const std::string name = q.getColumn(0).getString();
        if (except.count(name))
            continue;
        list += (list.empty() ? "" : ", ") + name;
    }
    return list;
}

std::set<std::string> fingerprints(SQLite::Database &db, const std::string &schema)
{
    SQLite::Statement q(db,
                        "SELECT DISTINCT json_extract(config_json, '$.dataset.fingerprint') "
                        "FROM "
                            + schema + ".runs");
    std::set<std::string> found;
    while (q.executeStep())
        if (!q.getColumn(0).isNull())
            found.insert(q.getColumn(0).getString());
    return found;
}

/// A shard's runs must be on data the workspace's runs are on: a shard of another dataset, or of
/// the same files changed since, would put incomparable runs beside each other.
void checkSameData(SQLite::Database &db, const std::string &shardName)
{
    const auto inShard = fingerprints(db, "shard");
    const auto inWorkspace = fingerprints(db, "main");
    if (inShard.empty() || inWorkspace.empty())
        return;
    for (const auto &f : inShard)
        if (inWorkspace.count(f))
            return;
    SQLite::Statement names(db,
                            "SELECT (SELECT group_concat(DISTINCT dataset) FROM shard.runs), "
                            "(SELECT group_concat(DISTINCT dataset) FROM main.runs)");
    names.executeStep();
    throw StoreError("shard '" + shardName + "' holds runs on " + names.getColumn(0).getString()
                     + " (content " + inShard.begin()->substr(0, 12)
                     + "…), and the workspace only runs on " + names.getColumn(1).getString()
                     + " (content " + inWorkspace.begin()->substr(0, 12)
                     + "…): another dataset, or the same files changed; merge it into a "
                       "workspace of its dataset");
}

std::string percent(const SQLite::Column &c)
{
    if (c.isNull())
        return "none";
    char text[32];
    std::snprintf(text, sizeof text, "%.4f %%", c.getDouble() * 100);
    return text;
}

/// Detaches the shard however the merge ends.
struct Attached
{
    SQLite::Database &db;
    ~Attached()
    {
        try {
            db.exec("DETACH DATABASE shard");
        } catch (...) { }
    }
};

} // namespace

MergeReport mergeShard(Store &workspace, const fs::path &shardFile)
{
    MergeReport report;
    report.shard = shardFile;
    const std::string name = shardFile.string();
    std::error_code ec;
    if (fs::equivalent(shardFile, workspace.file(), ec))
        throw StoreError("'" + name + "' is the workspace itself; give the shards to merge");
    // Opening it read-only checks it is a store of this schema version (a newer or older one is
    // refused with advice) and reads a task's last commits from its WAL if it was killed.
    Store shard(shardFile, OpenOptions { .readOnly = true });
    if (shard.schemaVersion() != workspace.schemaVersion())
        throw StoreError("shard '" + name + "' has schema version "
                         + std::to_string(shard.schemaVersion()) + ", the workspace "
                         + std::to_string(workspace.schemaVersion()));

    SQLite::Database &db = workspace.database();
    {
        SQLite::Statement attach(db, "ATTACH DATABASE ? AS shard");
        attach.bind(1, fs::absolute(shardFile).string());
        attach.exec();
    }
    Attached detach { db };
    checkSameData(db, name);

    SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
    const CopiedArtifacts artifacts = copyArtifacts(shard, workspace);
    report.teachers = artifacts.teachers;
    report.scores = artifacts.scores;
    db.exec("INSERT INTO main.experiments (spec_key, name, spec_json, created_at) "
            "SELECT spec_key, name, spec_json, created_at FROM shard.experiments "
            "WHERE spec_key NOT IN (SELECT spec_key FROM main.experiments) ORDER BY id");

    const std::string runColumns = columnsOf(db, "runs", { "id", "teacher_id" });
    const std::string metricColumns = columnsOf(db, "run_metrics", { "run_id" });
    const std::string subsetColumns = columnsOf(db, "run_subsets", { "run_id" });
    const std::string teacherOf
        = "(SELECT w.id FROM main.teachers w JOIN shard.teachers t ON t.teacher_key = "
          "w.teacher_key WHERE t.id = (SELECT teacher_id FROM shard.runs WHERE id = ?1))";
    SQLite::Statement insertRun(db,
                                "INSERT INTO main.runs (" + runColumns + ", teacher_id) SELECT "
                                    + runColumns + ", " + teacherOf
                                    + " FROM shard.runs WHERE id = ?1");
    SQLite::Statement updateRun(db,
                                "UPDATE main.runs SET (" + runColumns + ") = (SELECT " + runColumns
                                    + " FROM shard.runs WHERE id = ?1), "
                                    + "teacher_id = " + teacherOf + " WHERE id = ?2");
    SQLite::Statement clearMetrics(db, "DELETE FROM main.run_metrics WHERE run_id = ?");
    SQLite::Statement clearSubset(db, "DELETE FROM main.run_subsets WHERE run_id = ?");
    SQLite::Statement copyMetrics(db,
                                  "INSERT INTO main.run_metrics (run_id, " + metricColumns
                                      + ") SELECT ?2, " + metricColumns
                                      + " FROM shard.run_metrics WHERE run_id = ?1");
    SQLite::Statement copySubset(db,
                                 "INSERT INTO main.run_subsets (run_id, " + subsetColumns
                                     + ") SELECT ?2, " + subsetColumns
                                     + " FROM shard.run_subsets WHERE run_id = ?1");
    SQLite::Statement link(
        db,
        "INSERT OR IGNORE INTO main.experiment_runs (experiment_id, run_id, position) "
        "SELECT me.id, ?2, er.position FROM shard.experiment_runs er "
        "JOIN shard.experiments se ON se.id = er.experiment_id "
        "JOIN main.experiments me ON me.spec_key = se.spec_key WHERE er.run_id = ?1");

    SQLite::Statement unfinished(db, "SELECT count(*) FROM shard.runs WHERE status <> 'done'");
    unfinished.executeStep();
    report.unfinished = unfinished.getColumn(0).getInt();

    // Same result: the same final figures and the same kept subset.
    SQLite::Statement finished(
        db,
        "SELECT s.id, s.name, s.run_key, m.id, m.status, m.owner_pid, m.owner_token, "
        "s.test_accuracy, m.test_accuracy, "
        "(s.test_accuracy IS m.test_accuracy AND s.test_loss IS m.test_loss "
        " AND s.validation_accuracy IS m.validation_accuracy AND s.steps IS m.steps "
        " AND (SELECT data FROM shard.run_subsets WHERE run_id = s.id) "
        "     IS (SELECT data FROM main.run_subsets WHERE run_id = m.id)) "
        "FROM shard.runs s LEFT JOIN main.runs m ON m.run_key = s.run_key "
        "WHERE s.status = 'done' ORDER BY s.id");
    const auto copyDetails = [&](int64_t from, int64_t to) {
        for (SQLite::Statement *q : { &clearMetrics, &clearSubset }) {
            q->bind(1, to);
            q->exec();
            q->reset();
        }
        for (SQLite::Statement *q : { &copyMetrics, &copySubset }) {
            q->bind(1, from);
            q->bind(2, to);
            q->exec();
            q->reset();
        }
    };
    while (finished.executeStep()) {
        const int64_t shardId = finished.getColumn(0).getInt64();
        const std::string runName = finished.getColumn(1).getString();
        int64_t target = 0;
        if (finished.getColumn(3).isNull()) {
            insertRun.bind(1, shardId);
            insertRun.exec();
            insertRun.reset();
            target = db.getLastInsertRowid();
            copyDetails(shardId, target);
            ++report.added;
        } else {
            target = finished.getColumn(3).getInt64();
            const std::string status = finished.getColumn(4).getString();
            if (status == "done") {
                if (finished.getColumn(9).getInt() == 0)
                    report.conflicts.push_back(
                        runName + " (" + finished.getColumn(2).getString().substr(0, 12)
                        + "…): test accuracy " + percent(finished.getColumn(8))
                        + " in the workspace, " + percent(finished.getColumn(7))
                        + " in the shard; the workspace's is kept");
                else
                    ++report.unchanged;
            } else if (status == "running"
                       && Owner { integer(finished.getColumn(5)).value_or(0),
                                  text(finished.getColumn(6)) }
                              .alive()) {
                report.runningHere.push_back(runName);
                continue;
            } else {
                updateRun.bind(1, shardId);
                updateRun.bind(2, target);
                updateRun.exec();
                updateRun.reset();
                copyDetails(shardId, target);
                ++report.completed;
            }
        }
        link.bind(1, shardId);
        link.bind(2, target);
        link.exec();
        link.reset();
    }
    transaction.commit();
    return report;
}

} // namespace storage
