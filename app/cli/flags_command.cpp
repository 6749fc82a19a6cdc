#include "app/cli/flags_command.h"

#include "app/cli/noise_matrix_report.h"
#include "app/cli/spec_loading.h"
#include "app/cli/text_table.h"
#include "engine/core/atomic_file.h"
#include "engine/core/errors.h"
#include "engine/core/number_list.h"
#include "engine/core/output_path.h"
#include "engine/data/dataset.h"
#include "engine/data/dataset_cache.h"
#include "engine/experiment/quality_assessment.h"
#include "engine/experiment/runner.h"
#include "engine/prune/score_io.h"
#include "engine/train/device.h"
#include "storage/quality_sources.h"
#include "storage/store.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <sstream>
#include <torch/torch.h>
#include <unistd.h>

namespace cli {

namespace {

using engine::Corruption;
using engine::Flag;

std::string fixed(double value, int decimals)
{
    if (!std::isfinite(value))
        return "—";
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

std::vector<double> values(const torch::Tensor &t)
{
    const auto d = t.to(torch::kDouble).contiguous();
    return std::vector<double>(d.data_ptr<double>(), d.data_ptr<double>() + d.numel());
}

/// Which injected corruption each image flag answers to (copies count their originals too).
struct TruthOf
{
    Flag flag;
    std::vector<Corruption> kinds;
    bool withSources;
    const char *words;
};

const std::vector<TruthOf> kImageTruth = {
    { Flag::Dark, { Corruption::Darken }, false, "darkened" },
    { Flag::Light, { Corruption::Brighten }, false, "brightened" },
    { Flag::Blurry, { Corruption::Blur }, false, "blurred" },
    { Flag::Noisy, { Corruption::Noise }, false, "noised" },
    { Flag::ExactDuplicate, { Corruption::Duplicate }, true, "exact copies + originals" },
    { Flag::NearDuplicate,
      { Corruption::ShiftedDuplicate, Corruption::BrightDuplicate },
      true,
      "shifted/brightened copies + originals" },
};

double f1(double precision, double recall)
{
    return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
}

void printEvaluation(const engine::QualityReport &r, const engine::FlagThresholds &thresholds,
                     std::ostream &out)
{
    const auto &q = r.quality;
    auto flaggedBy = [&](Flag f) {
        std::vector<bool> v(size_t(q.count));
        for (int64_t i = 0; i < q.count; ++i)
            v[size_t(i)] = q.flagged(f, i, thresholds);
        return v;
    };
    TextTable table(
        { "flag", "truth", "positives", "AUROC", "flagged", "precision", "recall", "F1" });
    auto addRow = [&](const std::string &name, const std::string &truthWords,
                      const std::vector<bool> &truth, const std::vector<double> &score,
                      const std::vector<bool> &flagged) {
        const auto pr = engine::precisionRecall(flagged.empty() ? truth : flagged, truth);
        if (flagged.empty()) // a score without a flag of its own: its ranking only
            table.addRow({ name, truthWords, engine::groupThousands(pr.positives),
                           fixed(engine::auroc(score, truth), 4), "—", "—", "—", "—" });
        else
            table.addRow({ name, truthWords, engine::groupThousands(pr.positives),
                           fixed(engine::auroc(score, truth), 4),
                           engine::groupThousands(pr.flagged), fixed(pr.precision(), 3),
                           fixed(pr.recall(), 3), fixed(f1(pr.precision(), pr.recall()), 3) });
    };
    const auto flipped = r.truth.flipped();
    if (std::count(flipped.begin(), flipped.end(), true) > 0) {
        const auto label = flaggedBy(Flag::LabelIssue);
        addRow("label_issue", "flipped labels", flipped, values(q.scores[size_t(Flag::LabelIssue)]),
               label);
        // The other rankings' AUROC on the same probabilities (--label-rank picks the flag's).
        const auto p = q.labelIssues.probabilities.to(torch::kDouble).contiguous();
        const engine::ClassProbabilities in { { p.data_ptr<double>(), size_t(p.numel()) },
                                              { q.labels.data_ptr<int64_t>(), size_t(q.count) },
                                              q.numClasses };
        for (auto ranking :
             { engine::LabelRanking::SelfConfidence, engine::LabelRanking::NormalizedMargin,
               engine::LabelRanking::ConfidenceWeightedEntropy,
               engine::LabelRanking::NoisePosterior }) {
            if (ranking == q.labelIssues.options.ranking)
                continue;
            auto score = engine::labelQuality(in, ranking);
            for (double &v : score)
                v = 1 - v;
            addRow("  1 − " + std::string(engine::labelRankingName(ranking)), "flipped labels",
                   flipped, score, {});
        }
        if (q.available(Flag::TeacherDisagrees))
            addRow("teacher_disagrees", "flipped labels", flipped,
                   values(q.scores[size_t(Flag::TeacherDisagrees)]),
                   flaggedBy(Flag::TeacherDisagrees));
        if (q.available(Flag::LowAum))
            addRow("low_aum", "flipped labels", flipped, values(q.scores[size_t(Flag::LowAum)]),
                   flaggedBy(Flag::LowAum));
    }
    const auto kindValues = values(r.truth.corruption);
    for (const auto &t : kImageTruth) {
        const bool injected = std::any_of(kindValues.begin(), kindValues.end(), [&](double k) {
            return std::find(t.kinds.begin(), t.kinds.end(), Corruption(int(k))) != t.kinds.end();
        });
        if (injected)
            addRow(engine::flagInfo(t.flag).name, t.words,
                   r.truth.corrupted(t.kinds, t.withSources), values(q.scores[size_t(t.flag)]),
                   flaggedBy(t.flag));
    }
    out << "\nagainst the injected truth (AUROC of the flag's score; precision and recall of the "
           "flagged set):\n";
    table.printAligned(out);
}

void printRetained(const engine::QualityReport &r, const engine::FlagThresholds &thresholds,
                   std::ostream &out)
{
    if (r.runs.empty()) {
        out << "\nno finished runs on this data in the store: run the spec to see how much noise "
               "each method keeps\n";
        return;
    }
    const std::vector<Flag> labelFlags { Flag::LabelIssue, Flag::TeacherDisagrees, Flag::LowAum };
    std::vector<Flag> every;
    for (const auto &f : engine::allFlags())
        every.push_back(f.flag);
    struct Cell
    {
        int runs = 0;
        double kept = 0, label = 0, any = 0, truth = 0;
    };
    std::map<std::pair<std::string, double>, Cell> cells;
    for (const auto &run : r.runs) {
        auto &c = cells[{ run.method, run.fraction }];
        const auto label = engine::retainedNoise(run, r, labelFlags, thresholds);
        const auto any = engine::retainedNoise(run, r, every, thresholds);
        c.runs += 1;
        c.kept += double(run.kept.size());
        c.label += label.flagged;
        c.any += any.flagged;
        c.truth += label.trulyNoisy;
    }
    std::vector<std::string> header { "method", "kept fraction",   "runs",
                                      "kept",   "label-flagged %", "any flag %" };
    if (r.truth.defined())
        header.push_back("truly noisy %");
    TextTable table(header);
    for (const auto &[key, c] : cells) {
        std::vector<std::string> row { key.first,
                                       fixed(key.second, 3),
                                       std::to_string(c.runs),
                                       engine::groupThousands(int64_t(c.kept / c.runs)),
                                       fixed(100 * c.label / c.runs, 1),
                                       fixed(100 * c.any / c.runs, 1) };
        if (r.truth.defined())
            row.push_back(fixed(100 * c.truth / c.runs, 1));
        table.addRow(row);
    }
    out << "\nretained noise: share of each method's kept samples that is flagged (mean over runs"
        << (r.truth.defined() ? "), and truly noisy (flipped label or injected corruption)" : ")")
        << ":\n";
    table.printAligned(out);
}

void writeCsv(const std::string &path, const engine::QualityReport &r,
              const engine::FlagThresholds &thresholds, bool onlyFlagged)
{
    std::ostringstream out;
    const auto &q = r.quality;
    out << "index,label,suggested_label,flags";
    for (const auto &f : engine::allFlags())
        if (q.available(f.flag))
            out << ',' << f.name << "_score";
    out << ",self_confidence,normalized_margin";
    const bool truth = r.truth.defined();
    if (truth)
        out << ",label_flipped,original_label,corruption,copy_of";
    out << '\n';
    const auto *original = truth ? r.truth.originalLabels.data_ptr<int64_t>() : nullptr;
    const auto *flipped = truth ? r.truth.labelFlipped.data_ptr<bool>() : nullptr;
    const auto *kind = truth ? r.truth.corruption.data_ptr<int64_t>() : nullptr;
    const auto *source = truth ? r.truth.source.data_ptr<int64_t>() : nullptr;
    const auto sc = q.labelIssues.selfConfidence.contiguous();
    const auto nm = q.labelIssues.normalizedMargin.contiguous();
    for (int64_t i = 0; i < q.count; ++i) {
        std::string flags;
        for (const auto &f : engine::allFlags())
            if (q.flagged(f.flag, i, thresholds))
                flags += (flags.empty() ? "" : ";") + std::string(f.name);
        if (onlyFlagged && flags.empty())
            continue;
        out << i << ',' << q.labels.data_ptr<int64_t>()[i] << ',' << q.suggestedLabel(i) << ','
            << flags;
        for (const auto &f : engine::allFlags())
            if (q.available(f.flag))
                out << ',' << fixed(q.score(f.flag, i), 4);
        out << ',' << fixed(sc.data_ptr<float>()[i], 4) << ',' << fixed(nm.data_ptr<float>()[i], 4);
        if (truth)
            out << ',' << int(flipped[i]) << ',' << original[i] << ','
                << (kind[i] >= 0 ? engine::corruptionName(Corruption(kind[i])) : "") << ','
                << (source[i] >= 0 ? std::to_string(source[i]) : "");
        out << '\n';
    }
    engine::writeFileAtomically(path, out.str());
}

} // namespace

int flagsCommand(const FlagsOptions &o, std::stop_token stop)
{
    std::vector<std::pair<Flag, double>> overrides;
    for (const auto &t : o.thresholds) {
        const auto eq = t.find('=');
        const auto flag = engine::parseFlag(t.substr(0, eq));
        double value = NAN;
        if (eq != std::string::npos) {
            const char *begin = t.data() + eq + 1, *end = t.data() + t.size();
            const auto [stop, ec] = std::from_chars(begin, end, value);
            if (ec != std::errc() || stop != end || begin == end)
                value = NAN; // "0.5x", "", "1e999": not a number in [0, 1]
        }
        if (!flag || !(value >= 0 && value <= 1)) {
            std::string names;
            for (const auto &f : engine::allFlags())
                names += (names.empty() ? "" : ", ") + std::string(f.name);
            std::cerr << "error: --threshold '" << t
                      << "' must be NAME=VALUE with VALUE a number in [0, 1] and NAME one of "
                      << names << '\n';
            return 2;
        }
        for (const auto &[earlier, v] : overrides)
            if (earlier == *flag) {
                std::cerr << "error: --threshold gives " << engine::flagInfo(*flag).name
                          << " twice; give each flag's threshold once\n";
                return 2;
            }
        overrides.push_back({ *flag, value });
    }
    if (o.seed < 0) {
        std::cerr << "error: --seed " << o.seed << ": expected a seed ≥ 0\n";
        return 2;
    }
    const auto filter = engine::parseLabelFilter(o.labelFilter);
    if (!(o.teacherWeight >= 0 && o.teacherWeight <= 1)) {
        std::cerr << "error: --label-teacher-weight " << o.teacherWeight
                  << ": expected a number in [0, 1]\n";
        return 2;
    }
    const auto ranking = engine::parseLabelRanking(o.labelRank);
    if (!filter || !ranking) {
        std::cerr << "error: " << (filter ? "--label-rank '" : "--label-filter '")
                  << (filter ? o.labelRank : o.labelFilter) << "': expected one of "
                  << (filter ? engine::labelRankingNames() : engine::labelFilterNames()) << '\n';
        return 2;
    }
    const engine::LabelIssueOptions labelOptions { *filter, *ranking, o.teacherWeight };
    auto spec = loadSpec(o.spec);
    if (!spec)
        return 2;
    // Before anything trains or the store is created: the CSV must not replace an input.
    if (o.out)
        engine::checkOutputPath(*o.out, protectedInputs(o.spec.store, o.spec.specPath, *spec),
                                "--out");
    if (o.probabilities)
        engine::checkOutputPath(*o.probabilities,
                                protectedInputs(o.spec.store, o.spec.specPath, *spec),
                                "--probabilities");
    if (o.out && o.probabilities && *o.out == *o.probabilities) {
        std::cerr << "error: --out and --probabilities are both '" << *o.out
                  << "': give two files\n";
        return 2;
    }
    if (spec->imageOptions.cacheDir.empty() && o.spec.store != ":memory:")
        spec->imageOptions.cacheDir = storage::Store::artifactsDirOf(o.spec.store) / "decoded";
    engine::OutOfSampleOptions oos;
    oos.folds = o.folds;
    oos.epochs = o.epochs;
    oos.model = o.model;
    oos.seed = o.seed;
    oos.repeats = o.repeats;
    engine::QualityReport report;
    const bool tty = isatty(STDERR_FILENO) != 0;
    try {
        oos.device = engine::resolveDevice(o.device);
        engine::DatasetCache cache(1);
        std::string lastStage;
        storage::Store store(o.spec.store);
        storage::StoreQualitySources sources(store);
        report = engine::assessSpec(
            *spec, sources, cache, oos,
            [&](const std::string &stage, double share) {
                if (tty)
                    std::fprintf(stderr, "\r\033[K%s… %.0f %%", stage.c_str(), 100 * share);
                else if (stage != lastStage)
                    std::fprintf(stderr, "%s…\n", stage.c_str());
                lastStage = stage;
            },
            stop);
        if (tty)
            std::fprintf(stderr, "\r\033[K");
    } catch (const engine::Cancelled &) {
        std::cerr << "\nstopped; nothing was stored for the unfinished folds\n";
        return 130;
    } catch (const engine::DataError &e) {
        std::cerr << "error: dataset: " << e.what() << '\n';
        return 2;
    } catch (const engine::ConfigError &e) {
        std::cerr << "error: " << e.what() << '\n';
        return 2;
    }
    // assessSpec chose with the defaults; choose again only for other options.
    const engine::LabelIssueOptions defaults;
    if (labelOptions.filter != defaults.filter || labelOptions.ranking != defaults.ranking
        || labelOptions.teacherWeight != defaults.teacherWeight)
        engine::chooseLabelIssues(report.quality, labelOptions);
    const auto &q = report.quality;
    auto thresholds = engine::defaultThresholds(q);
    for (const auto &[flag, value] : overrides)
        thresholds[flag] = value;
    const auto &info = report.data->info;
    std::cout << info.name << " · " << engine::groupThousands(q.count) << " training images"
              << (info.loadNote.empty() ? "" : " · " + info.loadNote) << '\n'
              << report.oosNote << '\n'
              << (report.teacherNote.empty() ? "" : report.teacherNote + "\n");
    if (o.teacherWeight > 0)
        std::cout << (q.labelIssues.teacherBlended
                          ? "label issues read " + fixed(1 - o.teacherWeight, 2)
                              + " × out of sample + " + fixed(o.teacherWeight, 2)
                              + " × the teacher's probabilities\n"
                          : std::string("--label-teacher-weight: no teacher for this data in the "
                                        "store, so the label issues read the out-of-sample "
                                        "probabilities alone\n"));
    printNoiseMatrix(q, std::cout);
    TextTable table({ "flag", "threshold", "flagged", "definition" });
    for (const auto &f : engine::allFlags()) {
        int64_t n = 0;
        for (int64_t i = 0; i < q.count; ++i)
            n += q.flagged(f.flag, i, thresholds);
        table.addRow({ f.name, fixed(thresholds[f.flag], 2),
                       q.available(f.flag) ? engine::groupThousands(n) : "n/a", f.definition });
    }
    table.printAligned(std::cout);
    if (o.evaluate) {
        if (report.truth.defined())
            printEvaluation(report, thresholds, std::cout);
        else
            std::cout << "\n--evaluate: nothing was injected into this data (set dataset.inject "
                         "or --label-noise / --corrupt-each), so there is no truth to compare "
                         "with\n";
    }
    printRetained(report, thresholds, std::cout);
    if (o.out) {
        writeCsv(*o.out, report, thresholds, o.onlyFlagged);
        std::cout << "\nwrote " << *o.out << '\n';
    }
    if (o.probabilities) {
        const auto p = q.oosProbabilities.to(torch::kFloat).contiguous();
        engine::writeNpyMatrix(
            *o.probabilities,
            std::vector<float>(p.data_ptr<float>(), p.data_ptr<float>() + p.numel()), q.count,
            q.numClasses);
        std::cout << "wrote " << *o.probabilities << " (" << q.count << " × " << q.numClasses
                  << " out-of-sample probabilities)\n";
    }
    return stop.stop_requested() ? 130 : 0;
}

} // namespace cli
