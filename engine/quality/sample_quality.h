#pragma once

#include "engine/quality/confident_learning.h"
#include "engine/quality/image_metrics.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <torch/types.h>
#include <vector>

namespace engine {

struct Dataset;
class ScoreCache;

/// The flags a training sample can carry. Every flag has a score in [0, 1] (higher = more of the
/// issue) and is raised when its score reaches the flag's threshold.
enum class Flag {
    /// raised for the samples confident learning's filter picks (by default prune by noise
    /// rate) whose score, 1 − the label quality out of sample, reaches the threshold (default 0:
    /// all of them; a higher one keeps the surest)
    LabelIssue,
    TeacherDisagrees, ///< score: the teacher's confidence in another class (0 when it agrees)
    LowAum, ///< score 1 / (1 + e^AUM): ≥ 0.5 when the area under the margin is negative
    Dark,
    Light,
    Blurry,
    Noisy,
    LowInformation,
    OddSize,
    ExactDuplicate, ///< score 1 for every member of a group of identical images
    NearDuplicate, ///< score 1 − 10 × the aligned pixel difference to the nearest candidate
};

struct FlagInfo
{
    Flag flag;
    const char *name; ///< "label_issue", "dark", ... (CLI, CSV columns)
    const char *title; ///< "Label issue", "Dark", ...
    bool image; ///< an image-quality flag (the others concern labels)
    double defaultThreshold;
    const char *definition; ///< one sentence for tooltips and --help
};

const std::vector<FlagInfo> &allFlags();
const FlagInfo &flagInfo(Flag flag);
std::optional<Flag> parseFlag(std::string_view name);

/// A threshold per flag, defaults from allFlags().
struct FlagThresholds
{
    std::vector<double> values;
    FlagThresholds();
    double operator[](Flag f) const { return values[size_t(f)]; }
    double &operator[](Flag f) { return values[size_t(f)]; }
};

/// How the out-of-sample probabilities are made: K models, each trained on the other K − 1 folds
/// (a seeded shuffle split) for a few epochs, predicting the fold it did not see.
struct OutOfSampleOptions
{
    int folds = 4;
    std::string model = "smallcnn";
    int64_t epochs = 2;
    int64_t batchSize = 128;
    double lr = 0.1;
    int64_t seed = 0;
    std::string device = "cpu";
    /// The cross-validation done this many times, repeat r with seed + r, and the held-out
    /// probabilities averaged: an ensemble of out-of-sample models. Each repeat is stored on its
    /// own, so raising it trains only the repeats not stored yet. Two by default: measured on
    /// Fashion-MNIST with injected noise (README, "Label issues"), the mean of two ranks and
    /// picks better than one at twice the training.
    int repeats = 2;
};

/// Everything the browser and `flags` show about each training sample.
struct SampleQuality
{
    int64_t count = 0;
    int64_t numClasses = 0;
    std::vector<std::string> classNames;
    torch::Tensor labels; ///< int64 N, as given (after any injection)
    torch::Tensor oosProbabilities; ///< float N×K, out of sample (the repeats' mean)
    bool oosFromStore = false; ///< every repeat read back from the store, none trained now
    int oosRepeats = 1;
    torch::Tensor teacherProbabilities; ///< float N×K, or undefined when no teacher was given
    LabelIssues labelIssues; ///< confident learning on oosProbabilities
    int64_t estimatedLabelErrors = 0; ///< the samples its filter picks
    ImageQuality image;
    NearestHash nearest;
    torch::Tensor aum; ///< double N as stored, or undefined
    std::vector<int> imageSide; ///< per image, √(w·h) of the original file (empty: fixed size)
    /// score[flag] : float N in [0, 1]; a flag whose input is missing (no teacher, no AUM) holds
    /// an undefined tensor and is never raised.
    std::vector<torch::Tensor> scores;

    bool available(Flag f) const { return scores[size_t(f)].defined(); }
    float score(Flag f, int64_t i) const;
    bool flagged(Flag f, int64_t i, const FlagThresholds &t) const;
    /// Why the flag is (or would be) raised, in words: "given 'Shirt' (p 0.03 out of sample);
    /// 'T-shirt/top' has p 0.91, above its class threshold 0.74".
    std::string reason(Flag f, int64_t i) const;
    /// The suggested label: confident learning's likely class for a sample its filter picks,
    /// else the teacher's when it disagrees, else the given one.
    int64_t suggestedLabel(int64_t i) const;
};

struct QualityInputs
{
    const Dataset *dataset = nullptr; ///< training split is measured
    OutOfSampleOptions oos;
    /// Optional: the teacher's train-set logits (N×K) and stored AUM values (N).
    torch::Tensor teacherLogits;
    std::vector<double> aum;
    std::vector<int> imageSide;
    /// Where the out-of-sample probabilities are cached ("oos_probabilities" scores keyed by
    /// dataset content and options); null = always train.
    ScoreCache *store = nullptr;
    LabelIssueOptions labelIssues; ///< how the label-issue flag chooses and ranks
    std::function<void(const std::string &stage, double progress)> onProgress;
    std::stop_token stop;
};

/// The defaults of allFlags(), with the label-issue threshold calibrated on this data.
FlagThresholds defaultThresholds(const SampleQuality &quality);

/// Trains (or reads from the store) the out-of-sample probabilities and measures every flag.
/// Throws Cancelled when stop fires, ConfigError for options out of range.
SampleQuality assessSamples(const QualityInputs &inputs);

/// Chooses the label issues again with other options (no training: the probabilities are kept).
void chooseLabelIssues(SampleQuality &quality, const LabelIssueOptions &options);

/// The identity the out-of-sample probabilities are stored under.
std::string outOfSampleKey(const std::string &datasetFingerprint, const OutOfSampleOptions &o);

/// Area under the ROC curve of score against truth (ties averaged); NaN without both classes.
double auroc(const std::vector<double> &score, const std::vector<bool> &truth);

/// Precision and recall of a flagged set against the truth.
struct PrecisionRecall
{
    int64_t flagged = 0, truePositives = 0, positives = 0;
    double precision() const;
    double recall() const;
};
PrecisionRecall precisionRecall(const std::vector<bool> &flagged, const std::vector<bool> &truth);

} // namespace engine
