#pragma once

#include <string_view>
#include <vector>

namespace SQLite {
class Database;
}

namespace storage {

/// Forward migrations: entry k (0-based) takes a store from schema version k to k + 1.
/// Released entries are never edited; a schema change appends one.
const std::vector<std::string_view> &migrations();

/// Throws StoreError, changing nothing, for a store newer than this build or a foreign database.
void checkSchema(SQLite::Database &db, const std::string &file);

/// Applies the migrations a store at its PRAGMA user_version still needs, each in its own
/// transaction. Throws StoreError for a store newer than this build.
void migrate(SQLite::Database &db, const std::string &file, int upTo);

} // namespace storage
