#include "engine/experiment/spec.h"

#include "engine/core/file_bytes.h"
#include "engine/core/json_reader.h"
#include "engine/core/number_list.h"
#include "engine/models/model_registry.h"
#include "engine/prune/score_io.h"
#include "engine/train/budget.h"

#include <cmath>
#include <set>

namespace engine {

using nlohmann::json;

namespace {

std::string range(double low, double high, bool lowOpen, bool highOpen)
{
    return std::string(lowOpen ? "(" : "[") + formatNumber(low) + ", " + formatNumber(high)
        + (highOpen ? ")" : "]");
}

/// Checks lo <(=) value <(=) hi, recording "<value> is outside <range>: <meaning>".
bool inRange(JsonObjectReader &in, const std::string &key, double value, double lo, double hi,
             bool loOpen, bool hiOpen, const std::string &meaning)
{
    const bool ok = std::isfinite(value) && (loOpen ? value > lo : value >= lo)
        && (hiOpen ? value < hi : value <= hi);
    if (!ok)
        in.problem(key,
                   formatNumber(value) + " is outside " + range(lo, hi, loOpen, hiOpen)
                       + (meaning.empty() ? "" : ": " + meaning));
    return ok;
}

void readRecipe(const json *object, const std::string &path, TrainRecipe &r,
                std::vector<Problem> &problems)
{
    if (!object) {
        problems.push_back({ path,
                             "required: a training recipe with a budget, e.g. {\"epochs\": 4} or "
                             "{\"steps\": 1500}" });
        return;
    }
    JsonObjectReader in(*object, path, problems);
    const auto epochs = in.integer("epochs");
    const auto steps = in.integer("steps");
    if (epochs && steps)
        in.problem("steps", "give \"epochs\" or \"steps\", not both");
    else if (epochs) {
        if (inRange(in, "epochs", double(*epochs), 1, 100000, false, false,
                    "the number of passes over the training set"))
            r.budget = { BudgetUnit::Epochs, *epochs };
    } else if (steps) {
        if (inRange(in, "steps", double(*steps), 1, 1e9, false, false,
                    "the number of optimiser steps"))
            r.budget = { BudgetUnit::Steps, *steps };
    } else if (!in.has("epochs") && !in.has("steps")) {
        problems.push_back({ path, "the budget is missing: give \"epochs\": N or \"steps\": N" });
    }
    if (auto v = in.integer("batch_size");
        v && inRange(in, "batch_size", double(*v), 1, 65536, false, false, ""))
        r.batchSize = *v;
    if (auto v = in.number("lr");
        v && inRange(in, "lr", *v, 0, 100, true, false, "the peak learning rate"))
        r.lr = *v;
    if (auto v = in.number("momentum"); v && inRange(in, "momentum", *v, 0, 1, false, true, ""))
        r.momentum = *v;
    if (auto v = in.boolean("nesterov"))
        r.nesterov = *v;
    if (r.nesterov && r.momentum == 0.0)
        in.problem(
            "nesterov",
            "Nesterov momentum needs a momentum above 0; set \"nesterov\": false or a momentum");
    if (auto v = in.number("weight_decay");
        v && inRange(in, "weight_decay", *v, 0, 1, false, false, ""))
        r.weightDecay = *v;
    if (auto v = in.string("schedule")) {
        if (auto kind = parseScheduleKind(*v))
            r.schedule.kind = *kind;
        else
            in.problem("schedule",
                       "unknown schedule '" + *v + "'; expected onecycle, cosine or constant");
    }
    if (auto v = in.number("pct_start");
        v && inRange(in, "pct_start", *v, 0, 1, true, true, "the share of steps spent warming up"))
        r.schedule.pctStart = *v;
    if (auto v = in.number("div_factor");
        v && inRange(in, "div_factor", *v, 1, 1e6, false, false, ""))
        r.schedule.divFactor = *v;
    if (auto v = in.number("final_div_factor");
        v && inRange(in, "final_div_factor", *v, 1, 1e9, false, false, ""))
        r.schedule.finalDivFactor = *v;
    if (auto v = in.number("warmup_fraction");
        v && inRange(in, "warmup_fraction", *v, 0, 1, false, true, ""))
        r.schedule.warmupFraction = *v;
    if (auto v = in.number("label_smoothing");
        v && inRange(in, "label_smoothing", *v, 0, 1, false, true, ""))
        r.labelSmoothing = *v;
    if (auto v = in.integer("crop_padding");
        v && inRange(in, "crop_padding", double(*v), 0, 16, false, false, "pixels"))
        r.cropPadding = *v;
    if (auto v = in.boolean("flip"))
        r.flip = *v;
    if (auto v = in.integer("eval_points");
        v && inRange(in, "eval_points", double(*v), 1, 10000, false, false, ""))
        r.evalPoints = *v;
    r.schedule.peakLr = r.lr;
    in.finish();
}

void checkModelName(JsonObjectReader &in, const std::string &key,
                    const std::optional<std::string> &model)
{
    if (model && !parseModelName(*model))
        in.problem(key, "unknown model '" + *model + "'; known: " + modelNameHelp());
}

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

/// "alpha_schedule": [[f, α], ...] with f strictly increasing in (0, 1] and α in [0, 1].
void readAlphaSchedule(JsonObjectReader &in, std::vector<AlphaPoint> &schedule)
{
    const json *v = in.array("alpha_schedule");
    if (!v)
        return;
    const std::string field = in.field("alpha_schedule");
    for (size_t i = 0; i < v->size(); ++i) {
        const json &point = (*v)[i];
        const std::string where = field + "[" + std::to_string(i) + "]";
        if (!point.is_array() || point.size() != 2 || !point[0].is_number()
            || !point[1].is_number()) {
            in.problems().push_back({ where, "expected a point [f, α], got " + point.dump() });
            return;
        }
        const AlphaPoint p { point[0].get<double>(), point[1].get<double>() };
        if (!(p.fraction > 0 && p.fraction <= 1))
            in.problems().push_back(
                { where, "f = " + formatNumber(p.fraction) + " is outside (0, 1]" });
        if (!(p.alpha >= 0 && p.alpha <= 1))
            in.problems().push_back(
                { where, "α = " + formatNumber(p.alpha) + " is outside [0, 1]" });
        if (!schedule.empty() && !(p.fraction > schedule.back().fraction))
            in.problems().push_back({ where, "the points must have increasing f" });
        schedule.push_back(p);
    }
    if (schedule.empty())
        in.problem("alpha_schedule", "the schedule has no points");
}

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

json datasetJson(const DatasetInfo &d, bool full)
{
    json j { { "format", std::string(formatName(d.format)) },
             { "fingerprint", d.fingerprint },
             { "train_size", d.trainSize() } };
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
json teacherJson(const TeacherSpec &t, bool identityOnly = false)
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
                  "(1 − α)·CE(z_s, y) + α·τ²·KL(softmax(z_t/τ) ‖ softmax(z_s/τ)), batch mean" } };
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

/// {"file": "t.pt", "input": "standardized" | "unit" | {"mean": [...], "std": [...]}}
static void readImportedTeacher(const json &object, JsonObjectReader &te, TeacherSpec &teacher,
                                std::vector<Problem> &problems)
{
    namespace fs = std::filesystem;
    teacher.model = "torchscript";
    if (auto file = te.string("file")) {
        teacher.file = *file;
        std::error_code ec;
        if (file->empty())
            te.problem("file", "is empty; expected the path of a TorchScript .pt file");
        else if (!fs::is_regular_file(*file, ec))
            te.problem("file",
                       "'" + *file
                           + "' does not exist (a TorchScript .pt file saved with "
                             "torch.jit.save is expected)");
    }
    if (te.has("input")) {
        const json *raw = nullptr;
        if (!object.at("input").is_object()) {
            const auto kind = te.string("input");
            if (kind && (*kind == "standardized" || *kind == "unit"))
                teacher.input.kind = *kind;
            else if (kind)
                te.problem("input",
                           "'" + *kind
                               + "' is unknown; expected \"standardized\" (this "
                                 "dataset's per-channel mean and std), \"unit\" "
                                 "(pixels in [0, 1]) or {\"mean\": [...], \"std\": [...]}");
        } else if ((raw = te.object("input"))) {
            JsonObjectReader in(*raw, "teacher.input", problems);
            teacher.input.kind = "normalize";
            if (auto mean = in.numberList("mean"))
                teacher.input.mean = *mean;
            else
                in.problem("mean", "required: one value per channel, for pixels in [0, 1]");
            if (auto sd = in.numberList("std"))
                teacher.input.stdDev = *sd;
            else
                in.problem("std", "required: one value per channel, for pixels in [0, 1]");
            for (double v : teacher.input.stdDev)
                if (!(v > 0))
                    in.problem("std", "every value must be > 0");
            if (teacher.input.mean.size() != teacher.input.stdDev.size())
                in.problem("std",
                           "has " + std::to_string(teacher.input.stdDev.size())
                               + " values and mean has "
                               + std::to_string(teacher.input.mean.size()));
            in.finish();
        }
    }
    te.string("file_hash"); // written into stored run configs; recomputed from the file
    for (const char *key : { "train", "seed" })
        if (te.has(key)) {
            te.problem(key,
                       "an imported teacher is trained already; leave out \"" + std::string(key)
                           + "\"");
        }
}

namespace {

void readInjection(const json &object, InjectionSpec &out, std::vector<Problem> &problems)
{
    JsonObjectReader in(object, "dataset.inject", problems);
    if (auto rate = in.number("label_noise");
        rate && inRange(in, "label_noise", *rate, 0, 0.9, false, false, "share of labels"))
        out.labelNoise = *rate;
    if (auto mode = in.string("label_mode")) {
        if (*mode == "symmetric")
            out.labelMode = LabelNoise::Symmetric;
        else if (*mode == "pairs")
            out.labelMode = LabelNoise::ClassPairs;
        else
            in.problem("label_mode",
                       "'" + *mode
                           + "' must be \"symmetric\" (any other class) or \"pairs\" (class c "
                             "becomes c + 1)");
    }
    if (auto each = in.number("corrupt_each");
        each && inRange(in, "corrupt_each", *each, 0, 0.1, false, false, "share of images"))
        out.corruptEach = *each;
    if (const json *kinds = in.array("corruptions")) {
        for (const auto &k : *kinds) {
            const auto c = k.is_string() ? parseCorruption(k.get<std::string>()) : std::nullopt;
            if (!c) {
                std::string names;
                for (auto known : allCorruptions())
                    names += (names.empty() ? "" : ", ") + std::string(corruptionName(known));
                in.problem("corruptions",
                           k.dump() + " is not a corruption; expected one of " + names);
            } else {
                out.corruptions.push_back(*c);
            }
        }
    }
    if (auto seed = in.integer("seed"))
        out.seed = *seed;
    in.finish();
    if (out.corruptEach * double(out.kinds().size()) > 0.5)
        problems.push_back({ "dataset.inject.corrupt_each",
                             formatNumber(out.corruptEach) + " × "
                                 + std::to_string(out.kinds().size())
                                 + " corruptions would corrupt more than half of the images" });
}

json injectionJson(const InjectionSpec &in)
{
    json kinds = json::array();
    for (auto c : in.corruptions)
        kinds.push_back(std::string(corruptionName(c)));
    return { { "label_noise", in.labelNoise },
             { "label_mode", in.labelMode == LabelNoise::Symmetric ? "symmetric" : "pairs" },
             { "corrupt_each", in.corruptEach },
             { "corruptions", kinds },
             { "seed", in.seed } };
}

} // namespace

ParsedSpec parseSpec(std::string_view text)
{
    ParsedSpec result;
    auto &spec = result.spec;
    auto &problems = result.problems;
    json root;
    try {
        root = json::parse(text);
    } catch (const json::parse_error &e) {
        problems.push_back({ "", std::string("not valid JSON: ") + e.what() });
        return result;
    }
    if (!root.is_object()) {
        problems.push_back({ "", "the spec must be a JSON object {...}" });
        return result;
    }
    JsonObjectReader in(root, "", problems);
    spec.name = in.string("name").value_or("experiment");

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
        if (auto seed = pr.integer("score_seed");
            seed && inRange(pr, "score_seed", double(*seed), 0, 9e15, false, false, ""))
            spec.scoreSeed = *seed;
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
                          formatNumber(f) + " is outside (0, 1]: a kept fraction is N_kept / N" });
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
            if (!(s >= 0 && s < 9e15) || std::floor(s) != s)
                problems.push_back({ "seeds[" + std::to_string(i) + "]",
                                     formatNumber(s) + " is not a whole number ≥ 0" });
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
    j["student"] = { { "model", spec.studentModel }, { "train", recipeJson(spec.student) } };
    if (spec.teacher)
        j["teacher"] = teacherJson(*spec.teacher);
    j["pruning"] = { { "method", spec.method },        { "class_balanced", spec.classBalanced },
                     { "fractions", spec.fractions },  { "settings", spec.methodSettings },
                     { "score_seed", spec.scoreSeed }, { "strata", spec.strata } };
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

namespace {

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
    const json &settings = spec.methodSettings;
    plan.direction = spec.direction.value_or(info->defaultDirection);
    if (spec.method == "subset") {
        try {
            plan.subsetSize = static_cast<int64_t>(
                readSubsetFile(settings.value("path", ""), n, dataset.fingerprint).size());
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
            key["content"] = checkScoreFile(path, n, dataset.fingerprint);
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
            if (checkpointStep(settings, proxy.recipe, n) > total)
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
                run.scoreSeed = spec.scoreSeed;
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

std::string runConfigJson(const RunConfig &run)
{
    return runJson(run, false).dump();
}
std::string runIdentityJson(const RunConfig &run, Identity level)
{
    json j = runJson(run, true);
    if (level != Identity::Run)
        j.erase("seed");
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
