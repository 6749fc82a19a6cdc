#pragma once

// How store rows are read from and bound to SQLite statements: the column lists and converters
// every part of the store shares. Internal to storage.

#include "storage/run_row.h"

#include <SQLiteCpp/Statement.h>
#include <optional>
#include <string>
#include <vector>

namespace storage::rows {

extern const char *const kRunColumns;
extern const char *const kTeacherColumns;
extern const char *const kScoreColumns;

std::string text(const SQLite::Column &c);
std::optional<double> real(const SQLite::Column &c);
std::optional<int64_t> integer(const SQLite::Column &c);
void bindOptional(SQLite::Statement &q, int index, std::optional<double> value);
void bindOptionalText(SQLite::Statement &q, int index, const std::string &value);
RunRow readRun(SQLite::Statement &q);
TeacherRow readTeacher(SQLite::Statement &q);
ScoreRow readScoreRow(SQLite::Statement &q);
/// "'queued', 'failed'": statuses for an IN (...) clause.
std::string statusList(const std::vector<RunStatus> &statuses);

} // namespace storage::rows
