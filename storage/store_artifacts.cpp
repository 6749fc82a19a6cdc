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
        "test_accuracy, test_loss, train_seconds, created_at, validation_accuracy, "
        "validation_loss, train_flops) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (teacher_key) DO UPDATE SET "
        "checkpoint = excluded.checkpoint, sha256 = excluded.sha256, "
        "test_accuracy = excluded.test_accuracy, test_loss = excluded.test_loss, "
        "train_seconds = excluded.train_seconds, created_at = excluded.created_at, "
        "validation_accuracy = excluded.validation_accuracy, "
        "validation_loss = excluded.validation_loss, train_flops = excluded.train_flops");
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
    bindOptional(q, 11, t.validationAccuracy);
    bindOptional(q, 12, t.validationLoss);
    bindOptional(q, 13, t.trainFlops);
    q.exec();
    return teacherByKey(t.key)->id;
}

int64_t Store::saveScores(const ScoreRow &row, const std::vector<double> &values)
{
    SQLite::Statement q(
        *m_db,
        "INSERT INTO scores (score_key, identity_json, method, dataset, fingerprint, "
        "higher_is_harder, dtype, length, data, seconds, created_at, flops) VALUES (?, ?, ?, ?, "
        "?, ?, 'float64', ?, ?, ?, ?, ?) ON CONFLICT (score_key) DO UPDATE SET data = "
        "excluded.data, length = excluded.length, seconds = excluded.seconds, created_at = "
        "excluded.created_at, flops = excluded.flops");
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
    bindOptional(q, 11, row.flops);
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
