#include "ui/results/chart_data.h"

#include <QStringList>

#include "engine/core/number_list.h"
#include "engine/core/statistics.h"
#include "storage/comparisons.h"
#include "ui/common/number_format.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

namespace ui {

QString bandName(Band band)
{
    switch (band) {
    case Band::Std:
        return QString::fromUtf8("± std");
    case Band::StandardError:
        return QString::fromUtf8("± standard error");
    case Band::MinMax:
        return QString::fromUtf8("min–max");
    case Band::None:
        return QString::fromUtf8("no band");
    case Band::Ci95:
        return QString::fromUtf8("± 95 % CI");
    }
    return {};
}

std::pair<double, double> CurvePoint::band(Band band) const
{
    const double m = accuracy.mean;
    if (accuracy.n < 2 || band == Band::None)
        return { m, m };
    switch (band) {
    case Band::Std:
        return { m - accuracy.std, m + accuracy.std };
    case Band::StandardError: {
        const double se = accuracy.std / std::sqrt(double(accuracy.n));
        return { m - se, m + se };
    }
    case Band::MinMax:
        return { min, max };
    case Band::Ci95:
        return interval(0.95);
    case Band::None:
        break;
    }
    return { m, m };
}

std::pair<double, double> CurvePoint::interval(double level) const
{
    if (accuracy.n < 2)
        return { NAN, NAN };
    const double half = engine::studentTQuantile(0.5 + level / 2, double(accuracy.n - 1))
        * accuracy.std / std::sqrt(double(accuracy.n));
    return { accuracy.mean - half, accuracy.mean + half };
}

QString Curve::methodLabel() const
{
    return QString::fromStdString(method)
        + (classBalanced ? QString::fromUtf8(" (class-balanced)") : QString());
}

QString Curve::kdLabel() const
{
    QString label;
    if (alpha <= 0 && !scheduled)
        label = QString::fromUtf8("no KD (α = 0)");
    else
        label = QString::fromUtf8("%1, τ = %2, teacher %3")
                    .arg(scheduled ? QString::fromUtf8("α(f) schedule")
                                   : QString::fromUtf8("α = ") + formatNumber(alpha),
                         formatNumber(tau), QString::fromStdString(teacher));
    if (variant > 0)
        label
            += " · " + (setting.isEmpty() ? QString::fromUtf8("setting %1").arg(variant) : setting);
    return label;
}

std::vector<QString> differenceLabels(const std::vector<std::string> &configs, bool withKd)
{
    std::vector<nlohmann::json> flat;
    for (const auto &text : configs) {
        const auto j = nlohmann::json::parse(text, nullptr, false);
        flat.push_back(j.is_object() ? j.flatten() : nlohmann::json::object());
    }
    const auto ignored = [withKd](const std::string &path) {
        static const char *always[] = { "/seed",
                                        "/pruning/fraction",
                                        "/pruning/kept_count",
                                        "/pruning/definition",
                                        "/distillation/loss",
                                        "/dataset/fingerprint" };
        for (const char *p : always)
            if (path == p)
                return true;
        if (!withKd && (path.starts_with("/distillation") || path.starts_with("/teacher")))
            return true;
        return path == "/distillation/alpha" || path == "/distillation/tau";
    };
    std::set<std::string> paths;
    for (const auto &f : flat)
        for (auto it = f.begin(); it != f.end(); ++it)
            if (!ignored(it.key()))
                paths.insert(it.key());
    std::vector<std::string> differing;
    for (const auto &path : paths) {
        std::optional<nlohmann::json> first;
        bool differs = false;
        for (const auto &f : flat) {
            const nlohmann::json v = f.contains(path) ? f.at(path) : nlohmann::json();
            if (!first)
                first = v;
            else if (v != *first)
                differs = true;
        }
        if (differs)
            differing.push_back(path);
    }
    const auto name = [](const std::string &path) {
        QStringList parts = QString::fromStdString(path).split('/', Qt::SkipEmptyParts);
        if (!parts.isEmpty()
            && (parts.front() == "student" || parts.front() == "dataset"
                || parts.front() == "pruning" || parts.front() == "distillation"))
            parts.removeFirst();
        parts.removeAll("train");
        parts.removeAll("settings");
        return parts.join(' ').replace('_', ' ');
    };
    const auto value = [](const nlohmann::json &v) {
        if (v.is_null())
            return QString::fromUtf8("none");
        if (v.is_boolean())
            return QString(v.get<bool>() ? "on" : "off");
        if (v.is_number())
            return formatNumber(v.get<double>());
        if (v.is_string())
            return QString::fromStdString(v.get<std::string>());
        return QString::fromStdString(v.dump());
    };
    std::vector<QString> labels;
    for (const auto &f : flat) {
        QStringList parts;
        for (size_t i = 0; i < differing.size() && i < 3; ++i)
            parts << name(differing[i]) + " "
                    + value(f.contains(differing[i]) ? f.at(differing[i]) : nlohmann::json());
        if (differing.size() > 3)
            parts << QString::fromUtf8("+%1 more").arg(differing.size() - 3);
        labels.push_back(parts.join(QString::fromUtf8(" · ")));
    }
    return labels;
}

std::vector<Curve> accuracyCurves(const std::vector<storage::GroupSummary> &groups)
{
    std::vector<Curve> curves;
    for (const auto &g : groups) {
        auto it = std::find_if(curves.begin(), curves.end(),
                               [&](const Curve &c) { return c.curveKey == g.curveKey; });
        if (it == curves.end()) {
            Curve c;
            c.configJson = g.configJson;
            c.curveKey = g.curveKey;
            c.baseKey = g.baseKey;
            c.method = g.key.method;
            c.classBalanced = g.key.classBalanced;
            c.alpha = g.key.alpha;
            c.teacher = g.key.teacherModel;
            c.tau = g.key.tau;
            curves.push_back(c);
            it = curves.end() - 1;
        }
        it->scheduled |= g.key.alpha != it->alpha;
        it->points.push_back({ g.key.fraction, g.key.alpha, g.accuracy, g.minAccuracy,
                               g.maxAccuracy, g.accuracies, g.seeds, g.runIds, g.validation,
                               g.validated() });
    }
    for (auto &c : curves)
        std::sort(c.points.begin(), c.points.end(),
                  [](const auto &a, const auto &b) { return a.fraction < b.fraction; });
    // Curves whose labels would otherwise coincide (other recipes, teacher seeds, ...) are
    // numbered in order and named by what differs between them.
    const auto sameLabel = [](const Curve &a, const Curve &b) {
        return a.methodLabel() == b.methodLabel() && a.scheduled == b.scheduled
            && a.alpha == b.alpha && a.teacher == b.teacher && a.tau == b.tau;
    };
    std::vector<bool> placed(curves.size(), false);
    for (size_t i = 0; i < curves.size(); ++i) {
        if (placed[i])
            continue;
        std::vector<size_t> group;
        for (size_t j = i; j < curves.size(); ++j)
            if (!placed[j] && sameLabel(curves[i], curves[j])) {
                group.push_back(j);
                placed[j] = true;
            }
        if (group.size() < 2)
            continue;
        std::vector<std::string> configs;
        for (size_t j : group)
            configs.push_back(curves[j].configJson);
        const auto labels = differenceLabels(configs, true);
        for (size_t k = 0; k < group.size(); ++k) {
            curves[group[k]].variant = int(k) + 1;
            curves[group[k]].setting = labels[k];
        }
    }
    return curves;
}

const HeatCell *HeatMapData::cell(double fraction, double alpha) const
{
    for (const auto &c : cells)
        if (c.fraction == fraction && c.alpha == alpha)
            return &c;
    return nullptr;
}

HeatMapData heatMap(const std::vector<Curve> &curves, const std::string &baseKey,
                    const std::string &teacher, double tau)
{
    HeatMapData map;
    for (const Curve &c : curves) {
        if (c.baseKey != baseKey)
            continue;
        const bool distils = c.alpha > 0 || c.scheduled;
        if (distils && ((!teacher.empty() && c.teacher != teacher) || (tau > 0 && c.tau != tau)))
            continue;
        for (const auto &p : c.points) {
            if (map.cell(p.fraction, p.alpha))
                continue; // one cell per (f, α): the first matching curve wins
            map.cells.push_back({ p.fraction, p.alpha, p.accuracy, p.validation, p.validated, NAN,
                                  p.runIds, p.seeds, p.values });
            map.fractions.push_back(p.fraction);
            map.alphas.push_back(p.alpha);
        }
    }
    for (auto *v : { &map.fractions, &map.alphas }) {
        std::sort(v->begin(), v->end());
        v->erase(std::unique(v->begin(), v->end()), v->end());
    }
    for (auto &cell : map.cells)
        if (const HeatCell *base = map.cell(cell.fraction, 0.0)) {
            cell.gain = cell.accuracy.mean - base->accuracy.mean;
            const auto d
                = storage::pairedBySeed(cell.seeds, cell.values, base->seeds, base->values);
            cell.pairs = d.n;
            cell.pairedGain = d.mean;
            cell.gainLow = d.low;
            cell.gainHigh = d.high;
        }
    for (double f : map.fractions) {
        // On validation, so the test accuracy reported for the best α is not what chose it.
        bool validated = true;
        for (const auto &c : map.cells)
            if (c.fraction == f)
                validated = validated && c.validated;
        const auto score = [validated](const HeatCell &c) {
            return validated ? c.validation.mean : c.accuracy.mean;
        };
        double best = -INFINITY;
        for (const auto &c : map.cells)
            if (c.fraction == f)
                best = std::max(best, score(c));
        for (const auto &c : map.cells)
            if (c.fraction == f && std::fabs(score(c) - best) < 1e-12)
                map.bestAlphas[f].push_back(c.alpha);
        std::sort(map.bestAlphas[f].begin(), map.bestAlphas[f].end());
        if (!validated)
            map.selectedOnTest.push_back(f);
    }
    return map;
}

std::optional<CurvePoint> pairedDifference(const CurvePoint &kd, const CurvePoint &baseline)
{
    CurvePoint d;
    d.fraction = kd.fraction;
    d.alpha = kd.alpha;
    for (size_t i = 0; i < kd.seeds.size(); ++i)
        for (size_t j = 0; j < baseline.seeds.size(); ++j)
            if (kd.seeds[i] == baseline.seeds[j]) {
                d.seeds.push_back(kd.seeds[i]);
                d.values.push_back(kd.values[i] - baseline.values[j]);
            }
    if (d.values.empty())
        return std::nullopt;
    d.accuracy = storage::meanStd(d.values);
    d.min = *std::min_element(d.values.begin(), d.values.end());
    d.max = *std::max_element(d.values.begin(), d.values.end());
    d.runIds = kd.runIds;
    return d;
}

double AlphaFit::at(double fraction) const
{
    return std::clamp(intercept + slope * std::log(fraction), 0.0, 1.0);
}

AlphaFit fitAlpha(const HeatMapData &map)
{
    std::vector<std::pair<double, double>> points; // (ln f, α)
    for (const auto &[f, alphas] : map.bestAlphas)
        for (double a : alphas)
            points.emplace_back(std::log(f), a);
    AlphaFit fit;
    if (points.empty())
        return fit;
    double mx = 0, my = 0;
    for (const auto &[x, y] : points) {
        mx += x;
        my += y;
    }
    mx /= double(points.size());
    my /= double(points.size());
    double sxx = 0, sxy = 0;
    for (const auto &[x, y] : points) {
        sxx += (x - mx) * (x - mx);
        sxy += (x - mx) * (y - my);
    }
    // A line through one kept fraction is any line: no fit is offered from fewer than two.
    if (!(sxx > 0))
        return fit;
    fit.slope = sxy / sxx;
    fit.intercept = my - fit.slope * mx;
    fit.valid = true;
    return fit;
}

std::vector<engine::AlphaPoint> scheduleFromFit(const AlphaFit &fit,
                                                const std::vector<double> &fractions)
{
    std::vector<engine::AlphaPoint> schedule;
    if (!fit.valid)
        return schedule;
    for (double f : fractions)
        schedule.push_back({ f, std::round(fit.at(f) * 100.0) / 100.0 });
    return schedule;
}

} // namespace ui
