#include "engine/experiment/run_expansion.h"

#include "engine/core/file_bytes.h"
#include "engine/core/number_list.h"
#include "engine/experiment/spec_json.h"
#include "engine/models/model_registry.h"
#include "engine/prune/score_io.h"
#include "engine/train/budget.h"

#include <cmath>
#include <set>

namespace engine {

using nlohmann::json;

namespace {

TrainRecipe resolveAugmentation(TrainRecipe r, const DatasetInfo &dataset)
{
    const bool cifarLike
        = dataset.format == DatasetFormat::Cifar10 || dataset.format == DatasetFormat::Cifar100;
    if (!r.cropPadding)
        r.cropPadding = cifarLike ? 4 : (dataset.height >= 16 ? 2 : 0);
    if (!r.flip)
        r.flip = cifarLike;
    return r;
}

/// What every run of a spec shares about its pruning: the resolved score and its cache key.
struct PruningPlan
{
    Direction direction = Direction::Hardest;
    std::string scoreMethod;
    std::string scoreKey;
    std::optional<ProxySpec> proxy;
    std::optional<TeacherSpec> scoreTeacher;
    int64_t subsetSize = 0;
};

PruningPlan planPruning(const ExperimentSpec &spec, const DatasetInfo &dataset,
                        const std::optional<TeacherSpec> &teacher, std::vector<Problem> &problems)
{
    PruningPlan plan;
    const MethodInfo *info = findMethod(spec.method);
    if (!info)
        return plan;
    const int64_t n = dataset.trainSize();
    // Subset and score files index the dataset as read, validation split included.
    const int64_t fileN = n + dataset.validationCount;
    const json &settings = spec.methodSettings;
    plan.direction = spec.direction.value_or(info->defaultDirection);
    if (spec.method == "subset") {
        try {
            plan.subsetSize = static_cast<int64_t>(
                readSubsetFile(settings.value("path", ""), fileN, dataset.fingerprint).size());
        } catch (const DataError &e) {
            problems.push_back({ "pruning.settings.path", e.what() });
        }
        return plan;
    }
    if (info->scoreFree)
        return plan;
    plan.scoreMethod = scoringMethod(spec.method, settings);
    json scoreSettings = settings;
    if (spec.method == "ccs") {
        scoreSettings.erase("score");
        scoreSettings.erase("beta");
    }
    json key { { "dataset", datasetJson(dataset, false) },
               { "method", plan.scoreMethod },
               { "settings", scoreSettings },
               { "seed", spec.scoreSeed } };
    if (plan.scoreMethod == "herding" || plan.scoreMethod == "kcenter")
        key["per_class"] = spec.classBalanced;
    if (plan.scoreMethod == "file") {
        const std::string path = settings.value("path", "");
        try {
            key["content"]
                = checkScoreFile(path, fileN, dataset.fingerprint, dataset.validationCount);
        } catch (const DataError &e) {
            problems.push_back({ "pruning.settings.path", e.what() });
        }
        key.erase("seed");
    }
    const InputShape shape { dataset.channels, dataset.height, dataset.width };
    if (scoreUsesProxy(plan.scoreMethod, settings)) {
        ProxySpec proxy { spec.studentModel, spec.student };
        if (spec.proxy) {
            if (!spec.proxy->model.empty())
                proxy.model = spec.proxy->model;
            if (spec.proxy->recipe.budget.value > 0)
                proxy.recipe = spec.proxy->recipe;
        }
        proxy.recipe = resolveAugmentation(proxy.recipe, dataset);
        if (auto problem = checkModelInput(proxy.model, shape))
            problems.push_back({ "pruning.proxy.model", *problem });
        const std::string m = plan.scoreMethod;
        if (m == "el2n" || m == "grand" || m == "uncertainty") {
            const double c = settings.value("checkpoint", 0.0);
            const bool epochs = settings.value("checkpoint_unit", "epochs") == "epochs";
            const int64_t total = totalSteps(proxy.recipe, n);
            if (settings.value("checkpoint_unit", "epochs") == "fraction") {
                if (c > 1)
                    problems.push_back({ "pruning.settings.checkpoint",
                                         formatNumber(c)
                                             + " as a fraction of proxy training: expected 0 "
                                               "(at initialisation) to 1 (at the end)" });
            } else if (checkpointStep(settings, proxy.recipe, n) > total)
                problems.push_back({ "pruning.settings.checkpoint",
                                     formatNumber(c) + (epochs ? " epochs" : " steps")
                                         + " is beyond the proxy's " + std::to_string(total)
                                         + " training steps ("
                                         + formatNumber(double(total) * proxy.recipe.batchSize / n)
                                         + " epochs)" });
        } else {
            const int64_t complete = completeEpochs(proxy.recipe, n);
            const int64_t needed = m == "dynamic_uncertainty" ? settings.value("window", 2) : 1;
            if (complete < needed)
                problems.push_back({ m == "dynamic_uncertainty" ? "pruning.settings.window"
                                                                : "pruning.proxy.train",
                                     m + " needs " + std::to_string(needed) + " complete epoch"
                                         + (needed == 1 ? "" : "s")
                                         + " of proxy training and the proxy recipe has "
                                         + std::to_string(complete)
                                         + (m == "dynamic_uncertainty"
                                                ? ": lower the window or train the proxy longer"
                                                : ": train the proxy at least one epoch") });
        }
        key["proxy"] = { { "model", proxy.model }, { "train", recipeJson(proxy.recipe) } };
        plan.proxy = proxy;
    }
    if (scoreUsesTeacher(plan.scoreMethod, settings) && teacher) {
        if (auto problem
            = teacher->imported() ? std::nullopt : checkModelInput(teacher->model, shape))
            problems.push_back({ "teacher.model", *problem });
        key["teacher"] = teacherJson(*teacher, true);
        plan.scoreTeacher = teacher;
    }
    plan.scoreKey = key.dump();
    return plan;
}

} // namespace

double scheduledAlpha(const std::vector<AlphaPoint> &schedule, double fraction)
{
    if (schedule.empty())
        return 0.0;
    if (fraction <= schedule.front().fraction)
        return schedule.front().alpha;
    if (fraction >= schedule.back().fraction)
        return schedule.back().alpha;
    for (size_t i = 1; i < schedule.size(); ++i) {
        const AlphaPoint &a = schedule[i - 1], &b = schedule[i];
        if (fraction <= b.fraction) {
            const double t = std::log(fraction / a.fraction) / std::log(b.fraction / a.fraction);
            // Rounded so that the same schedule gives the same α (and run identity) everywhere.
            return std::round((a.alpha + t * (b.alpha - a.alpha)) * 1e6) / 1e6;
        }
    }
    return schedule.back().alpha;
}

std::vector<double> alphasFor(const ExperimentSpec &spec, double fraction)
{
    std::vector<double> alphas = spec.alphas;
    if (!spec.alphaSchedule.empty())
        alphas.push_back(scheduledAlpha(spec.alphaSchedule, fraction));
    std::sort(alphas.begin(), alphas.end());
    alphas.erase(std::unique(alphas.begin(), alphas.end()), alphas.end());
    return alphas;
}

bool needsTeacher(const ExperimentSpec &spec)
{
    for (double f : spec.fractions)
        for (double a : alphasFor(spec, f))
            if (a > 0)
                return true;
    return spec.fractions.empty()
        && std::any_of(spec.alphas.begin(), spec.alphas.end(), [](double a) { return a > 0; });
}

int64_t keptCountFor(double fraction, int64_t n)
{
    return std::llround(fraction * double(n));
}

std::vector<RunConfig> expandRuns(const ExperimentSpec &spec, const DatasetInfo &dataset,
                                  std::vector<Problem> &problems)
{
    const InputShape shape { dataset.channels, dataset.height, dataset.width };
    if (auto problem = checkModelInput(spec.studentModel, shape))
        problems.push_back({ "student.model", *problem });
    if (spec.teacher && needsTeacher(spec) && !spec.teacher->imported())
        if (auto problem = checkModelInput(spec.teacher->model, shape))
            problems.push_back({ "teacher.model", *problem });
    const int64_t n = dataset.trainSize();
    for (size_t i = 0; i < spec.fractions.size(); ++i)
        if (keptCountFor(spec.fractions[i], n) < 1)
            problems.push_back({ "pruning.fractions[" + std::to_string(i) + "]",
                                 formatNumber(spec.fractions[i]) + " keeps round(f·N) = 0 of the "
                                     + std::to_string(n)
                                     + " training samples; the smallest fraction that keeps one is "
                                     + formatNumber(0.5 / double(n)) });
    if (spec.classBalanced)
        for (size_t c = 0; c < dataset.trainCounts.size(); ++c)
            if (dataset.trainCounts[c] == 0)
                problems.push_back(
                    { "pruning.class_balanced",
                      "class '" + dataset.classNames[c] + "' has no training samples to balance" });

    std::optional<TeacherSpec> teacher = spec.teacher;
    if (teacher && teacher->imported()) {
        try {
            teacher->fileHash = fileContentHash(teacher->file);
        } catch (const std::exception &e) {
            problems.push_back({ "teacher.file", e.what() });
        }
    } else if (teacher) {
        teacher->recipe = resolveAugmentation(teacher->recipe, dataset);
    }
    const PruningPlan plan = planPruning(spec, dataset, teacher, problems);
    std::vector<double> fractions = spec.fractions;
    if (spec.method == "subset" && plan.subsetSize > 0) {
        const double f = double(plan.subsetSize) / double(n);
        if (fractions.empty())
            fractions = { f };
        for (size_t i = 0; i < fractions.size(); ++i)
            if (keptCountFor(fractions[i], n) != plan.subsetSize)
                problems.push_back({ "pruning.fractions[" + std::to_string(i) + "]",
                                     formatNumber(fractions[i]) + " keeps "
                                         + std::to_string(keptCountFor(fractions[i], n))
                                         + " samples but the subset file holds "
                                         + std::to_string(plan.subsetSize) + "; use "
                                         + formatNumber(f) + " or leave fractions out" });
    }
    if (spec.method == "ccs")
        for (size_t i = 0; i < fractions.size(); ++i) {
            const double beta = spec.methodSettings.value("beta", 0.1);
            if (keptCountFor(fractions[i], n) > n - std::llround(beta * double(n)))
                problems.push_back({ "pruning.fractions[" + std::to_string(i) + "]",
                                     formatNumber(fractions[i])
                                         + " keeps more than the 1 − β = " + formatNumber(1 - beta)
                                         + " of the samples CCS leaves after dropping the hardest; "
                                           "lower pruning.settings.beta" });
        }
    std::vector<RunConfig> runs;
    for (double f : fractions)
        for (double alpha : alphasFor(spec, f))
            for (int64_t seed : spec.seeds) {
                RunConfig run;
                run.dataset = dataset;
                run.studentModel = spec.studentModel;
                run.recipe = resolveAugmentation(spec.student, dataset);
                run.method = spec.method;
                run.classBalanced = spec.classBalanced;
                run.settings = spec.methodSettings;
                run.direction = plan.direction;
                run.strata = spec.strata;
                run.scoreMethod = plan.scoreMethod;
                run.scoreKey = plan.scoreKey;
                run.proxy = plan.proxy;
                run.scoreTeacher = plan.scoreTeacher;
                run.scoreSeed = spec.scorePerRun ? seed : spec.scoreSeed;
                if (spec.scorePerRun && !plan.scoreKey.empty()) {
                    json key = json::parse(plan.scoreKey);
                    if (key.contains("seed")) { // score files have none
                        key["seed"] = seed;
                        key["per_run"] = true; // see runIdentityJson
                    }
                    run.scoreKey = key.dump();
                }
                run.fraction = f;
                run.keptCount = keptCountFor(f, n);
                run.kd = { alpha, spec.tau, spec.tauSquared };
                if (alpha > 0)
                    run.teacher = teacher;
                const bool fixed
                    = std::find(spec.alphas.begin(), spec.alphas.end(), alpha) != spec.alphas.end();
                if (!fixed)
                    run.alphaSchedule = spec.alphaSchedule;
                run.seed = seed;
                run.device = spec.device;
                runs.push_back(std::move(run));
            }
    return runs;
}

std::string methodLabel(const RunConfig &run)
{
    const MethodInfo *info = findMethod(run.method);
    if (run.scoreMethod.empty() || !info || run.direction == info->defaultDirection)
        return run.method;
    return run.method + " " + directionName(run.direction);
}

std::string runDisplayName(const RunConfig &run)
{
    std::string name = methodLabel(run) + (run.classBalanced ? " (balanced)" : "")
        + " · f=" + formatNumber(run.fraction) + " · α=" + formatNumber(run.kd.alpha);
    if (run.teacher)
        name += " · τ=" + formatNumber(run.kd.tau) + " · T=" + run.teacher->model;
    return name + " · seed " + std::to_string(run.seed);
}

} // namespace engine
