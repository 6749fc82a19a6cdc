#include "storage/comparisons.h"

#include "engine/core/number_list.h"

#include <cmath>

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
    std::vector<double> x, y, xv, yv;
    bool validated = true;
    for (size_t i = 0; i < a.seeds.size(); ++i)
        for (size_t j = 0; j < b.seeds.size(); ++j)
            if (a.seeds[i] == b.seeds[j]) {
                x.push_back(a.accuracies[i]);
                y.push_back(b.accuracies[j]);
                const double va = a.validationAccuracies[i], vb = b.validationAccuracies[j];
                validated = validated && std::isfinite(va) && std::isfinite(vb);
                xv.push_back(va);
                yv.push_back(vb);
            }
    c.paired = engine::pairedDifference(x, y);
    if (validated && !xv.empty())
        c.pairedValidation = engine::pairedDifference(xv, yv);
    return c;
}

} // namespace

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
