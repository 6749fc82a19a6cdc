#include "engine/experiment/spec_json.h"

#include "engine/core/number_list.h"

namespace engine {

using nlohmann::json;

namespace {

json runJson(const RunConfig &run, bool identityOnly)
{
    json j;
    j["dataset"] = datasetJson(run.dataset, !identityOnly);
    j["student"] = { { "model", run.studentModel }, { "train", recipeJson(run.recipe) } };
    j["teacher"] = run.teacher ? teacherJson(*run.teacher, identityOnly) : json(nullptr);
    j["pruning"] = { { "method", run.method },
                     { "class_balanced", run.classBalanced },
                     { "fraction", run.fraction },
                     { "kept_count", run.keptCount },
                     { "definition",
                       methodDefinition(run.method, run.classBalanced, run.settings,
                                        run.scoreMethod.empty() ? std::nullopt
                                                                : std::optional(run.direction)) } };
    if (!run.settings.empty())
        j["pruning"]["settings"] = run.settings;
    if (!run.scoreMethod.empty()) {
        j["pruning"]["direction"] = directionName(run.direction);
        if (run.direction == Direction::Stratified)
            j["pruning"]["strata"] = run.strata;
        json score = json::parse(run.scoreKey);
        score.erase("dataset");
        j["pruning"]["score"] = score;
    }
    if (identityOnly && run.kd.alpha == 0.0) {
        // τ has no effect without distillation: α = 0 runs of experiments with other τ are one run.
        j["distillation"] = { { "alpha", 0.0 } };
    } else {
        j["distillation"]
            = { { "alpha", run.kd.alpha },
                { "tau", run.kd.tau },
                { "tau_squared", run.kd.tauSquared },
                { "loss",
                  run.kd.tauSquared
                      ? "(1 − α)·CE(z_s, y) + α·τ²·KL(softmax(z_t/τ) ‖ softmax(z_s/τ)), batch mean"
                      : "(1 − α)·CE(z_s, y) + α·KL(softmax(z_t/τ) ‖ softmax(z_s/τ)), batch mean "
                        "(τ² scaling off)" } };
    }
    if (!run.alphaSchedule.empty()) {
        json points = json::array();
        for (const auto &p : run.alphaSchedule)
            points.push_back({ p.fraction, p.alpha });
        j["distillation"]["alpha_schedule"] = points;
    }
    j["seed"] = run.seed;
    if (!identityOnly)
        j["device"] = run.device;
    return j;
}

} // namespace

json recipeJson(const TrainRecipe &r)
{
    json j;
    j[r.budget.unit == BudgetUnit::Epochs ? "epochs" : "steps"] = r.budget.value;
    j["batch_size"] = r.batchSize;
    j["lr"] = r.lr;
    j["momentum"] = r.momentum;
    j["nesterov"] = r.nesterov;
    j["weight_decay"] = r.weightDecay;
    j["schedule"] = std::string(scheduleName(r.schedule.kind));
    if (r.schedule.kind == ScheduleKind::OneCycle) {
        j["pct_start"] = r.schedule.pctStart;
        j["div_factor"] = r.schedule.divFactor;
        j["final_div_factor"] = r.schedule.finalDivFactor;
    } else if (r.schedule.kind == ScheduleKind::Cosine) {
        j["warmup_fraction"] = r.schedule.warmupFraction;
    }
    j["label_smoothing"] = r.labelSmoothing;
    j["crop_padding"] = r.cropPadding ? json(*r.cropPadding) : json(nullptr);
    j["flip"] = r.flip ? json(*r.flip) : json(nullptr);
    j["eval_points"] = r.evalPoints;
    return j;
}

json datasetJson(const DatasetInfo &d, bool full)
{
    json j { { "format", std::string(formatName(d.format)) },
             { "fingerprint", d.fingerprint },
             { "train_size", d.trainSize() } };
    // Written only when there is one, so runs stored before validation splits keep their identity.
    if (d.validationCount > 0)
        j["validation"] = { { "count", d.validationCount }, { "seed", d.validationSeed } };
    if (full) {
        j["path"] = d.path.string();
        j["name"] = d.name;
    }
    return j;
}

json teacherInputJson(const TeacherInput &input)
{
    if (input.kind == "normalize")
        return { { "mean", input.mean }, { "std", input.stdDev } };
    return input.kind;
}

/// identityOnly leaves out an imported teacher's path: its content hash names it.
json teacherJson(const TeacherSpec &t, bool identityOnly)
{
    if (t.imported()) {
        json j { { "model", "torchscript" }, { "input", teacherInputJson(t.input) } };
        if (!identityOnly || t.fileHash.empty())
            j["file"] = t.file;
        if (!t.fileHash.empty())
            j["file_hash"] = t.fileHash;
        return j;
    }
    return { { "model", t.model }, { "seed", t.seed }, { "train", recipeJson(t.recipe) } };
}

json injectionJson(const InjectionSpec &in)
{
    json kinds = json::array();
    for (auto c : in.corruptions)
        kinds.push_back(std::string(corruptionName(c)));
    return { { "label_noise", in.labelNoise },
             { "label_mode", std::string(labelNoiseName(in.labelMode)) },
             { "corrupt_each", in.corruptEach },
             { "corruptions", kinds },
             { "seed", in.seed } };
}

std::string specToJson(const ExperimentSpec &spec)
{
    json j;
    j["name"] = spec.name;
    j["dataset"] = { { "path", spec.datasetPath },
                     { "format", std::string(formatName(spec.datasetFormat)) } };
    // Image options change nothing for the fixed-shape formats: written only where they act.
    if (spec.datasetFormat == DatasetFormat::ImageFolder
        || spec.imageOptions != ImageFolderOptions {}) {
        j["dataset"]["image_size"] = spec.imageOptions.imageSize;
        j["dataset"]["channels"] = spec.imageOptions.channels;
        j["dataset"]["on_corrupt"] = spec.imageOptions.skipCorrupt ? "skip" : "error";
        if (!spec.imageOptions.cacheDir.empty())
            j["dataset"]["cache"] = spec.imageOptions.cacheDir.string();
    }
    if (spec.injection.any())
        j["dataset"]["inject"] = injectionJson(spec.injection);
    if (spec.validation)
        j["dataset"]["validation"] = *spec.validation;
    if (spec.validationSeed != 0)
        j["dataset"]["validation_seed"] = spec.validationSeed;
    j["student"] = { { "model", spec.studentModel }, { "train", recipeJson(spec.student) } };
    if (spec.teacher)
        j["teacher"] = teacherJson(*spec.teacher);
    j["pruning"] = { { "method", spec.method },
                     { "class_balanced", spec.classBalanced },
                     { "fractions", spec.fractions },
                     { "settings", spec.methodSettings },
                     { "score_seed", spec.scorePerRun ? json("per_run") : json(spec.scoreSeed) },
                     { "strata", spec.strata } };
    if (spec.direction)
        j["pruning"]["direction"] = directionName(*spec.direction);
    if (spec.proxy) {
        json proxy = json::object();
        if (!spec.proxy->model.empty())
            proxy["model"] = spec.proxy->model;
        if (spec.proxy->recipe.budget.value > 0)
            proxy["train"] = recipeJson(spec.proxy->recipe);
        j["pruning"]["proxy"] = proxy;
    }
    j["distillation"]
        = { { "alphas", spec.alphas }, { "tau", spec.tau }, { "tau_squared", spec.tauSquared } };
    if (!spec.alphaSchedule.empty()) {
        json points = json::array();
        for (const auto &p : spec.alphaSchedule)
            points.push_back({ p.fraction, p.alpha });
        j["distillation"]["alpha_schedule"] = points;
    }
    j["seeds"] = spec.seeds;
    j["device"] = spec.device;
    if (spec.runsAtOnce > 0)
        j["runs_at_once"] = spec.runsAtOnce;
    else
        j["runs_at_once"] = "auto";
    return j.dump(2);
}

std::string runConfigJson(const RunConfig &run)
{
    return runJson(run, false).dump();
}

std::string runIdentityJson(const RunConfig &run, Identity level)
{
    json j = runJson(run, true);
    if (level != Identity::Run) {
        j.erase("seed");
        // A score drawn from each run's seed varies with the seed, like the subset: runs that
        // differ only in their seed are still one group.
        if (j["pruning"].contains("score") && j["pruning"]["score"].value("per_run", false))
            j["pruning"]["score"]["seed"] = "per_run";
    }
    if (level == Identity::Curve || level == Identity::Base) {
        j["pruning"].erase("fraction");
        j["pruning"].erase("kept_count");
        // A scheduled α differs per fraction: its curve is the schedule's.
        if (j["distillation"].contains("alpha_schedule"))
            j["distillation"].erase("alpha");
    }
    if (level == Identity::Base) {
        j.erase("distillation");
        j.erase("teacher");
    }
    return j.dump();
}

std::string teacherIdentityJson(const TeacherSpec &teacher, const DatasetInfo &dataset)
{
    return json {
        { "dataset", datasetJson(dataset, false) }, { "teacher", teacherJson(teacher, true) }
    }.dump();
}

} // namespace engine
