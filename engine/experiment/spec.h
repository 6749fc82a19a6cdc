#pragma once

#include "engine/core/errors.h"
#include "engine/data/dataset_info.h"
#include "engine/distill/kd_loss_settings.h"
#include "engine/models/teacher_input.h"
#include "engine/prune/method_registry.h"
#include "engine/prune/proxy_spec.h"
#include "engine/quality/injection_settings.h"
#include "engine/train/train_recipe.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace engine {

/// The teacher: trained here on the full training set (model, recipe, seed), or imported from a
/// TorchScript file (file, input; model is "torchscript").
struct TeacherSpec
{
    std::string model;
    TrainRecipe recipe;
    int64_t seed = 0;
    std::string file; ///< TorchScript .pt; "" = trained here
    TeacherInput input;
    std::string fileHash; ///< content hash, filled in when runs are expanded

    bool imported() const { return !file.empty(); }
};

/// One point of an α(f) schedule.
struct AlphaPoint
{
    double fraction = 1.0;
    double alpha = 0.0;
    bool operator==(const AlphaPoint &) const = default;
};

/// An experiment as the user writes it: lists of fractions, α values and seeds that expand into
/// one run per combination, all sharing one teacher trained on the full training set.
struct ExperimentSpec
{
    std::string name;
    std::string datasetPath = kDefaultDatasetPath;
    DatasetFormat datasetFormat = DatasetFormat::Auto;
    ImageFolderOptions imageOptions; ///< image folders only; cacheDir "" = the caller's default
    InjectionSpec injection; ///< noise injected into the training split (none by default)
    /// Training images held out for validation: unset = the default (validationCountFor), a
    /// value in (0, 1) = that share, else a count (0 = none: every choice is then made on test).
    std::optional<double> validation;
    int64_t validationSeed = 0;
    std::string studentModel;
    TrainRecipe student;
    std::optional<TeacherSpec> teacher;
    std::string method = "random";
    bool classBalanced = false;
    std::optional<Direction> direction; ///< unset: the method's default
    nlohmann::json methodSettings = nlohmann::json::object(); ///< defaults filled in by parseSpec
    std::optional<ProxySpec> proxy; ///< unset: the student's model and recipe
    /// Proxies, k-means and k-center draw from each run's own seed ("per_run", the default), so a
    /// score method's spread over seeds includes the score's own noise; or from scoreSeed, one
    /// score shared by every run (faster: computed once).
    bool scorePerRun = true;
    int64_t scoreSeed = 0;
    int64_t strata = 50; ///< stratified selection and CCS
    std::vector<double> fractions;
    std::vector<double> alphas { 0.0 }; ///< fixed KD weights: every fraction runs with each
    std::vector<AlphaPoint> alphaSchedule; ///< α(f): each fraction also runs with α = schedule(f)
    double tau = 4.0;
    bool tauSquared = true;
    std::vector<int64_t> seeds { 0 };
    std::string device = "auto";
    /// Student runs trained side by side; 0 = auto (see runsAtOnce in runner.h).
    int runsAtOnce = 0;
};

/// One student run, fully resolved: what is stored with it and what its identity is made of.
struct RunConfig
{
    DatasetInfo dataset; ///< path, format, name, fingerprint (class counts unused)
    std::string studentModel;
    TrainRecipe recipe; ///< augmentation resolved
    std::string method;
    bool classBalanced = false;
    Direction direction = Direction::Hardest;
    nlohmann::json settings = nlohmann::json::object(); ///< resolved method settings
    int64_t strata = 50;
    /// The score the subset is selected on ("" for random and imported subsets) and its identity
    /// (dataset content, method, settings, proxy, teacher, seed): the key of the score cache.
    std::string scoreMethod;
    std::string scoreKey;
    std::optional<ProxySpec> proxy; ///< when the score trains proxies
    std::optional<TeacherSpec> scoreTeacher; ///< when the score reads the teacher
    int64_t scoreSeed = 0;
    double fraction = 1.0;
    int64_t keptCount = 0;
    KdSettings kd;
    std::vector<AlphaPoint> alphaSchedule; ///< set when kd.alpha came from the spec's α(f) schedule
    std::optional<TeacherSpec> teacher; ///< set when kd.alpha > 0, augmentation resolved
    int64_t seed = 0;
    std::string device;
    /// Its place in the spec's expansion, kept when an experiment is narrowed to a shard's runs,
    /// so every store lists a run at the same position.
    int64_t position = -1;
};

struct ParsedSpec
{
    ExperimentSpec spec;
    std::vector<Problem> problems; ///< empty when the spec is valid
};

/// Parses and validates a JSON spec. Every unknown field, wrong type and out-of-range value is a
/// problem naming its field path; lists accept JSON arrays or "0.1, 0.2, ..., 1.0" strings.
ParsedSpec parseSpec(std::string_view json);

} // namespace engine
