#include "engine/experiment/spec_fields.h"

#include "engine/core/file_bytes.h"
#include "engine/core/number_list.h"
#include "engine/models/model_registry.h"
#include "engine/prune/score_io.h"

#include <cmath>
#include <filesystem>

namespace engine::fields {

using nlohmann::json;

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

/// {"file": "t.pt", "input": "standardized" | "unit" | {"mean": [...], "std": [...]}}
void readImportedTeacher(const json &object, JsonObjectReader &te, TeacherSpec &teacher,
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

void readInjection(const json &object, InjectionSpec &out, std::vector<Problem> &problems)
{
    JsonObjectReader in(object, "dataset.inject", problems);
    if (auto rate = in.number("label_noise");
        rate && inRange(in, "label_noise", *rate, 0, 0.9, false, false, "share of labels"))
        out.labelNoise = *rate;
    if (auto mode = in.string("label_mode")) {
        if (auto parsed = parseLabelNoise(*mode))
            out.labelMode = *parsed;
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
    if (auto seed = in.integer("seed");
        seed && inRange(in, "seed", double(*seed), 0, 9e15, false, false, "a seed"))
        out.seed = *seed;
    in.finish();
    if (out.corruptEach * double(out.kinds().size()) > 0.5)
        problems.push_back({ "dataset.inject.corrupt_each",
                             formatNumber(out.corruptEach) + " × "
                                 + std::to_string(out.kinds().size())
                                 + " corruptions would corrupt more than half of the images" });
}

} // namespace engine::fields
