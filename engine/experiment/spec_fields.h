#pragma once

// The readers parseSpec builds the spec from, field by field: each records a problem naming the
// field's path and the expected form instead of throwing.

#include "engine/core/json_reader.h"
#include "engine/core/number_list.h"
#include "engine/experiment/spec.h"

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

namespace engine::fields {

using nlohmann::json;

std::string range(double low, double high, bool lowOpen, bool highOpen);

/// Checks lo <(=) value <(=) hi, recording "<value> is outside <range>: <meaning>".
bool inRange(JsonObjectReader &in, const std::string &key, double value, double lo, double hi,
             bool loOpen, bool hiOpen, const std::string &meaning);

void readRecipe(const json *object, const std::string &path, TrainRecipe &r,
                std::vector<Problem> &problems);

void checkModelName(JsonObjectReader &in, const std::string &key,
                    const std::optional<std::string> &model);

/// "alpha_schedule": [[f, α], ...] with f strictly increasing in (0, 1] and α in [0, 1].
void readAlphaSchedule(JsonObjectReader &in, std::vector<AlphaPoint> &schedule);

/// {"file": "t.pt", "input": "standardized" | "unit" | {"mean": [...], "std": [...]}}
void readImportedTeacher(const json &object, JsonObjectReader &te, TeacherSpec &teacher,
                         std::vector<Problem> &problems);

void readInjection(const json &object, InjectionSpec &out, std::vector<Problem> &problems);

template<typename T>
void checkUnique(JsonObjectReader &in, const std::string &key, const std::vector<T> &values)
{
    std::set<T> seen;
    for (const T &v : values)
        if (!seen.insert(v).second) {
            in.problem(key, formatNumber(double(v)) + " appears twice");
            return;
        }
}

} // namespace engine::fields
