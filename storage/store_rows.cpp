#include "storage/store_rows.h"

#include <SQLiteCpp/Column.h>
#include <cmath>

namespace storage::rows {

const char *const kRunColumns
    = "id, run_key, group_key, curve_key, name, config_json, dataset, student_model, "
      "teacher_model, method, class_balanced, kept_fraction, "
      "kept_count, alpha, tau, seed, status, created_at, started_at, "
      "finished_at, device, error, test_accuracy, "
      "test_loss, steps, wall_seconds, teacher_id, owner_pid, owner_token, base_key, "
      "validation_accuracy, validation_loss";

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
    r.validationAccuracy = real(q.getColumn(30));
    r.validationLoss = real(q.getColumn(31));
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
    t.validationAccuracy = real(q.getColumn(11));
    t.validationLoss = real(q.getColumn(12));
    t.trainFlops = real(q.getColumn(13));
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

const char *const kTeacherColumns
    = "id, teacher_key, identity_json, model, dataset, checkpoint, sha256, "
      "test_accuracy, test_loss, train_seconds, created_at, validation_accuracy, validation_loss, "
      "train_flops";

const char *const kScoreColumns = "id, score_key, identity_json, method, dataset, fingerprint, "
                                  "higher_is_harder, length, seconds, created_at, flops";

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
    r.flops = real(q.getColumn(10));
    return r;
}

} // namespace storage::rows
