#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace engine {

/// Which samples the label-issue flag picks, given the confident joint of out-of-sample
/// probabilities (Northcutt et al. 2021, "Confident learning"; the names are cleanlab's).
enum class LabelFilter {
    /// Per off-diagonal cell (given k, likely true j): as many samples as the cell's calibrated
    /// count, those labelled k with the largest margin p_j − p_k.
    PruneByNoiseRate,
    /// Per class k: n_k − C[k][k] samples labelled k with the lowest p_k.
    PruneByClass,
    /// Samples both of the above pick.
    Both,
    /// The samples in the confident joint's off-diagonal cells.
    ConfidentLearning,
    /// As many samples as the off-diagonal holds and one standard error more
    /// (lowestQualitySize), those with the lowest label quality.
    LowestQuality,
};

/// The label-quality score a sample is ranked by (higher = the given label is more likely right).
enum class LabelRanking {
    SelfConfidence, ///< p_y
    NormalizedMargin, ///< (p_y − max_{j≠y} p_j + 1) / 2
    ConfidenceWeightedEntropy, ///< ln(1 + x) / x with x = H(p) / ln K / p_y
    /// 1 − the probability that the label is wrong under the estimated noise: with T[g][j] the
    /// share of class j's samples labelled g (directionalNoise of noiseCounts,
    /// column-normalised) and p read as the true class's distribution,
    /// P(wrong) = Σ_{j≠y} T[y][j] p_j / Σ_j T[y][j] p_j. Under symmetric noise it ranks like the
    /// self-confidence; under structured noise (a class mislabelled as one other) it does not
    /// mistake the learned share of the noisy label for doubt about the true one.
    NoisePosterior,
};

std::string_view labelFilterName(LabelFilter f); ///< "prune_by_noise_rate", ...
std::optional<LabelFilter> parseLabelFilter(std::string_view name);
std::string_view labelRankingName(LabelRanking r); ///< "self_confidence", ...
std::optional<LabelRanking> parseLabelRanking(std::string_view name);
/// "prune_by_noise_rate, prune_by_class, ..." for messages and --help.
std::string labelFilterNames();
std::string labelRankingNames();

/// Out-of-sample probabilities as the filters read them: N rows of K, row-major.
struct ClassProbabilities
{
    std::span<const double> p;
    std::span<const int64_t> labels; ///< given labels, each in [0, K)
    int64_t classes = 0;
    int64_t count() const { return int64_t(labels.size()); }
    double at(int64_t i, int64_t j) const { return p[size_t(i * classes + j)]; }
};

/// The confident joint: every sample whose probability of some class reaches that class's
/// threshold is counted in the cell (given label, confident class).
struct ConfidentJoint
{
    int64_t classes = 0;
    /// t_j, the mean p_j over the samples labelled j (at least 2e-6; 2 for a class no sample
    /// carries, so none is ever confident in it).
    std::vector<double> thresholds;
    /// Per sample its confident class: the one class with p_j ≥ t_j, the likeliest class when
    /// several reach theirs, −1 when none does.
    std::vector<int64_t> confidentClass;
    std::vector<int64_t> classCounts; ///< n_k, samples given label k
    std::vector<int64_t> counts; ///< K×K (given row, confident column), diagonal raised to ≥ 1
    /// K×K: each row of `counts` scaled to its class's n_k and rounded keeping the row's total,
    /// the estimated number of samples given k whose true class is j.
    std::vector<int64_t> calibrated;
    int64_t count(int64_t given, int64_t likely) const
    {
        return counts[size_t(given * classes + likely)];
    }
    int64_t estimated(int64_t given, int64_t likely) const
    {
        return calibrated[size_t(given * classes + likely)];
    }
    /// Σ of the calibrated off-diagonal: the estimated number of wrong labels.
    int64_t estimatedErrors() const;
};

/// Throws std::invalid_argument when the sizes disagree or a label is outside [0, K).
ConfidentJoint confidentJoint(const ClassProbabilities &in);

/// The noise that NoisePosterior assumes, K×K (given row, true column): each sample counted in
/// (given label, likeliest class) when that class's probability reaches the median probability
/// of the samples labelled and predicted as that class, plus one on the diagonal. Stricter than the
/// confident joint's thresholds, it counts confidently recognised samples only, so the
/// model's own confusion between similar classes is not read as label noise.
std::vector<double> noiseCounts(const ClassProbabilities &in);

/// How many standard deviations of the difference of two Poisson counts, √(C[g][j] + C[j][g]),
/// one direction must exceed the other by to be read as structured noise. Chosen on validation
/// draws of the noise (README, "Label issues"): below it, random excess under symmetric noise
/// tilted the ranking away from the self-confidence.
inline constexpr double kDirectionSignificance = 3.0;

/// The noise counts with what two classes share both ways taken out: each off-diagonal cell
/// (g, j) keeps its excess C[g][j] − min(C[g][j], C[j][g]) when that exceeds
/// significance · √(C[g][j] + C[j][g]), plus the median of that minimum over all off-diagonal
/// cells; the excess within chance is read as symmetric noise, spread evenly over the
/// off-diagonal cells. The diagonal is kept. Two similar classes that the models confuse
/// (shirt ↔ T-shirt) fill both cells, as symmetric noise would; only a direction one class is
/// clearly mislabelled as another more than the reverse is read as structured noise. The cost:
/// noise that is as common one way as the other between two classes is ranked as symmetric noise.
std::vector<double> directionalNoise(const std::vector<double> &counts, int64_t k,
                                     double significance = kDirectionSignificance);

/// The class other than the given label with the highest probability (the lowest index on ties).
int64_t likeliestOtherClass(const ClassProbabilities &in, int64_t i);

/// Label quality per sample in [0, 1] (higher = cleaner).
std::vector<double> labelQuality(const ClassProbabilities &in, LabelRanking ranking);

struct LabelIssueSelection
{
    std::vector<uint8_t> flagged; ///< 1 for a likely wrong label
    std::vector<int64_t> suggested; ///< the likely true class of a flagged sample, else its label
};

/// How many samples LowestQuality picks when m samples sit off the confident joint's diagonal
/// with a given label that is not their likeliest class: m + √m rounded, one Poisson standard
/// error of the count more. The count alone lands at the low edge of the sizes that meet the
/// operating points of the label-issue measurements, which ask for recall first; chosen on
/// validation draws of the noise (README, "Label issues").
int64_t lowestQualitySize(int64_t m);

/// The samples `filter` picks. Like cleanlab, a sample whose given label is its likeliest class
/// (within 1e-6) is never picked, whatever the filter; `ranking` orders LowestQuality only.
LabelIssueSelection selectLabelIssues(const ClassProbabilities &in, const ConfidentJoint &joint,
                                      LabelFilter filter,
                                      LabelRanking ranking = LabelRanking::SelfConfidence);
/// The same with the label quality already computed (read by LowestQuality only).
LabelIssueSelection selectLabelIssues(const ClassProbabilities &in, const ConfidentJoint &joint,
                                      LabelFilter filter, std::span<const double> quality);

/// Rounds to integers keeping the (rounded) total: half to even, then ±1 on the entries whose
/// remainders are largest (adding) or smallest (removing). Exposed for its tests.
std::vector<int64_t> roundKeepingTotal(const std::vector<double> &row);

} // namespace engine
