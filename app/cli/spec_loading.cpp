#include "app/cli/spec_loading.h"

#include "engine/core/errors.h"
#include "engine/core/json_reader.h"
#include "engine/core/number_list.h"
#include "storage/store.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace cli {

using nlohmann::json;

namespace {

std::optional<std::string> readFile(const std::string &path, std::string &error)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = "cannot read spec '" + path + "': no such file or not readable";
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// Writes each given flag into the spec JSON at its field, as text the spec parser reads (so a
/// bad flag value is reported under the field it sets). Returns a problem per flag whose field
/// sits under something that is not an object.
std::vector<engine::Problem> applyOverrides(json &spec, const RunOptions &o)
{
    std::vector<engine::Problem> problems;
    // The object at path (created when missing), or nullptr and a problem when a part is not one.
    auto objectAt = [&](std::initializer_list<const char *> path, const char *flag) -> json * {
        json *node = &spec;
        std::string field;
        for (const char *part : path) {
            field += (field.empty() ? "" : ".") + std::string(part);
            json &child = (*node)[part];
            if (child.is_null())
                child = json::object();
            if (!child.is_object()) {
                problems.push_back({ field,
                                     std::string("is not an object {...}, so ") + flag
                                         + " cannot set a field in it" });
                return nullptr;
            }
            node = &child;
        }
        return node;
    };
    auto set = [&](std::initializer_list<const char *> parent, const char *key,
                   const std::optional<std::string> &value, const char *flag,
                   const char *replaces = nullptr) {
        if (!value)
            return;
        if (json *node = objectAt(parent, flag)) {
            if (replaces)
                node->erase(replaces);
            (*node)[key] = *value;
        }
    };
    if (o.name)
        spec["name"] = *o.name;
    if (o.seeds)
        spec["seeds"] = *o.seeds;
    if (o.device)
        spec["device"] = *o.device;
    if (o.runsAtOnce) {
        // A whole number goes in as a number, anything else as text for the spec's own check.
        const std::string &text = *o.runsAtOnce;
        const bool digits = !text.empty() && text.size() < 10
            && text.find_first_not_of("0123456789") == std::string::npos;
        spec["runs_at_once"] = digits ? json(std::stoll(text)) : json(text);
    }
    set({ "dataset" }, "path", o.dataset, "--dataset");
    set({ "dataset" }, "format", o.datasetFormat, "--dataset-format");
    if (o.imageSize)
        if (json *node = objectAt({ "dataset" }, "--image-size"))
            (*node)["image_size"] = *o.imageSize;
    set({ "student" }, "model", o.student, "--student");
    set({ "teacher" }, "model", o.teacher, "--teacher");
    if (o.method && spec.contains("pruning") && spec["pruning"].is_object()
        && spec["pruning"].value("method", "random") != *o.method) {
        // Settings belong to the spec's method; another method starts from its own defaults.
        spec["pruning"].erase("settings");
        spec["pruning"].erase("direction");
    }
    set({ "pruning" }, "method", o.method, "--method");
    set({ "pruning" }, "direction", o.direction, "--direction");
    set({ "pruning" }, "fractions", o.fractions, "--fractions");
    set({ "distillation" }, "alphas", o.alphas, "--alphas");
    set({ "distillation" }, "tau", o.tau, "--tau");
    set({ "student", "train" }, "batch_size", o.batchSize, "--batch-size");
    set({ "student", "train" }, "steps", o.steps, "--steps", "epochs");
    set({ "student", "train" }, "epochs", o.epochs, "--epochs", "steps");
    set({ "teacher", "train" }, "epochs", o.teacherEpochs, "--teacher-epochs", "steps");
    set({ "dataset", "inject" }, "label_noise", o.labelNoise, "--label-noise");
    set({ "dataset", "inject" }, "label_mode", o.labelMode, "--label-mode");
    set({ "dataset", "inject" }, "corrupt_each", o.corruptEach, "--corrupt-each");
    set({ "dataset", "inject" }, "seed", o.injectSeed, "--inject-seed");
    if (o.corruptions)
        if (json *node = objectAt({ "dataset", "inject" }, "--corruptions")) {
            json list = json::array();
            std::stringstream names(*o.corruptions);
            for (std::string name; std::getline(names, name, ',');)
                if (!name.empty())
                    list.push_back(name);
            (*node)["corruptions"] = list;
        }
    if (o.classBalanced)
        if (json *node = objectAt({ "pruning" }, "--class-balanced"))
            (*node)["class_balanced"] = *o.classBalanced;
    return problems;
}

} // namespace

std::vector<engine::ProtectedPath> protectedInputs(const std::string &store,
                                                   const std::string &specPath,
                                                   const engine::ExperimentSpec &spec)
{
    auto inputs = storage::Store::protectedPathsOf(store);
    if (!specPath.empty())
        inputs.push_back({ specPath, "the spec" });
    inputs.push_back(
        { spec.datasetPath, "the dataset", std::filesystem::is_directory(spec.datasetPath) });
    return inputs;
}

namespace {

/// The file's JSON (an object), or nullopt after printing why not.
std::optional<json> readSpecJson(const std::string &path, const std::string &what)
{
    std::string error;
    const auto text = readFile(path, error);
    if (!text) {
        std::cerr << "error: " << error << '\n';
        return std::nullopt;
    }
    json spec;
    try {
        spec = engine::parseUserJson(*text, what);
    } catch (const engine::ConfigError &e) {
        std::cerr << "error: " << e.what() << '\n';
        return std::nullopt;
    }
    if (!spec.is_object()) {
        std::cerr << "error: " << what << " must be a JSON object {...}\n";
        return std::nullopt;
    }
    return spec;
}

/// One spec with the overrides applied, parsed; problems are prefixed with prefix.
engine::ParsedSpec parseWithOverrides(json spec, const RunOptions &options,
                                      const std::string &prefix)
{
    std::vector<engine::Problem> overrideProblems = applyOverrides(spec, options);
    engine::ParsedSpec parsed = engine::parseSpec(spec.dump());
    parsed.problems.insert(parsed.problems.begin(), overrideProblems.begin(),
                           overrideProblems.end());
    for (auto &p : parsed.problems)
        p.field = prefix + p.field;
    return parsed;
}

bool reportProblems(const std::vector<engine::Problem> &problems, const std::string &what)
{
    if (problems.empty())
        return false;
    std::cerr << "error: " << what << " (with the command-line overrides) has " << problems.size()
              << (problems.size() == 1 ? " problem:\n" : " problems:\n");
    for (const auto &p : problems)
        std::cerr << "  " << p.field << ": " << p.message << '\n';
    return true;
}

} // namespace

std::optional<engine::ExperimentSpec> loadSpec(const RunOptions &options)
{
    json spec;
    const std::string what = options.specPath.empty() ? std::string("the command line")
                                                      : "spec '" + options.specPath + "'";
    if (options.specPath.empty()) {
        spec = { { "name", "flags" },
                 { "student", { { "model", "smallcnn" }, { "train", { { "epochs", 1 } } } } },
                 { "pruning", { { "method", "random" }, { "fractions", { 1.0 } } } } };
    } else {
        auto read = readSpecJson(options.specPath, what);
        if (!read)
            return std::nullopt;
        if (read->contains("experiments")) {
            std::cerr << "error: " << what
                      << " is a study of several experiments; this command takes one experiment "
                         "spec (`prunescope-cli run` runs a study)\n";
            return std::nullopt;
        }
        spec = std::move(*read);
    }
    engine::ParsedSpec parsed = parseWithOverrides(spec, options, "");
    if (reportProblems(parsed.problems, what))
        return std::nullopt;
    return parsed.spec;
}

std::optional<Study> loadStudy(const RunOptions &options)
{
    const std::string what = "spec '" + options.specPath + "'";
    auto root = readSpecJson(options.specPath, what);
    if (!root)
        return std::nullopt;
    Study study;
    if (!root->contains("experiments")) {
        engine::ParsedSpec parsed = parseWithOverrides(*root, options, "");
        if (reportProblems(parsed.problems, what))
            return std::nullopt;
        study.experiments.push_back(parsed.spec);
        return study;
    }
    std::vector<engine::Problem> problems;
    engine::JsonObjectReader in(*root, "", problems);
    study.name = in.string("name").value_or("");
    study.summary = in.string("summary").value_or("");
    study.expected = in.string("expected").value_or("");
    if (auto finding = in.integer("finding"))
        study.finding = int(*finding);
    const json *list = in.array("experiments");
    in.finish();
    if (list && list->empty())
        problems.push_back({ "experiments", "empty: a study lists at least one experiment spec" });
    if (list)
        for (size_t i = 0; i < list->size(); ++i) {
            const std::string prefix = "experiments[" + std::to_string(i) + "].";
            if (!(*list)[i].is_object()) {
                problems.push_back({ "experiments[" + std::to_string(i) + "]",
                                     "expected an experiment spec {...}" });
                continue;
            }
            engine::ParsedSpec parsed = parseWithOverrides((*list)[i], options, prefix);
            problems.insert(problems.end(), parsed.problems.begin(), parsed.problems.end());
            study.experiments.push_back(parsed.spec);
        }
    if (reportProblems(problems, what))
        return std::nullopt;
    return study;
}

} // namespace cli
