#include "app/cli/cluster_cli.h"
#include "app/cli/datasets_command.h"
#include "app/cli/flags_command.h"
#include "app/cli/report_command.h"
#include "app/cli/results_command.h"
#include "app/cli/run_command.h"
#include "app/cli/scores_command.h"
#include "app/cli/stop_signal.h"
#include "app/cli/teacher_command.h"
#include "engine/core/errors.h"
#include "engine/data/dataset_info.h"
#include "engine/experiment/runner.h"
#include "engine/train/device.h"
#include "storage/store_error.h"

#include <CLI/CLI.hpp>
#include <iostream>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace {

/// Binds a string option whose absence matters (an override left out keeps the spec's value).
CLI::Option *optional(CLI::App *app, const std::string &name, std::optional<std::string> &target,
                      const std::string &help)
{
    return app->add_option_function<std::string>(
        name, [&target](const std::string &v) { target = v; }, help);
}

void setUpLogging(int verbosity)
{
    auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    for (const char *name : { "engine", "storage" }) {
        auto logger = std::make_shared<spdlog::logger>(name, sink);
        logger->set_pattern("%H:%M:%S %^%l%$ [%n] %v");
        logger->set_level(verbosity >= 2
                              ? spdlog::level::debug
                              : (verbosity == 1 ? spdlog::level::info : spdlog::level::warn));
        spdlog::register_logger(logger);
    }
}

void addInjection(CLI::App *cmd, cli::RunOptions &o)
{
    optional(cmd, "--label-noise", o.labelNoise,
             "Inject label noise: share of training labels changed (dataset.inject.label_noise)");
    optional(cmd, "--label-mode", o.labelMode,
             "symmetric (any other class) or pairs (c → c + 1) (dataset.inject.label_mode)");
    optional(cmd, "--corrupt-each", o.corruptEach,
             "Inject image corruptions: share of training images per kind "
             "(dataset.inject.corrupt_each)");
    optional(cmd, "--corruptions", o.corruptions,
             "Which: darken,brighten,blur,noise,duplicate,shifted_duplicate,bright_duplicate "
             "(default all; dataset.inject.corruptions)");
    optional(cmd, "--inject-seed", o.injectSeed, "Seed of the injection (dataset.inject.seed)");
}

/// The flags that override a spec's fields: `run` and `slurm submit` take the same.
void bindSpecOverrides(CLI::App *cmd, cli::RunOptions &o)
{
    optional(cmd, "--name", o.name, "Experiment name");
    optional(cmd, "--dataset", o.dataset, "Dataset folder (dataset.path)");
    optional(cmd, "--dataset-format", o.datasetFormat,
             "auto, idx, cifar10, cifar100, svhn or imagefolder (dataset.format)");
    cmd->add_option("--image-size", o.imageSize,
                    "Image folders: resize and centre-crop to this many pixels "
                    "(dataset.image_size)");
    optional(cmd, "--student", o.student, "Student model, e.g. smallcnn, resnet20 (student.model)");
    optional(cmd, "--teacher", o.teacher, "Teacher model (teacher.model)");
    optional(cmd, "--method", o.method,
             "Pruning method (pruning.method; `prunescope-cli methods` lists them)");
    optional(cmd, "--direction", o.direction,
             "Keep the hardest, easiest, middle or stratified (pruning.direction)");
    optional(cmd, "--fractions", o.fractions,
             "Kept fractions, e.g. \"0.02,0.1\" or \"0.1,0.2,...,1\"");
    optional(cmd, "--alphas", o.alphas,
             "KD weights α in [0, 1], e.g. \"0,0.5\" (distillation.alphas)");
    optional(cmd, "--tau", o.tau, "Temperature τ > 0 (distillation.tau)");
    optional(cmd, "--seeds", o.seeds, "Seeds, e.g. \"0,1,2\" (seeds)");
    optional(cmd, "--device", o.device, "auto, cpu, cuda or cuda:N (device)");
    optional(cmd, "--runs-at-once", o.runsAtOnce,
             "Student runs trained side by side: auto (2 on a CPU, each on half the cores; 4 "
             "on a GPU, each on its own stream) or 1..64 (runs_at_once)");
    optional(cmd, "--steps", o.steps, "Student budget in optimiser steps (student.train.steps)");
    optional(cmd, "--epochs", o.epochs, "Student budget in epochs (student.train.epochs)");
    optional(cmd, "--teacher-epochs", o.teacherEpochs,
             "Teacher budget in epochs (teacher.train.epochs)");
    optional(cmd, "--batch-size", o.batchSize, "Student batch size (student.train.batch_size)");
    cmd->add_flag_function(
        "--class-balanced", [&o](int64_t) { o.classBalanced = true; },
        "Class-balanced selection (pruning.class_balanced)");
    addInjection(cmd, o);
}

} // namespace

int main(int argc, char **argv)
{
    std::stop_source stop = cli::installStopSignals();
    CLI::App app { "Prunescope: data pruning with knowledge distillation, from the command line.\n"
                   "Runs the same engine as the workbench window and writes the same store." };
    app.set_version_flag("--version", "prunescope-cli 0.1.0");
    app.require_subcommand(1);
    int verbosity = 0;
    app.add_flag("-v,--verbose", verbosity, "Log more (-v: info, -vv: debug)");

    cli::RunOptions run;
    auto *runCmd = app.add_subcommand(
        "run",
        "Run an experiment spec: kept fractions × α × seeds, one shared teacher. "
        "Runs already in the store are skipped, so rerunning a spec finishes "
        "only what is missing.");
    runCmd->add_option("spec", run.specPath, "Experiment spec (JSON); see resources/presets/")
        ->required();
    runCmd->add_option("-s,--store", run.store, "Store file (SQLite; created if missing)")
        ->capture_default_str();
    bindSpecOverrides(runCmd, run);
    cli::addTaskOptions(*runCmd, run);
    runCmd->add_flag("--dry-run", run.dryRun,
                     "Validate the spec, load the dataset and list the runs; train nothing");

    cli::FlagsOptions flags;
    auto *flagsCmd = app.add_subcommand(
        "flags",
        "Label-issue and image-quality flags of a spec's training data: out-of-sample "
        "probabilities from K cross-validated models (cached in the store), confident learning, "
        "teacher disagreement, AUM, and image checks; CSV export, evaluation against injected "
        "noise, and the share of each finished run's kept samples that is flagged.");
    flagsCmd->add_option("spec", flags.spec.specPath,
                         "Experiment spec (JSON); without one: the dataset of --dataset");
    flagsCmd->add_option("-s,--store", flags.spec.store, "Store file (SQLite; created if missing)")
        ->capture_default_str();
    optional(flagsCmd, "--dataset", flags.spec.dataset, "Dataset folder (dataset.path)");
    optional(flagsCmd, "--dataset-format", flags.spec.datasetFormat,
             "auto, idx, ... (dataset.format)");
    flagsCmd->add_option("--image-size", flags.spec.imageSize, "Image folders: pixels");
    addInjection(flagsCmd, flags.spec);
    flagsCmd->add_option("--folds", flags.folds, "Cross-validation folds K")
        ->capture_default_str()
        ->check(CLI::Range(2, 20));
    flagsCmd->add_option("--epochs", flags.epochs, "Epochs each fold's model trains")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000));
    flagsCmd->add_option("--model", flags.model, "Model of the folds")->capture_default_str();
    flagsCmd->add_option("--seed", flags.seed, "Seed of the folds")->capture_default_str();
    flagsCmd
        ->add_option("--repeats", flags.repeats,
                     "Cross-validate R times (fold seeds seed … seed + R − 1) and average the "
                     "held-out probabilities: an ensemble of out-of-sample models; each repeat "
                     "is stored, so raising R trains only the new ones")
        ->capture_default_str()
        ->check(CLI::Range(1, 10));
    flagsCmd->add_option("--device", flags.device, "auto, cpu, cuda or cuda:N")
        ->capture_default_str();
    flagsCmd->add_option("--threshold", flags.thresholds,
                         "NAME=VALUE, a flag's threshold in [0, 1] (repeatable), e.g. dark=0.7");
    optional(flagsCmd, "-o,--out", flags.out,
             "Write a CSV: index, label, suggested label, flags, scores (and the injected truth)");
    flagsCmd->add_flag("--only-flagged", flags.onlyFlagged, "The CSV lists flagged samples only");
    flagsCmd
        ->add_option("--label-filter", flags.labelFilter,
                     "How confident learning picks label issues: lowest_quality (as many as its "
                     "confident joint's off-diagonal holds and one standard error more, m + √m, "
                     "the lowest label quality), "
                     "prune_by_noise_rate (per cell of given × likely class, its estimated count "
                     "by margin), prune_by_class, both or confident_learning (the off-diagonal "
                     "samples)")
        ->capture_default_str();
    flagsCmd
        ->add_option("--label-rank", flags.labelRank,
                     "The label-issue score, which also orders lowest_quality: noise_posterior "
                     "(the probability that the label is wrong under the estimated noise), "
                     "self_confidence, normalized_margin or confidence_weighted_entropy")
        ->capture_default_str();
    flagsCmd
        ->add_option("--label-teacher-weight", flags.teacherWeight,
                     "Share w of the store's teacher in the probabilities confident learning "
                     "reads: (1 − w) out of sample + w teacher (the teacher saw these labels)")
        ->capture_default_str();
    optional(flagsCmd, "--probabilities", flags.probabilities,
             "Write the out-of-sample probabilities as an N×K float32 .npy (rows in sample order)");
    flagsCmd->add_flag("--evaluate", flags.evaluate,
                       "Print AUROC, precision and recall of each flag against the injected truth");

    cli::ResultsOptions results;
    auto *resultsCmd
        = app.add_subcommand("results",
                             "Print a store's teachers, runs and the mean ± std test accuracy "
                             "per (method, kept fraction, α) group over seeds");
    resultsCmd->add_option("store", results.store, "Store file")->required();
    resultsCmd->add_option("--format", results.format, "table, csv or json")->capture_default_str();
    resultsCmd
        ->add_option(
            "--view", results.view,
            "all, runs, groups, teachers, compare (paired differences: KD vs α = 0, method vs "
            "random, teacher vs teacher) or best-alpha (per kept fraction, chosen on validation), "
            "compute (FLOPs and seconds of teacher, scores and student, with the Pareto front); "
            "csv prints one table: groups unless told otherwise")
        ->capture_default_str();
    optional(resultsCmd, "--experiment", results.experiment,
             "Only the runs of experiments with this name");

    bool methodsJson = false;
    auto *methodsCmd = app.add_subcommand(
        "methods", "List the pruning methods: exact definitions, what \"hard\" means, defaults");
    methodsCmd->add_flag("--json", methodsJson, "Print JSON instead of text");

    cli::ScoresOptions scores;
    auto *scoresCmd = app.add_subcommand(
        "scores",
        "Stored pruning scores: a list, or one method's summary (count, quantiles, "
        "histogram, hardest and easiest samples) and its export");
    scoresCmd->add_option("store", scores.store, "Store file")->required();
    optional(scoresCmd, "--method", scores.method, "Summarise this method's scores");
    scoresCmd->add_option_function<int64_t>(
        "--id", [&scores](int64_t v) { scores.id = v; },
        "Choose one stored score when a method has several (different settings)");
    scoresCmd->add_option("--top", scores.top, "How many hardest and easiest ids to list")
        ->capture_default_str();
    optional(scoresCmd, "--export", scores.exportPath,
             "Write (index, score) for every sample: FILE.csv or FILE.npy");

    cli::SubsetOptions subset;
    auto *subsetCmd
        = app.add_subcommand("subset", "Export a finished run's kept indices (CSV or .npy)");
    subsetCmd->add_option("store", subset.store, "Store file")->required();
    subsetCmd->add_option("--run", subset.run, "Run id (`results STORE --view runs`)")->required();
    subsetCmd->add_option("--export", subset.exportPath, "FILE.csv or FILE.npy")->required();

    cli::ReportOptions report;
    auto *reportCmd = app.add_subcommand(
        "report",
        "Write a workspace as one self-contained HTML report: the paper's findings with "
        "paired intervals and verdicts, charts (SVG), tables, specs and fingerprints");
    reportCmd->add_option("store", report.store, "Store file")->required();
    reportCmd->add_option("-o,--output", report.output, "REPORT.html")->required();

    auto *datasetsCmd = app.add_subcommand("datasets", "Dataset tools");
    datasetsCmd->require_subcommand(1);
    std::string inspectPath, inspectFormat = "auto";
    bool inspectJson = false;
    engine::ImageFolderOptions inspectImages;
    auto *inspectCmd = datasetsCmd->add_subcommand("inspect",
                                                   "Print a dataset's format, image shape, class "
                                                   "names and per-class counts for train and test");
    inspectCmd
        ->add_option("path", inspectPath,
                     "Dataset folder (IDX: MNIST/Fashion-MNIST, CIFAR-10/100 binary, SVHN .mat, "
                     "image folders train/<class>/ + test/<class>/)")
        ->required();
    inspectCmd
        ->add_option("--dataset-format", inspectFormat,
                     "auto, idx, cifar10, cifar100, svhn or imagefolder")
        ->capture_default_str();
    inspectCmd
        ->add_option("--image-size", inspectImages.imageSize,
                     "Image folders: resize and centre-crop to this many pixels")
        ->capture_default_str()
        ->check(CLI::Range(8, 512));
    inspectCmd
        ->add_option("--channels", inspectImages.channels, "Image folders: 3 (RGB) or 1 (grey)")
        ->capture_default_str()
        ->check(CLI::IsMember({ 1, 3 }));
    inspectCmd->add_flag("--skip-corrupt", inspectImages.skipCorrupt,
                         "Image folders: leave unreadable images out (counted) instead of failing");
    std::string inspectCache;
    inspectCmd->add_option("--cache", inspectCache,
                           "Image folders: folder for the decoded-tensor cache (default: none)");
    inspectCmd->add_flag("--json", inspectJson, "Print JSON instead of a table");

    auto *teacherCmd = app.add_subcommand("teacher", "Imported (TorchScript) teachers");
    teacherCmd->require_subcommand(1);
    cli::TeacherCheckOptions teacher;
    teacher.dataset = engine::kDefaultDatasetPath;
    auto *teacherCheckCmd = teacherCmd->add_subcommand(
        "check",
        "Check a TorchScript teacher against a dataset (input shape, output width) and "
        "print its test accuracy");
    teacherCheckCmd->add_option("file", teacher.file, "TorchScript .pt (torch.jit.save)")
        ->required();
    teacherCheckCmd->add_option("--dataset", teacher.dataset, "Dataset folder")
        ->capture_default_str();
    teacherCheckCmd->add_option("--dataset-format", teacher.datasetFormat, "auto, idx, ...")
        ->capture_default_str();
    teacherCheckCmd->add_option("--image-size", teacher.imageSize, "Image folders: pixels")
        ->capture_default_str()
        ->check(CLI::Range(8, 512));
    teacherCheckCmd
        ->add_option("--channels", teacher.channels, "Image folders: 3 (RGB) or 1 (grey)")
        ->capture_default_str()
        ->check(CLI::IsMember({ 1, 3 }));
    teacherCheckCmd->add_flag("--skip-corrupt", teacher.skipCorrupt,
                              "Image folders: leave unreadable images out");
    teacherCheckCmd
        ->add_option("--input", teacher.input,
                     "What the module expects: standardized (this dataset's per-channel mean "
                     "and std) or unit (pixels in [0, 1])")
        ->capture_default_str()
        ->check(CLI::IsMember({ "standardized", "unit" }));
    auto *meanOpt = teacherCheckCmd->add_option(
        "--mean", teacher.mean, "Per-channel mean of transforms.Normalize (pixels in [0, 1])");
    auto *stdOpt = teacherCheckCmd->add_option("--std", teacher.stdDev,
                                               "Per-channel std of transforms.Normalize");
    meanOpt->needs(stdOpt);
    stdOpt->needs(meanOpt);
    teacherCheckCmd->add_option("--device", teacher.device, "auto, cpu, cuda or cuda:N")
        ->capture_default_str();
    teacherCheckCmd->add_option("--logits", teacher.logitsPath,
                                "Write the logits of the first --count training images (.npy)");
    teacherCheckCmd->add_option("--count", teacher.count, "Images for --logits")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);

    cli::ClusterCommands clusterCommands;
    cli::addClusterCommands(app, clusterCommands, &bindSpecOverrides);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp &e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp &e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion &e) {
        return app.exit(e);
    } catch (const CLI::ParseError &e) {
        app.exit(e);
        return 2;
    }
    setUpLogging(verbosity);
    engine::useAllCores();

    try {
        if (*runCmd)
            return cli::runCommand(run, stop.get_token());
        if (*resultsCmd)
            return cli::resultsCommand(results);
        if (*methodsCmd)
            return cli::methodsCommand(methodsJson);
        if (*scoresCmd)
            return cli::scoresCommand(scores);
        if (*subsetCmd)
            return cli::subsetCommand(subset);
        if (*reportCmd)
            return cli::reportCommand(report);
        if (*flagsCmd)
            return cli::flagsCommand(flags, stop.get_token());
        if (*teacherCheckCmd)
            return cli::teacherCheckCommand(teacher);
        if (const auto code = cli::runClusterCommand(clusterCommands, argc, argv))
            return *code;
        if (*inspectCmd) {
            inspectImages.cacheDir = inspectCache;
            return cli::inspectCommand(inspectPath, inspectFormat, inspectImages, inspectJson);
        }
    } catch (const engine::OutputError &e) {
        std::cerr << "error: " << e.what() << '\n';
        return 2;
    } catch (const storage::StoreError &e) {
        // A store that cannot be opened or is not a store: nothing was done with it.
        std::cerr << "error: " << e.what() << '\n';
        return 2;
    } catch (const std::exception &e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
