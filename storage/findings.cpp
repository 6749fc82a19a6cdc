#include "storage/findings.h"

#include "engine/core/number_list.h"
#include "engine/models/model_registry.h"
#include "storage/store.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <regex>

namespace storage {

std::string_view agreementText(Agreement a)
{
    switch (a) {
    case Agreement::Agrees:
        return "agrees with the paper";
    case Agreement::Disagrees:
        return "does not agree with the paper";
    case Agreement::Inconclusive:
        return "inconclusive";
    }
    return {};
}

namespace {

const char *claimOf(int number)
{
    switch (number) {
    case 1:
        return "KD improves accuracy for every dataset, pruning method and kept fraction.";
    case 2:
        return "With KD, random pruning is comparable or superior to the score-based methods at "
               "all "
               "fractions.";
    case 3:
        return "A student distilled on a random 50 % subset beats training on the full data "
               "without KD.";
    case 4:
        return "A larger KD weight α is best when the kept fraction f is small, a smaller one as f "
               "approaches 1.";
    case 5:
        return "Methods that keep hard samples retain noisy labels at small f, and a larger α "
               "mitigates the harm.";
    case 6:
        return "At small f, larger teachers hurt and a teacher smaller than the student can help; "
               "the effect fades at large f.";
    }
    return "";
}

bool above(const engine::PairedDifference &d)
{
    return d.n >= 2 && std::isfinite(d.low) && d.low > 0;
}
bool below(const engine::PairedDifference &d)
{
    return d.n >= 2 && std::isfinite(d.high) && d.high < 0;
}

std::string pp(double fraction)
{
    char text[32];
    std::snprintf(text, sizeof text, "%+.2f", 100.0 * fraction);
    return text;
}

std::string describe(const Comparison &c)
{
    return sideLabel(c, true) + " − " + sideLabel(c, false) + " at f = "
        + engine::formatNumber(c.a.key.fraction) + ": " + pp(c.paired.mean) + " points ["
        + pp(c.paired.low) + ", " + pp(c.paired.high) + "], n = " + std::to_string(c.paired.n);
}

/// Every interval above 0: agrees; any below: disagrees; otherwise inconclusive.
void allPositive(FindingVerdict &v)
{
    const auto down = std::find_if(v.evidence.begin(), v.evidence.end(),
                                   [](const Comparison &c) { return below(c.paired); });
    if (v.evidence.empty()) {
        v.reason = "no pair of groups in these experiments measures it";
    } else if (down != v.evidence.end()) {
        v.agreement = Agreement::Disagrees;
        v.reason = "the opposite holds for " + describe(*down);
    } else if (std::all_of(v.evidence.begin(), v.evidence.end(),
                           [](const Comparison &c) { return above(c.paired); })) {
        v.agreement = Agreement::Agrees;
        v.reason = "every paired interval lies above 0 (" + std::to_string(v.evidence.size())
            + " comparisons)";
    } else {
        const auto open = std::find_if(v.evidence.begin(), v.evidence.end(),
                                       [](const Comparison &c) { return !above(c.paired); });
        v.reason = "the interval includes 0 for " + describe(*open);
    }
}

/// Teacher comparisons oriented smaller − larger (by parameter count).
Comparison smallerMinusLarger(Comparison c)
{
    const auto params = [](const GroupSummary &g) {
        return engine::parameterCount(g.key.teacherModel, { 1, 28, 28 }, 10);
    };
    if (params(c.a) > params(c.b)) {
        std::swap(c.a, c.b);
        auto flip = [](engine::PairedDifference &d) {
            d.mean = -d.mean;
            d.t = -d.t;
            std::swap(d.low, d.high);
            d.low = -d.low;
            d.high = -d.high;
        };
        flip(c.paired);
        flip(c.pairedValidation);
    }
    return c;
}

} // namespace

FindingVerdict judgeFinding(int number, const std::vector<GroupSummary> &groups)
{
    FindingVerdict v;
    v.number = number;
    v.claim = claimOf(number);
    const auto all = pairedComparisons(groups);
    const auto of = [&](ComparisonKind kind) {
        std::vector<Comparison> out;
        for (const auto &c : all)
            if (c.kind == kind)
                out.push_back(c);
        return out;
    };
    switch (number) {
    case 1:
        v.evidence = of(ComparisonKind::KdVsNoKd);
        allPositive(v);
        break;
    case 2: {
        for (const auto &c : of(ComparisonKind::MethodVsRandom))
            if (c.a.key.alpha > 0 && c.b.key.alpha > 0)
                v.evidence.push_back(c);
        // The claim is that no method beats random: method − random never significantly > 0.
        const auto up = std::find_if(v.evidence.begin(), v.evidence.end(),
                                     [](const Comparison &c) { return above(c.paired); });
        if (v.evidence.empty()) {
            v.reason = "no method was compared with random pruning, both with KD";
        } else if (up != v.evidence.end()) {
            v.agreement = Agreement::Disagrees;
            v.reason = "a score beats random: " + describe(*up);
        } else {
            v.agreement = Agreement::Agrees;
            v.reason = "random is never significantly worse (" + std::to_string(v.evidence.size())
                + " comparisons; below 0 means random is better)";
        }
        break;
    }
    case 3: {
        v.evidence = of(ComparisonKind::KdSubsetVsFullData);
        // The claim is about a 50 % subset: judged there (or at the largest subset run).
        const Comparison *judged = nullptr;
        for (const auto &c : v.evidence)
            if (!judged
                || std::abs(c.a.key.fraction - 0.5) < std::abs(judged->a.key.fraction - 0.5))
                judged = &c;
        if (!judged) {
            v.reason = "no subset with KD was run beside the full data without KD";
        } else if (above(judged->paired)) {
            v.agreement = Agreement::Agrees;
            v.reason = describe(*judged);
        } else if (below(judged->paired)) {
            v.agreement = Agreement::Disagrees;
            v.reason = describe(*judged);
        } else {
            v.reason = "the interval includes 0: " + describe(*judged);
        }
        break;
    }
    case 4: {
        v.evidence = of(ComparisonKind::KdVsNoKd);
        v.bestAlphas = bestAlphas(groups);
        // Per setting, the best α at the smallest and at the largest fraction.
        std::map<std::string, std::vector<const BestAlpha *>> bySetting;
        for (const auto &b : v.bestAlphas)
            bySetting[b.best.baseKey].push_back(&b);
        int agree = 0, disagree = 0;
        std::string detail;
        for (auto &[key, rows] : bySetting) {
            if (rows.size() < 2)
                continue;
            std::sort(rows.begin(), rows.end(),
                      [](auto *x, auto *y) { return x->fraction < y->fraction; });
            const double small = rows.front()->best.key.alpha, large = rows.back()->best.key.alpha;
            if (small > large)
                ++agree;
            else if (small < large)
                ++disagree;
            detail += (detail.empty() ? "" : "; ") + std::string("best α ")
                + engine::formatNumber(small) + " at f = "
                + engine::formatNumber(rows.front()->fraction) + ", " + engine::formatNumber(large)
                + " at f = " + engine::formatNumber(rows.back()->fraction) + " (chosen on "
                + (rows.front()->chosenOnTest || rows.back()->chosenOnTest ? "test" : "validation")
                + ")";
        }
        if (detail.empty()) {
            v.reason = "no setting has a best α at two kept fractions";
        } else {
            v.agreement = disagree > 0 ? Agreement::Disagrees
                : agree > 0            ? Agreement::Agrees
                                       : Agreement::Inconclusive;
            v.reason = detail
                + (v.agreement == Agreement::Inconclusive ? " (the same α at both ends)" : "")
                + "; a selection, so no interval: the paired gains of each α over α = 0 are "
                  "below";
        }
        break;
    }
    case 5: {
        // Harm: a hard-sample method below random without KD. Mitigation: its KD gain > 0.
        std::vector<Comparison> harm, mitigation;
        for (const auto &c : of(ComparisonKind::MethodVsRandom))
            if (c.a.key.alpha == 0 && c.b.key.alpha == 0)
                harm.push_back(c);
        for (const auto &c : of(ComparisonKind::KdVsNoKd))
            if (c.a.key.method != "random")
                mitigation.push_back(c);
        v.evidence = harm;
        v.evidence.insert(v.evidence.end(), mitigation.begin(), mitigation.end());
        const bool harmed = !harm.empty()
            && std::all_of(harm.begin(), harm.end(), [](auto &c) { return below(c.paired); });
        const bool mitigated = !mitigation.empty()
            && std::all_of(mitigation.begin(), mitigation.end(),
                           [](auto &c) { return above(c.paired); });
        if (harm.empty() || mitigation.empty()) {
            v.reason = "needs a hard-sample method against random without KD, and the same "
                       "method with and without KD";
        } else if (harmed && mitigated) {
            v.agreement = Agreement::Agrees;
            v.reason = "harm: " + describe(harm.front())
                + "; mitigation: " + describe(mitigation.front());
        } else if (std::any_of(harm.begin(), harm.end(), [](auto &c) { return above(c.paired); })
                   || std::any_of(mitigation.begin(), mitigation.end(),
                                  [](auto &c) { return below(c.paired); })) {
            v.agreement = Agreement::Disagrees;
            v.reason = "harm: " + describe(harm.front())
                + "; mitigation: " + describe(mitigation.front());
        } else {
            v.reason = "an interval includes 0: harm " + describe(harm.front()) + "; mitigation "
                + describe(mitigation.front());
        }
        break;
    }
    case 6: {
        for (const auto &c : of(ComparisonKind::TeacherVsTeacher))
            v.evidence.push_back(smallerMinusLarger(c));
        double smallest = INFINITY;
        for (const auto &c : v.evidence)
            smallest = std::min(smallest, c.a.key.fraction);
        std::vector<const Comparison *> atSmall;
        for (const auto &c : v.evidence)
            if (c.a.key.fraction == smallest)
                atSmall.push_back(&c);
        if (atSmall.empty()) {
            v.reason = "no two teachers were compared";
        } else if (auto up = std::find_if(atSmall.begin(), atSmall.end(),
                                          [](auto *c) { return above(c->paired); });
                   up != atSmall.end() && std::none_of(atSmall.begin(), atSmall.end(), [](auto *c) {
                       return below(c->paired);
                   })) {
            v.agreement = Agreement::Agrees;
            v.reason = "a smaller teacher is better at the smallest f: " + describe(**up);
        } else if (auto down = std::find_if(atSmall.begin(), atSmall.end(),
                                            [](auto *c) { return below(c->paired); });
                   down != atSmall.end()) {
            v.agreement = Agreement::Disagrees;
            v.reason = "a larger teacher is better at the smallest f: " + describe(**down);
        } else {
            v.reason = "no teacher differs from another at the smallest f (every interval "
                       "includes 0), e.g. "
                + describe(*atSmall.front());
        }
        break;
    }
    default:
        v.reason = "not one of the paper's six findings";
    }
    return v;
}

std::vector<FindingVerdict> findingVerdicts(Store &store)
{
    static const std::regex named(R"(^finding ([1-6])\b.*)", std::regex::icase);
    std::map<int, std::vector<RunRow>> runs;
    std::map<int, std::string> names;
    for (const auto &e : store.experiments()) {
        std::smatch m;
        if (!std::regex_match(e.name, m, named))
            continue;
        const int number = std::stoi(m[1]);
        names[number] += (names[number].empty() ? "" : ", ") + e.name;
        for (auto &r : store.experimentRuns(e.id))
            if (std::none_of(runs[number].begin(), runs[number].end(),
                             [&](const RunRow &x) { return x.id == r.id; }))
                runs[number].push_back(std::move(r));
    }
    std::vector<FindingVerdict> verdicts;
    for (const auto &[number, rows] : runs) {
        FindingVerdict v = judgeFinding(number, summariseGroups(rows));
        v.experiments = names[number];
        verdicts.push_back(std::move(v));
    }
    return verdicts;
}

} // namespace storage
