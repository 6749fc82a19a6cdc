#include "storage/comparisons.h"

#include "engine/core/number_list.h"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace storage {

std::string_view comparisonKindName(ComparisonKind kind)
{
    switch (kind) {
    case ComparisonKind::KdVsNoKd:
        return "kd-vs-no-kd";
    case ComparisonKind::MethodVsRandom:
        return "method-vs-random";
    case ComparisonKind::TeacherVsTeacher:
        return "teacher-vs-teacher";
    case ComparisonKind::KdSubsetVsFullData:
        return "kd-subset-vs-full-data";
    }
    return "";
}

namespace {

Comparison compare(ComparisonKind kind, const GroupSummary &a, const GroupSummary &b)
{
    Comparison c { kind, a, b, {}, {} };
    c.paired = pairedBySeed(a.seeds, a.accuracies, b.seeds, b.accuracies);
    // A paired run without validation accuracy (NaN) leaves the validation difference out.
    const auto validation
        = pairedBySeed(a.seeds, a.validationAccuracies, b.seeds, b.validationAccuracies);
    if (std::isfinite(validation.mean))
        c.pairedValidation = validation;
    return c;
}

} // namespace

engine::PairedDifference pairedBySeed(const std::vector<int64_t> &seedsA,
                                      const std::vector<double> &a,
                                      const std::vector<int64_t> &seedsB,
                                      const std::vector<double> &b)
{
    std::vector<double> x, y;
    for (size_t i = 0; i < seedsA.size(); ++i)
        for (size_t j = 0; j < seedsB.size(); ++j)
            if (seedsA[i] == seedsB[j]) {
                x.push_back(a[i]);
                y.push_back(b[j]);
            }
    return engine::pairedDifference(x, y);
}

std::vector<Comparison> pairedComparisons(const std::vector<GroupSummary> &groups)
{
    std::vector<Comparison> out;
    for (const auto &a : groups)
        if (a.key.alpha > 0)
            for (const auto &b : groups)
                if (b.key.alpha == 0 && b.baseKey == a.baseKey && b.key.fraction == a.key.fraction)
                    out.push_back(compare(ComparisonKind::KdVsNoKd, a, b));
    for (const auto &a : groups)
        if (a.key.method != "random" && !a.methodFreeKey.empty())
            for (const auto &b : groups)
                if (b.key.method == "random" && b.methodFreeKey == a.methodFreeKey
                    && b.key.fraction == a.key.fraction)
                    out.push_back(compare(ComparisonKind::MethodVsRandom, a, b));
    for (size_t i = 0; i < groups.size(); ++i)
        for (size_t j = i + 1; j < groups.size(); ++j) {
            const auto &a = groups[i], &b = groups[j];
            if (a.key.alpha > 0 && b.key.alpha > 0 && !a.teacherFreeKey.empty()
                && a.teacherFreeKey == b.teacherFreeKey && a.key.fraction == b.key.fraction
                && a.key.groupKey != b.key.groupKey)
                out.push_back(compare(ComparisonKind::TeacherVsTeacher, a, b));
        }
    for (const auto &a : groups)
        if (a.key.alpha > 0 && a.key.fraction < 1)
            for (const auto &b : groups)
                if (b.key.alpha == 0 && b.key.fraction == 1 && b.baseKey == a.baseKey)
                    out.push_back(compare(ComparisonKind::KdSubsetVsFullData, a, b));
    return out;
}

std::vector<BestAlpha> bestAlphas(const std::vector<GroupSummary> &groups)
{
    std::vector<BestAlpha> out;
    // The settings: every (base, teacher, τ) a KD group has, at each of its fractions.
    std::vector<std::tuple<std::string, std::string, double, double>> settings;
    for (const auto &g : groups)
        if (g.key.alpha > 0) {
            const auto s
                = std::make_tuple(g.baseKey, g.key.teacherModel, g.key.tau, g.key.fraction);
            if (std::find(settings.begin(), settings.end(), s) == settings.end())
                settings.push_back(s);
        }
    for (const auto &[base, teacher, tau, fraction] : settings) {
        std::vector<const GroupSummary *> candidates;
        for (const auto &g : groups)
            if (g.baseKey == base && g.key.fraction == fraction
                && (g.key.alpha == 0 || (g.key.teacherModel == teacher && g.key.tau == tau)))
                candidates.push_back(&g);
        if (candidates.size() < 2)
            continue;
        BestAlpha row;
        row.fraction = fraction;
        row.candidates = int(candidates.size());
        row.chosenOnTest = std::any_of(candidates.begin(), candidates.end(),
                                       [](const GroupSummary *g) { return !g->validated(); });
        const auto score = [&](const GroupSummary *g) {
            return row.chosenOnTest ? g->accuracy.mean : g->validation.mean;
        };
        double top = -INFINITY;
        for (const auto *g : candidates)
            top = std::max(top, score(g));
        for (const auto *g : candidates)
            if (std::fabs(score(g) - top) < 1e-12) {
                if (row.tied.empty() || g->key.alpha < row.best.key.alpha)
                    row.best = *g;
                row.tied.push_back(g->key.alpha);
            }
        std::sort(row.tied.begin(), row.tied.end());
        out.push_back(row);
    }
    return out;
}

std::string sideLabel(const Comparison &c, bool treatment)
{
    const GroupSummary &g = treatment ? c.a : c.b;
    const std::string kd = g.key.alpha > 0 ? "α = " + engine::formatNumber(g.key.alpha)
            + ", τ = " + engine::formatNumber(g.key.tau) + ", teacher " + g.key.teacherModel
                                           : "α = 0";
    switch (c.kind) {
    case ComparisonKind::KdVsNoKd:
        return kd;
    case ComparisonKind::MethodVsRandom:
        return g.key.method + (g.key.classBalanced ? " (balanced)" : "") + " · " + kd;
    case ComparisonKind::TeacherVsTeacher:
        return "teacher " + g.key.teacherModel + " (α = " + engine::formatNumber(g.key.alpha) + ")";
    case ComparisonKind::KdSubsetVsFullData:
        return g.key.fraction == 1 ? "all data · α = 0"
                                   : "f = " + engine::formatNumber(g.key.fraction) + " · " + kd;
    }
    return {};
}

} // namespace storage
