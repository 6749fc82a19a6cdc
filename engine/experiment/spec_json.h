#pragma once

// Specs, runs and teachers as JSON: the canonical spec, what is stored with a run, and the
// identities results are keyed and grouped by.

#include "engine/experiment/spec.h"

#include <nlohmann/json.hpp>
#include <string>

namespace engine {

/// The spec as canonical JSON (sorted keys, every field explicit), which parseSpec reads back.
std::string specToJson(const ExperimentSpec &spec);

/// Every setting of the run, as stored with it.
std::string runConfigJson(const RunConfig &run);
/// What makes two runs the same: the config without the dataset's path and name, the device, and
/// τ when α = 0. Group: the same without the seed (runs averaged together). Curve: also without
/// the kept fraction (the points of one chart curve). Base: also without distillation and teacher
/// (the setting whose α values a heat map compares).
enum class Identity { Run, Group, Curve, Base };
std::string runIdentityJson(const RunConfig &run, Identity level = Identity::Run);
/// What makes two teachers the same: dataset content, model, recipe, seed.
std::string teacherIdentityJson(const TeacherSpec &teacher, const DatasetInfo &dataset);

/// The pieces of those documents, shared with run expansion (a score's identity holds the
/// proxy's recipe, the dataset and the teacher).
nlohmann::json recipeJson(const TrainRecipe &recipe);
nlohmann::json datasetJson(const DatasetInfo &dataset, bool full);
nlohmann::json teacherInputJson(const TeacherInput &input);
nlohmann::json teacherJson(const TeacherSpec &teacher, bool identityOnly = false);
nlohmann::json injectionJson(const InjectionSpec &injection);

} // namespace engine
