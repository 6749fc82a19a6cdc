#pragma once

#include "engine/core/errors.h"

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace engine {

/// Reads the fields of one JSON object, recording a Problem (with the field's path) for every
/// wrong type, bad value and, in finish(), every field nobody asked for.
class JsonObjectReader
{
public:
    JsonObjectReader(const nlohmann::json &object, std::string path,
                     std::vector<Problem> &problems);

    bool has(const std::string &key) const;
    std::string field(const std::string &key) const;
    void problem(const std::string &key, const std::string &message);

    std::optional<std::string> string(const std::string &key);
    std::optional<bool> boolean(const std::string &key);
    std::optional<double> number(const std::string &key);
    std::optional<int64_t> integer(const std::string &key);
    /// A JSON array of numbers or a "0.1, 0.2, ..., 1.0" string.
    std::optional<std::vector<double>> numberList(const std::string &key);
    /// A JSON array; nullptr (and a problem) when present but not an array.
    const nlohmann::json *array(const std::string &key);
    std::vector<Problem> &problems() { return m_problems; }
    /// A nested object; nullptr (and a problem) when present but not an object.
    const nlohmann::json *object(const std::string &key);

    /// Reports every key not read, listing the keys this object takes.
    void finish();

private:
    const nlohmann::json *take(const std::string &key);

    const nlohmann::json &m_object;
    std::string m_path;
    std::vector<Problem> &m_problems;
    std::set<std::string> m_asked;
};

} // namespace engine

namespace engine {

/// Parses JSON written by a user (a spec, a preset), refusing what the parser would accept but a
/// spec must not hold: text over kMaxSpecBytes, nesting deeper than kMaxJsonDepth (checked as it
/// parses, so no deep structure is ever built; a deep document would otherwise overflow the stack
/// when serialised), and a key repeated within one object (JSON lets the last one win silently).
/// Throws ConfigError whose message starts with what and names the place.
nlohmann::json parseUserJson(std::string_view text, const std::string &what);

} // namespace engine
