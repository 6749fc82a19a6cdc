#pragma once

#include <QString>

#include "engine/experiment/spec.h"
#include "storage/results.h"

#include <map>
#include <optional>
#include <vector>

namespace ui {

/// What the uncertainty band of a mean shows.
/// Ci95: the mean's 95 % Student-t interval (paired when the points are per-seed differences).
enum class Band { Std, StandardError, MinMax, None, Ci95 };
QString bandName(Band band);

/// One measured kept fraction of a curve: the seeds' accuracies (fractions in [0, 1]) and their
/// summary.
struct CurvePoint
{
    double fraction = 0;
    double alpha = 0; ///< differs between points of a curve driven by an α(f) schedule
    storage::MeanStd accuracy;
    double min = 0, max = 0;
    std::vector<double> values;
    std::vector<int64_t> seeds;
    std::vector<int64_t> runIds;
    storage::MeanStd validation; ///< n = 0 when no run has a validation accuracy
    bool validated = false; ///< every run has one: choices among points are made on it
    /// Lower and upper edge of the band around the mean (both the mean for Band::None or n = 1).
    std::pair<double, double> band(Band band) const;
    /// The mean's two-sided Student-t interval (NaN for n < 2).
    std::pair<double, double> interval(double level = 0.95) const;
};

/// Runs that share method, selection, α, teacher and τ, across kept fractions.
struct Curve
{
    std::string curveKey; ///< the runs' identity without seed and fraction
    std::string baseKey; ///< also without distillation and teacher: curves comparable by α
    std::string method;
    bool classBalanced = false;
    double alpha = 0; ///< of the first point; see scheduled
    bool scheduled = false; ///< α follows an α(f) schedule (differs between points)
    std::string teacher; ///< empty without distillation
    double tau = 0;
    int variant
        = 0; ///< 1, 2, … when several curves share method and KD setting but differ otherwise
    /// What sets a variant apart, in words ("steps 100", "teacher epochs 2"), from its runs'
    /// configs: stable when runs are added, unlike a number. Empty for a curve without variants.
    QString setting;
    std::string configJson; ///< its first group's (for naming what differs)
    std::vector<CurvePoint> points; ///< ascending fraction
    QString methodLabel() const;
    QString kdLabel() const; ///< "no KD (α = 0)" or "α = 0.5, τ = 4, teacher smallcnn"
};

/// For configs (stored run configs, JSON) of groups that share a label, a label per config
/// naming the fields where they differ ("steps 100 · lr 0.05"); a run's own seed and kept
/// fraction never count, nor (without withKd) distillation and teacher. Empty labels where
/// nothing readable differs.
std::vector<QString> differenceLabels(const std::vector<std::string> &configs, bool withKd);

/// Curves of the groups of one dataset and student: one per curve key (runs that differ only in
/// seed and kept fraction), so runs of different recipes are never mixed into one curve.
std::vector<Curve> accuracyCurves(const std::vector<storage::GroupSummary> &groups);

/// The α × f grid of one method (and, for α > 0, one teacher and τ).
struct HeatCell
{
    double fraction = 0, alpha = 0;
    storage::MeanStd accuracy; ///< test
    storage::MeanStd validation;
    bool validated = false;
    double gain = NAN; ///< mean minus the α = 0 mean at the same fraction, when there is one
    std::vector<int64_t> runIds;
    std::vector<int64_t> seeds;
    std::vector<double> values; ///< test accuracies, in the order of seeds
    /// The gain paired by seed (the seeds both cells have): n, mean and 95 % interval.
    int64_t pairs = 0;
    double pairedGain = NAN, gainLow = NAN, gainHigh = NAN;
};

struct HeatMapData
{
    std::vector<double> fractions; ///< ascending
    std::vector<double> alphas; ///< ascending, 0 first
    std::vector<HeatCell> cells; ///< only measured cells
    /// Per fraction: every α with the top validation mean (the top test mean where a cell of the
    /// fraction has runs without a validation split; see selectedOnTest).
    std::map<double, std::vector<double>> bestAlphas;
    /// Fractions whose best α was chosen on test accuracy (runs trained without a validation
    /// split, e.g. stored before there was one, or with dataset.validation = 0).
    std::vector<double> selectedOnTest;

    bool anySelectedOnTest() const { return !selectedOnTest.empty(); }

    const HeatCell *cell(double fraction, double alpha) const;
};

/// Builds the grid from the curves of one setting (base key: method, selection, student recipe,
/// dataset): its α = 0 curve and its α > 0 curves of one teacher and τ (the first when empty/0).
HeatMapData heatMap(const std::vector<Curve> &curves, const std::string &baseKey,
                    const std::string &teacher, double tau);

/// Per-seed differences between a KD point and the α = 0 point of the same setting and fraction,
/// over the seeds both have (runs with the same seed share their subset): a point whose values
/// are the gains. nullopt when no seed is shared.
std::optional<CurvePoint> pairedDifference(const CurvePoint &kd, const CurvePoint &baseline);

/// α(f) = clamp(a + b·ln f, 0, 1) fitted by least squares to the best α of every fraction (each
/// tied α counts once); with one fraction, the constant mean of its best α values.
struct AlphaFit
{
    double intercept = 0;
    double slope = 0;
    bool valid = false;
    double at(double fraction) const;
};
AlphaFit fitAlpha(const HeatMapData &map);

/// A schedule at the map's fractions from the fit, for the experiment form.
std::vector<engine::AlphaPoint> scheduleFromFit(const AlphaFit &fit,
                                                const std::vector<double> &fractions);

} // namespace ui
