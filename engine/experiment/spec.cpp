#include "engine/experiment/spec.h"

#include "engine/core/json_reader.h"
#include "engine/core/limits.h"
#include "engine/core/number_list.h"
#include "engine/experiment/run_expansion.h"
#include "engine/experiment/spec_fields.h"
#include "engine/models/model_registry.h"
#include "engine/prune/score_io.h"

#include <cmath>
#include <set>

namespace engine {

using nlohmann::json;
using namespace fields;

namespace {

/// Temperatures that can train: below, softmax(z/τ) is one-hot; above, flat.
constexpr double kMinTau = 0.05, kMaxTau = 100;
/// Seeds are exact in JSON (doubles) up to 2^53; a round bound below that.
constexpr double kMaxSeed = 9e15;

} // namespace

ParsedSpec parseSpec(std::string_view text)
{
    ParsedSpec result;
    auto &spec = result.spec;
    auto &problems = result.problems;
    json root;
    try {
        root = parseUserJson(text, "the spec");
    } catch (const ConfigError &e) {
        problems.push_back({ "", e.what() });
        return result;
    }
    if (!root.is_object()) {
        problems.push_back({ "", "the spec must be a JSON object {...}" });
        return result;
    }
    JsonObjectReader in(root, "", problems);
    spec.name = in.string("name").value_or("experiment");
    if (spec.name.size() > kMaxNameLength) {
        in.problem("name",
                   groupThousands(int64_t(spec.name.size())) + " characters; a name has at most "
                       + std::to_string(kMaxNameLength));
        spec.name.resize(kMaxNameLength);
    }

    if (const json *d = in.object("dataset")) {
        JsonObjectReader ds(*d, "dataset", problems);
        if (auto path = ds.string("path"))
            spec.datasetPath = *path;
        if (auto format = ds.string("format")) {
            if (auto f = parseDatasetFormat(*format))
                spec.datasetFormat = *f;
            else
                ds.problem("format",
                           "unknown format '" + *format + "'; expected one of "
                               + datasetFormatChoices());
        }
        if (auto size = ds.integer("image_size");
            size && inRange(ds, "image_size", double(*size), 8, 512, false, false, "pixels"))
            spec.imageOptions.imageSize = int(*size);
        if (auto channels = ds.integer("channels")) {
            if (*channels == 1 || *channels == 3)
                spec.imageOptions.channels = int(*channels);
            else
                ds.problem("channels", std::to_string(*channels) + " must be 1 (grey) or 3 (RGB)");
        }
        if (auto onCorrupt = ds.string("on_corrupt")) {
            if (*onCorrupt == "error" || *onCorrupt == "skip")
                spec.imageOptions.skipCorrupt = *onCorrupt == "skip";
            else
                ds.problem("on_corrupt", "'" + *onCorrupt + "' must be \"error\" or \"skip\"");
        }
        if (auto cache = ds.string("cache"))
            spec.imageOptions.cacheDir = *cache;
        if (const json *inject = ds.object("inject"))
            readInjection(*inject, spec.injection, problems);
        if (auto v = ds.number("validation")) {
            if (!(*v >= 0) || (*v >= 1 && *v != std::floor(*v)))
                ds.problem("validation",
                           formatNumber(*v)
                               + ": expected a count of training images (0, 1, 2, …; 0 = no "
                                 "validation split) or a share between 0 and 1 (0.1 = 10 %)");
            else
                spec.validation = *v;
        }
        if (auto seed = ds.integer("validation_seed"))
            spec.validationSeed = *seed;
        ds.finish();
    }

    if (const json *s = in.object("student")) {
        JsonObjectReader st(*s, "student", problems);
        const auto model = st.string("model");
        if (!model)
            problems.push_back(
                { "student.model",
                  "required: the student architecture, e.g. \"smallcnn\" or \"resnet20\"" });
        checkModelName(st, "model", model);
        spec.studentModel = model.value_or("");
        readRecipe(st.object("train"), "student.train", spec.student, problems);
        st.finish();
    } else {
        problems.push_back({ "student", "required: {\"model\": ..., \"train\": {...}}" });
    }

    if (const json *t = in.object("teacher")) {
        JsonObjectReader te(*t, "teacher", problems);
        TeacherSpec teacher;
        const auto model = te.string("model");
        if (te.has("file")) {
            readImportedTeacher(*t, te, teacher, problems);
            if (model && *model != "torchscript")
                te.problem("model",
                           "'" + *model
                               + "' contradicts \"file\": an imported teacher is \"torchscript\"");
        } else {
            if (!model)
                problems.push_back(
                    { "teacher.model",
                      "required: the teacher architecture, e.g. \"smallcnn\", or \"file\": a "
                      "TorchScript .pt to import" });
            checkModelName(te, "model", model);
            teacher.model = model.value_or("");
            if (auto seed = te.integer("seed");
                seed && inRange(te, "seed", double(*seed), 0, 9e15, false, false, ""))
                teacher.seed = *seed;
            readRecipe(te.object("train"), "teacher.train", teacher.recipe, problems);
        }
        te.finish();
        spec.teacher = teacher;
    }

    if (const json *p = in.object("pruning")) {
        JsonObjectReader pr(*p, "pruning", problems);
        if (auto method = pr.string("method")) {
            if (!findMethod(*method)) {
                std::string list;
                for (const auto &k : knownMethods())
                    list += (list.empty() ? "" : ", ") + k;
                pr.problem("method", "unknown method '" + *method + "'; available: " + list);
            }
            spec.method = *method;
        }
        if (auto d = pr.string("direction")) {
            if (auto parsed = parseDirection(*d))
                spec.direction = *parsed;
            else
                pr.problem("direction",
                           "unknown direction '" + *d
                               + "'; expected hardest, easiest, middle or stratified");
        }
        json settings = json::object();
        if (const json *st = pr.object("settings"))
            settings = *st;
        if (findMethod(spec.method)) {
            std::vector<std::pair<std::string, std::string>> settingProblems;
            spec.methodSettings = resolveSettings(spec.method, settings, settingProblems);
            for (auto &[field, message] : settingProblems)
                problems.push_back({ field, message });
        }
        if (pr.has("score_seed") && (*p)["score_seed"].is_string()) {
            if (pr.string("score_seed") != "per_run")
                pr.problem("score_seed",
                           "'" + (*p)["score_seed"].get<std::string>()
                               + "': expected \"per_run\" (each run's proxies drawn from its own "
                                 "seed) or a number (one score shared by every run)");
        } else if (auto seed = pr.integer("score_seed");
                   seed && inRange(pr, "score_seed", double(*seed), 0, 9e15, false, false, "")) {
            spec.scoreSeed = *seed;
            spec.scorePerRun = false;
        }
        if (auto strata = pr.integer("strata"); strata
            && inRange(pr, "strata", double(*strata), 1, 100000, false, false,
                       "equal-width score strata"))
            spec.strata = *strata;
        if (const json *px = pr.object("proxy")) {
            JsonObjectReader pj(*px, "pruning.proxy", problems);
            ProxySpec proxy;
            const auto model = pj.string("model");
            checkModelName(pj, "model", model);
            proxy.model = model.value_or("");
            proxy.recipe.budget = {}; // marks "the student's recipe" until read
            if (pj.has("train"))
                readRecipe(pj.object("train"), "pruning.proxy.train", proxy.recipe, problems);
            pj.finish();
            spec.proxy = proxy;
        }
        if (const MethodInfo *info = findMethod(spec.method)) {
            if (info->scoreFree && spec.direction)
                pr.problem("direction", spec.method + " keeps no end of a score; remove direction");
            if (spec.method == "ccs" && spec.direction && *spec.direction != Direction::Stratified)
                pr.problem("direction", "ccs always selects stratified; remove direction");
        }
        if (auto v = pr.boolean("class_balanced"))
            spec.classBalanced = *v;
        if (auto fractions = pr.numberList("fractions")) {
            for (size_t i = 0; i < fractions->size(); ++i) {
                const double f = (*fractions)[i];
                if (!(f > 0.0 && f <= 1.0))
                    problems.push_back(
                        { "pruning.fractions[" + std::to_string(i) + "]",
                          formatNumber(f)
                              + " is outside (0, 1]: a kept fraction is N_kept / N"
                              // "2, 10, 30" is nearly always meant as per cent.
                              + (f > 1.0 && f <= 100.0 ? "; did you mean " + formatNumber(f)
                                         + " % (" + formatNumber(f / 100) + ")?"
                                                       : std::string()) });
            }
            checkUnique(pr, "fractions", *fractions);
            spec.fractions = *fractions;
        } else if (!pr.has("fractions") && spec.method != "subset") {
            problems.push_back(
                { "pruning.fractions",
                  "required: the kept fractions, e.g. [0.1, 0.5] or \"0.1, 0.2, ..., 1.0\"" });
        }
        pr.finish();
    } else {
        problems.push_back(
            { "pruning", "required: {\"method\": \"random\", \"fractions\": [...]}" });
    }

    if (const json *d = in.object("distillation")) {
        JsonObjectReader di(*d, "distillation", problems);
        if (auto alphas = di.numberList("alphas")) {
            for (size_t i = 0; i < alphas->size(); ++i) {
                const double a = (*alphas)[i];
                if (!(a >= 0.0 && a <= 1.0))
                    problems.push_back(
                        { "distillation.alphas[" + std::to_string(i) + "]",
                          formatNumber(a)
                              + " is outside [0, 1]: α weights the KD term, 0 = no distillation" });
            }
            checkUnique(di, "alphas", *alphas);
            spec.alphas = *alphas;
        } else if (di.has("alpha_schedule")) {
            spec.alphas.clear(); // a schedule alone runs only the scheduled α
        }
        readAlphaSchedule(di, spec.alphaSchedule);
        if (auto tau = di.number("tau")) {
            if (!(*tau > 0.0) || !std::isfinite(*tau))
                di.problem("tau",
                           formatNumber(*tau) + " is not a valid temperature: τ must be > 0");
            else if (*tau < kMinTau || *tau > kMaxTau)
                di.problem("tau",
                           formatNumber(*tau) + " is outside [" + formatNumber(kMinTau) + ", "
                               + formatNumber(kMaxTau)
                               + "]: beyond it softmax(z/τ) is one-hot or flat and the KD "
                                 "term cannot train");
            spec.tau = *tau;
        }
        if (auto v = di.boolean("tau_squared"))
            spec.tauSquared = *v;
        di.finish();
    }

    if (auto seeds = in.numberList("seeds")) {
        spec.seeds.clear();
        for (size_t i = 0; i < seeds->size(); ++i) {
            const double s = (*seeds)[i];
            const std::string field = "seeds[" + std::to_string(i) + "]";
            if (!std::isfinite(s) || std::floor(s) != s || s < 0) {
                problems.push_back({ field, formatNumber(s) + " is not a whole number ≥ 0" });
                continue;
            }
            if (s > kMaxSeed) {
                problems.push_back({ field,
                                     formatNumber(s) + " is too large: a seed is at most "
                                         + formatNumber(kMaxSeed)
                                         + " (larger numbers are not exact in JSON)" });
                continue;
            }
            spec.seeds.push_back(static_cast<int64_t>(s));
        }
        checkUnique(in, "seeds", spec.seeds);
    }

    if (auto device = in.string("device")) {
        const bool ok = *device == "auto" || *device == "cpu" || *device == "cuda"
            || (device->starts_with("cuda:") && device->size() > 5
                && device->find_first_not_of("0123456789", 5) == std::string::npos);
        if (!ok)
            in.problem("device",
                       "unknown device '" + *device + "'; expected auto, cpu, cuda or cuda:N");
        spec.device = *device;
    }
    if (in.has("runs_at_once")) {
        const std::string expected = "expected \"auto\" or a whole number from 1 to 64";
        if (root["runs_at_once"].is_string()) {
            if (auto text = in.string("runs_at_once"); text != "auto")
                in.problem("runs_at_once", "'" + *text + "': " + expected);
        } else if (root["runs_at_once"].is_number_integer()) {
            const int64_t k = *in.integer("runs_at_once");
            if (k >= 1 && k <= 64)
                spec.runsAtOnce = static_cast<int>(k);
            else
                in.problem("runs_at_once", std::to_string(k) + ": " + expected);
        } else {
            in.problem("runs_at_once", root["runs_at_once"].dump() + ": " + expected);
        }
    }
    in.finish();

    if (findMethod(spec.method) && !spec.teacher && !root.contains("teacher")
        && scoreUsesTeacher(scoringMethod(spec.method, spec.methodSettings), spec.methodSettings))
        problems.push_back({ "teacher",
                             "required by pruning method " + spec.method
                                 + ", which reads the teacher's "
                                 + (spec.method == "uncertainty" ? "predictions" : "embedding")
                                 + ": {\"model\": ..., \"train\": {...}}" });
    else if (needsTeacher(spec) && !spec.teacher && !root.contains("teacher"))
        problems.push_back(
            { "teacher",
              "required when any α > 0: {\"model\": ..., \"train\": {...}}, trained on the full "
              "training set" });
    return result;
}

} // namespace engine
