#include "engine/prune/method_registry.h"

#include "engine/core/enum_names.h"
#include "engine/core/number_list.h"

#include <algorithm>
#include <cmath>

namespace engine {

using nlohmann::json;
using Kind = ParamInfo::Kind;

namespace {

ParamInfo proxies(int64_t byDefault)
{
    return { "proxies", Kind::Integer,
             byDefault, 1,
             100,       false,
             {},        "K: proxy models trained from different seeds; the score is their mean" };
}
ParamInfo checkpoint(double byDefault = 0)
{
    return { "checkpoint",
             Kind::Number,
             byDefault,
             0,
             1e9,
             false,
             {},
             "where in proxy training the score is read: in epochs or steps, 0 = at the end of "
             "training; as a fraction of proxy training, 0 = at initialisation, 1 = at the end" };
}
ParamInfo checkpointUnit(const char *byDefault = "epochs")
{
    return { "checkpoint_unit",
             Kind::Choice,
             byDefault,
             0,
             0,
             false,
             { "epochs", "steps", "fraction" },
             "unit of checkpoint: passes over the training set, optimiser steps, or a fraction of "
             "the proxy's training steps" };
}

// Reads before the end of proxy training run the proxy in eval mode with batch-norm statistics
// re-estimated on the training set at that point (the running averages still hold their initial
// or early values there).
const char *kEarlyReadNote
    = " A read before the end of proxy training (the default for EL2N and GraNd) re-estimates "
      "every batch-norm layer's mean and variance on the first 5,120 training images with the "
      "proxy's weights at that point, then reads in eval mode.";

const char *kProxyNote = " Proxies: the proxy model (default: the student's architecture and "
                         "recipe) trained on the full training set from seeds derived from "
                         "score_seed.";

std::vector<MethodInfo> buildRegistry()
{
    std::vector<MethodInfo> r;
    r.push_back({ "random",
                  "Random",
                  "a seeded uniformly random subset of round(f·N) samples",
                  "a seeded uniformly random subset of round(f·N) samples (class-balanced: each "
                  "class keeps its largest-remainder share)",
                  "no notion of hard",
                  Direction::Hardest,
                  true,
                  false,
                  false,
                  {} });
    r.push_back(
        { "el2n",
          "EL2N",
          "‖softmax(f_k(x)) − onehot(y)‖₂, mean over K proxies",
          std::string("EL2N(x, y) = mean over K proxies of ‖softmax(f_k(x)) − onehot(y)‖₂, f_k in "
                      "eval mode without augmentation at the checkpoint, by default after 10 % of "
                      "proxy training (Paul et al. 2021 read at epoch 20 of 200).")
              + kProxyNote + kEarlyReadNote,
          "high EL2N: the proxies' predictions are far from the given label",
          Direction::Hardest,
          false,
          true,
          false,
          { proxies(3), checkpoint(0.1), checkpointUnit("fraction") } });
    r.push_back({ "grand",
                  "GraNd",
                  "‖∇_θ CE(f_k(x), y)‖₂ per sample, mean over K proxies",
                  std::string("GraNd(x, y) = mean over K proxies of ‖∇_θ CE(f_k(x), y)‖₂, the "
                              "per-sample gradient in eval mode at the checkpoint, by default at "
                              "initialisation (step 0: the proxies are not trained); θ = all "
                              "parameters, or the last linear layer (weight and bias) (Paul et al. "
                              "2021).")
                      + kProxyNote + kEarlyReadNote,
                  "high GraNd: the sample's loss gradient is large",
                  Direction::Hardest,
                  false,
                  true,
                  false,
                  { proxies(3),
                    checkpoint(0),
                    checkpointUnit("fraction"),
                    { "params",
                      Kind::Choice,
                      "all",
                      0,
                      0,
                      false,
                      { "all", "last" },
                      "gradient over all parameters or only the last linear layer" } } });
    r.push_back(
        { "forgetting",
          "Forgetting",
          "correct → incorrect transitions during proxy training",
          std::string("Forgetting(x) = number of correct → incorrect transitions between "
                      "consecutive presentations of x in proxy training (prediction of the "
                      "training minibatch, with augmentation, before the update; Toneva et al. "
                      "2019); a sample never predicted correctly scores +inf (default) or 0; mean "
                      "over K proxies.")
              + kProxyNote,
          "many forgetting events (or never learned)",
          Direction::Hardest,
          false,
          true,
          false,
          { proxies(1),
            { "never_learned",
              Kind::Choice,
              "inf",
              0,
              0,
              false,
              { "inf", "zero" },
              "score of a sample never predicted correctly" } } });
    r.push_back({ "aum",
                  "AUM",
                  "mean over training of z_y − max_{j≠y} z_j",
                  std::string("AUM(x, y) = mean over every presentation in proxy training of "
                              "z_y − max_{j≠y} z_j (training-minibatch logits; Pleiss et al. "
                              "2020); mean over K proxies.")
                      + kProxyNote,
                  "low AUM: the given label is out-voted by another class (likely mislabelled)",
                  Direction::Hardest,
                  false,
                  true,
                  false,
                  { proxies(1) } });
    r.push_back({ "uncertainty",
                  "Uncertainty",
                  "entropy, margin or least confidence of softmax(f(x))",
                  std::string("Uncertainty of p = softmax(f(x)) in eval mode without "
                              "augmentation: entropy −Σ p log p, margin p₍₁₎ − p₍₂₎ (top two), or "
                              "least confidence 1 − max p; f = each of K proxies at the checkpoint "
                              "(mean of the measure) or the teacher.")
                      + kProxyNote,
                  "high entropy, small margin or high least confidence: the model is unsure",
                  Direction::Hardest,
                  false,
                  true,
                  false,
                  { { "measure",
                      Kind::Choice,
                      "entropy",
                      0,
                      0,
                      false,
                      { "entropy", "margin", "least_confidence" },
                      "uncertainty measure" },
                    { "source",
                      Kind::Choice,
                      "proxy",
                      0,
                      0,
                      false,
                      { "proxy", "teacher" },
                      "the model whose predictions are measured" },
                    proxies(1),
                    checkpoint(),
                    checkpointUnit() } });
    r.push_back(
        { "dynamic_uncertainty",
          "Dynamic uncertainty",
          "mean over J-epoch windows of the std of p(y|x)",
          std::string("DynUnc(x, y) = mean over windows k = 1..E−J+1 of std(p_k(y|x), …, "
                      "p_{k+J−1}(y|x)) (population std over J epochs), p_e = softmax of the "
                      "training-minibatch logits in epoch e of proxy training, E = complete "
                      "epochs (He et al. 2023); mean over K proxies.")
              + kProxyNote,
          "high: the probability of the given label keeps changing",
          Direction::Hardest,
          false,
          true,
          false,
          { proxies(1),
            { "window",
              Kind::Integer,
              2,
              2,
              1000,
              false,
              {},
              "J: epochs per window (at most the proxy's complete epochs)" } } });
    r.push_back(
        { "prototypes",
          "Prototypes",
          "distance to the nearest k-means centroid of the class (teacher embedding)",
          "Prototypes(x) = Euclidean distance from the teacher's penultimate embedding of "
          "x to the nearest of k centroids of its class (k-means per class, k-means++ "
          "seeded from score_seed, Lloyd iterations until no assignment changes, at most "
          "100; Sorscher et al. 2022)",
          "far from every prototype of its class (atypical)",
          Direction::Hardest,
          false,
          false,
          true,
          { { "clusters", Kind::Integer, 4, 1, 1000, false, {}, "k: centroids per class" } } });
    r.push_back({ "moderate",
                  "Moderate",
                  "distance to the class median (teacher embedding)",
                  "Moderate(x) = Euclidean distance from the teacher's penultimate embedding of x "
                  "to its class's component-wise median embedding; the default keeps the middle "
                  "band of distances (Xia et al. 2023)",
                  "far from the class median",
                  Direction::Middle,
                  false,
                  false,
                  true,
                  {} });
    r.push_back({ "ccs",
                  "CCS",
                  "drop the β hardest by a score, then sample evenly over score strata",
                  "Coverage-centric selection (Zheng et al. 2023): drop the β fraction hardest by "
                  "the base score (default AUM: the lowest), split the remaining score range into "
                  "equal-width strata (pruning.strata), and spread round(f·N) over them smallest "
                  "stratum first (each takes min(size, remaining budget ÷ strata left)), sampling "
                  "uniformly within a stratum",
                  "as the base score",
                  Direction::Stratified,
                  false,
                  false,
                  false,
                  { { "score",
                      Kind::Choice,
                      "aum",
                      0,
                      0,
                      false,
                      { "aum", "el2n", "grand", "forgetting", "uncertainty", "dynamic_uncertainty",
                        "prototypes", "moderate", "file" },
                      "the base score" },
                    { "beta",
                      Kind::Number,
                      0.1,
                      0,
                      1,
                      true,
                      {},
                      "β: fraction of the hardest samples dropped first" } } });
    r.push_back({ "herding",
                  "Herding",
                  "greedy order that keeps the chosen mean near the mean (teacher embedding)",
                  "Herding (Welling 2009) on the teacher's penultimate embedding: greedily add "
                  "the sample that brings the mean of the chosen set closest to the mean of all "
                  "(per class when class-balanced); score = position in that order, so the "
                  "default keeps the first picked. rule \"deepcore\" reproduces DeepCore's "
                  "code (Guo et al. 2022), which adds the sample farthest from that target "
                  "instead (argmax of the distance)",
                  "picked late",
                  Direction::Easiest,
                  false,
                  false,
                  true,
                  { { "rule",
                      Kind::Choice,
                      "closest",
                      0,
                      0,
                      false,
                      { "closest", "deepcore" },
                      "closest: Welling's herding; deepcore: DeepCore's argmax, to compare with "
                      "results made with it" } } });
    r.push_back({ "kcenter",
                  "k-center greedy",
                  "greedy farthest-point order (teacher embedding)",
                  "k-center greedy (Sener & Savarese 2018) on the teacher's penultimate "
                  "embedding: start from a sample drawn with score_seed, then repeatedly add the "
                  "sample farthest (Euclidean) from its nearest chosen sample (per class when "
                  "class-balanced); score = position in that order, so the default keeps the "
                  "first picked",
                  "picked late",
                  Direction::Easiest,
                  false,
                  false,
                  true,
                  {} });
    r.push_back({ "file",
                  "Imported scores",
                  "scores read from a CSV or .npy file",
                  "scores read from a CSV (index,score) or NumPy .npy file, e.g. exported by "
                  "another tool; one finite score per training sample",
                  "high score unless higher_is_harder is false",
                  Direction::Hardest,
                  false,
                  false,
                  false,
                  { { "path", Kind::Path, nullptr, 0, 0, false, {}, "the score file" },
                    { "higher_is_harder",
                      Kind::Boolean,
                      true,
                      0,
                      0,
                      false,
                      {},
                      "whether a high score means a hard sample" } } });
    r.push_back({ "subset",
                  "Imported subset",
                  "kept indices read from a CSV or .npy file",
                  "the kept samples read from a CSV (one index per row, or index,score) or NumPy "
                  ".npy file of training-set indices; f = their count ÷ N",
                  "no notion of hard",
                  Direction::Hardest,
                  true,
                  false,
                  false,
                  { { "path", Kind::Path, nullptr, 0, 0, false, {}, "the subset file" } } });
    return r;
}

std::string choicesText(const std::vector<std::string> &choices)
{
    std::string text;
    for (const auto &c : choices)
        text += (text.empty() ? "" : ", ") + c;
    return text;
}

/// A setting's number as stored in the run's identity: whole values as integers whatever the
/// kind, so that a default (0), the same value written out (0 or 0.0) and the canonical spec read
/// back all give one identity.
json canonicalNumber(double x, ParamInfo::Kind kind)
{
    if (kind == ParamInfo::Kind::Integer || (std::floor(x) == x && std::fabs(x) < 9e15))
        return json(static_cast<int64_t>(x));
    return json(x);
}

void resolveParams(const std::vector<ParamInfo> &params, const json &settings, json &out,
                   std::vector<std::pair<std::string, std::string>> &problems)
{
    for (const ParamInfo &p : params) {
        const std::string field = "pruning.settings." + p.key;
        if (!settings.contains(p.key)) {
            if (p.defaultValue.is_null())
                problems.push_back({ field, "required: " + p.help });
            else
                out[p.key] = p.defaultValue.is_number()
                    ? canonicalNumber(p.defaultValue.get<double>(), p.kind)
                    : p.defaultValue;
            continue;
        }
        const json &v = settings.at(p.key);
        switch (p.kind) {
        case Kind::Integer:
        case Kind::Number: {
            if (!v.is_number()) {
                problems.push_back({ field, "expected a number (" + p.help + ")" });
                break;
            }
            const double x = v.get<double>();
            if (p.kind == Kind::Integer && std::floor(x) != x) {
                problems.push_back({ field, formatNumber(x) + " is not a whole number" });
                break;
            }
            const bool aboveMax = p.maxExclusive ? x >= p.max : x > p.max;
            if (!std::isfinite(x) || x < p.min || aboveMax) {
                problems.push_back({ field,
                                     formatNumber(x) + " is outside [" + formatNumber(p.min) + ", "
                                         + formatNumber(p.max) + (p.maxExclusive ? ")" : "]") + ": "
                                         + p.help });
                break;
            }
            out[p.key] = canonicalNumber(x, p.kind);
            break;
        }
        case Kind::Choice:
            if (!v.is_string()
                || std::find(p.choices.begin(), p.choices.end(), v.get<std::string>())
                    == p.choices.end())
                problems.push_back({ field,
                                     (v.is_string() ? "unknown value '" + v.get<std::string>() + "'"
                                                    : std::string("expected a string"))
                                         + "; expected one of " + choicesText(p.choices) });
            else
                out[p.key] = v;
            break;
        case Kind::Boolean:
            if (!v.is_boolean())
                problems.push_back({ field, "expected true or false" });
            else
                out[p.key] = v;
            break;
        case Kind::Path:
            if (!v.is_string() || v.get<std::string>().empty())
                problems.push_back({ field, "expected a file path" });
            else
                out[p.key] = v;
            break;
        }
    }
}

} // namespace

std::string methodFormula(const std::string &name)
{
    const MethodInfo *info = findMethod(name);
    return info ? info->formula : name;
}

namespace {

constexpr EnumNames<Direction, 4> kDirectionNames { {
    { Direction::Hardest, "hardest" },
    { Direction::Easiest, "easiest" },
    { Direction::Middle, "middle" },
    { Direction::Stratified, "stratified" },
} };

} // namespace

std::string directionName(Direction d)
{
    return std::string(enumName(kDirectionNames, d));
}

std::optional<Direction> parseDirection(const std::string &text)
{
    return parseEnum(kDirectionNames, text);
}

const std::vector<MethodInfo> &methodRegistry()
{
    static const std::vector<MethodInfo> registry = buildRegistry();
    return registry;
}

const MethodInfo *findMethod(const std::string &name)
{
    for (const auto &m : methodRegistry())
        if (m.name == name)
            return &m;
    return nullptr;
}

std::vector<std::string> knownMethods()
{
    std::vector<std::string> names;
    for (const auto &m : methodRegistry())
        names.push_back(m.name);
    return names;
}

json resolveSettings(const std::string &method, const json &settings,
                     std::vector<std::pair<std::string, std::string>> &problems)
{
    json out = json::object();
    const MethodInfo *info = findMethod(method);
    if (!info)
        return out;
    if (!settings.is_object()) {
        problems.push_back({ "pruning.settings", "expected an object {\"key\": value, ...}" });
        return out;
    }
    std::vector<ParamInfo> params = info->params;
    if (method == "ccs") {
        json own;
        resolveParams(params, settings, own, problems);
        const std::string base = own.value("score", "aum");
        if (const MethodInfo *baseInfo = findMethod(base))
            params.insert(params.end(), baseInfo->params.begin(), baseInfo->params.end());
    }
    resolveParams(params, settings, out, problems);
    for (const auto &item : settings.items()) {
        const std::string &key = item.key();
        const bool known = std::any_of(params.begin(), params.end(),
                                       [&](const ParamInfo &p) { return p.key == key; });
        if (!known) {
            std::string accepted;
            for (const auto &p : params)
                accepted += (accepted.empty() ? "" : ", ") + p.key;
            problems.push_back(
                { "pruning.settings." + key,
                  "unknown setting for " + method + "; "
                      + (accepted.empty() ? "it takes none" : "it takes " + accepted) });
        }
    }
    return out;
}

std::string scoringMethod(const std::string &method, const json &settings)
{
    if (method == "ccs")
        return settings.value("score", "aum");
    return method;
}

bool higherIsHarder(const std::string &scoreMethod, const json &settings)
{
    if (scoreMethod == "aum")
        return false;
    if (scoreMethod == "uncertainty")
        return settings.value("measure", "entropy") != "margin";
    if (scoreMethod == "file")
        return settings.value("higher_is_harder", true);
    return true;
}

bool scoreUsesProxy(const std::string &scoreMethod, const json &settings)
{
    if (scoreMethod == "uncertainty")
        return settings.value("source", "proxy") == "proxy";
    const MethodInfo *info = findMethod(scoreMethod);
    return info && info->usesProxy;
}

bool scoreUsesTeacher(const std::string &scoreMethod, const json &settings)
{
    if (scoreMethod == "uncertainty")
        return settings.value("source", "proxy") == "teacher";
    const MethodInfo *info = findMethod(scoreMethod);
    return info && info->usesTeacher;
}

std::string methodDefinition(const std::string &method, bool classBalanced, const json &settings,
                             std::optional<Direction> direction)
{
    const MethodInfo *info = findMethod(method);
    if (!info)
        return method;
    if (method == "random")
        return classBalanced
            ? "random, class-balanced: within each class a seeded uniformly random subset; class c "
              "keeps its largest-remainder share of round(f·N), so each class keeps fraction f"
            : "random: a seeded uniformly random subset of round(f·N) training samples";
    std::string text = info->title + ": " + info->definition + ".";
    if (method == "ccs")
        if (const MethodInfo *base = findMethod(scoringMethod(method, settings)))
            text += " Base score " + base->title + ": " + base->definition + ".";
    if (!info->scoreFree) {
        const Direction d = direction.value_or(info->defaultDirection);
        text += " Hard = " + info->hard + ". Keeps the " + directionName(d)
            + (d == Direction::Middle || d == Direction::Stratified ? "" : " samples")
            + " (exactly round(f·N); ties broken by a seeded random order)";
        text += classBalanced ? ", within each class (class c keeps its largest-remainder share)."
                              : ".";
    }
    if (!settings.empty())
        text += " Settings: " + settings.dump() + ".";
    return text;
}

} // namespace engine
