#include "storage/compute.h"

#include "storage/store.h"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <algorithm>
#include <cstdio>
#include <numeric>

namespace storage {

std::string_view measureName(Measure m)
{
    return m == Measure::Flops ? "flops" : "seconds";
}

std::string_view chargingName(Charging c)
{
    return c == Charging::Amortised ? "amortised" : "standalone";
}

std::string flopsText(double flops)
{
    if (!std::isfinite(flops))
        return "—";
    if (flops == 0)
        return "0";
    static const char *const units[]
        = { "FLOP", "kFLOP", "MFLOP", "GFLOP", "TFLOP", "PFLOP", "EFLOP" };
    int unit = 0;
    while (unit < 6 && std::abs(flops) >= 1000.0) {
        flops /= 1000.0;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text,
                  flops >= 100      ? "%.0f %s"
                      : flops >= 10 ? "%.1f %s"
                                    : "%.2f %s",
                  flops, units[unit]);
    return text;
}

namespace {
double share(double whole, int64_t users, Charging c)
{
    if (users <= 0)
        return 0;
    return c == Charging::Amortised ? whole / double(users) : whole;
}

double realOr(const SQLite::Column &column, double otherwise)
{
    return column.isNull() ? otherwise : column.getDouble();
}
} // namespace

double RunCost::teacherPart(Measure m, Charging c) const
{
    return share(teacher.get(m), teacherUsers, c);
}

double RunCost::scorePart(Measure m, Charging c) const
{
    return share(scores.get(m), scoreUsers, c);
}

double RunCost::total(Measure m, Charging c) const
{
    return student.get(m) + teacherPart(m, c) + scorePart(m, c);
}

std::map<int64_t, RunCost> runCosts(Store &store)
{
    // score_key is '' for runs that select on no score, NULL for runs stored before it was kept
    // (their score's cost is unknown); a score with no row (an imported score file) is unknown.
    SQLite::Statement q(
        store.database(),
        "SELECT r.id, r.student_flops, r.wall_seconds, r.teacher_id, t.train_flops, "
        "t.train_seconds, (SELECT count(*) FROM runs u WHERE u.status = 'done' AND u.teacher_id "
        "= r.teacher_id), r.score_key, s.id, s.flops, s.seconds, (SELECT count(*) FROM runs v "
        "WHERE v.status = 'done' AND v.score_key = r.score_key) "
        "FROM runs r LEFT JOIN teachers t ON t.id = r.teacher_id "
        "LEFT JOIN scores s ON s.score_key = r.score_key WHERE r.status = 'done'");
    std::map<int64_t, RunCost> costs;
    while (q.executeStep()) {
        RunCost c;
        c.student = { realOr(q.getColumn(1), NAN), realOr(q.getColumn(2), NAN) };
        if (q.getColumn(3).isNull()) {
            c.teacher = { 0, 0 };
        } else {
            c.teacher = { realOr(q.getColumn(4), NAN), realOr(q.getColumn(5), NAN) };
            c.teacherUsers = q.getColumn(6).getInt64();
        }
        if (!q.getColumn(7).isNull() && q.getColumn(7).getString().empty()) {
            c.scores = { 0, 0 };
        } else if (q.getColumn(7).isNull() || q.getColumn(8).isNull()) {
            c.scores = { NAN, NAN };
            c.scoreUsers = 1;
        } else {
            c.scores = { realOr(q.getColumn(9), NAN), realOr(q.getColumn(10), NAN) };
            c.scoreUsers = q.getColumn(11).getInt64();
        }
        costs.emplace(q.getColumn(0).getInt64(), c);
    }
    return costs;
}

GroupCost groupCost(const GroupSummary &group, const std::map<int64_t, RunCost> &costs, Measure m,
                    Charging c)
{
    return costOfRuns(group.runIds, costs, m, c);
}

GroupCost costOfRuns(const std::vector<int64_t> &runIds, const std::map<int64_t, RunCost> &costs,
                     Measure m, Charging c)
{
    GroupCost out;
    double student = 0, teacher = 0, scores = 0;
    int64_t known = 0;
    for (int64_t id : runIds) {
        const auto it = costs.find(id);
        if (it == costs.end() || !std::isfinite(it->second.total(m, c))) {
            ++out.unknown;
            continue;
        }
        student += it->second.student.get(m);
        teacher += it->second.teacherPart(m, c);
        scores += it->second.scorePart(m, c);
        ++known;
    }
    if (known > 0) {
        out.student = student / double(known);
        out.teacher = teacher / double(known);
        out.scores = scores / double(known);
    }
    if (known > 0 && out.unknown == 0)
        out.total = out.student + out.teacher + out.scores;
    return out;
}

std::vector<bool> paretoFront(const std::vector<double> &cost, const std::vector<double> &accuracy)
{
    std::vector<size_t> order(cost.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::erase_if(order,
                  [&](size_t i) { return !std::isfinite(cost[i]) || !std::isfinite(accuracy[i]); });
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return cost[a] != cost[b] ? cost[a] < cost[b] : accuracy[a] > accuracy[b];
    });
    std::vector<bool> front(cost.size(), false);
    double best = -INFINITY;
    for (size_t i : order)
        if (accuracy[i] > best) {
            front[i] = true;
            best = accuracy[i];
        }
    return front;
}

std::vector<ComputeRow> computeRows(const std::vector<GroupSummary> &groups,
                                    const std::map<int64_t, RunCost> &costs, Measure m, Charging c)
{
    std::vector<ComputeRow> rows;
    for (const auto &g : groups)
        rows.push_back({ g, groupCost(g, costs, m, c) });
    std::map<std::string, std::vector<size_t>> byDataset;
    for (size_t i = 0; i < rows.size(); ++i)
        byDataset[rows[i].group.key.dataset].push_back(i);
    for (const auto &[dataset, members] : byDataset) {
        const bool onTest = std::any_of(members.begin(), members.end(),
                                        [&](size_t i) { return !rows[i].group.validated(); });
        std::vector<double> cost, accuracy;
        for (size_t i : members) {
            cost.push_back(rows[i].cost.total);
            accuracy.push_back(onTest ? rows[i].group.accuracy.mean
                                      : rows[i].group.validation.mean);
        }
        const auto front = paretoFront(cost, accuracy);
        for (size_t k = 0; k < members.size(); ++k) {
            rows[members[k]].onFront = front[k];
            rows[members[k]].frontOnTest = onTest;
        }
    }
    return rows;
}

} // namespace storage
