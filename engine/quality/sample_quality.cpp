#include "engine/quality/sample_quality.h"

#include "engine/core/errors.h"
#include "engine/data/dataset.h"
#include "engine/quality/out_of_sample.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <numeric>
#include <torch/torch.h>
#include <unordered_map>

namespace engine {

namespace {

// Image thresholds calibrated on all 60,000 Fashion-MNIST training images with 2 % of each
// benchmark corruption (prunescope-bench-quality --count 60000 prints, per flag, the highest
// clean and the lowest corrupted score): dark 0.824 | 0.851, light 0.043 | 0.851, blurry
// 0 | 0.228, noisy 1.0 | 0.51 (a few clean textures score high; best F1 at 0.55), near copies
// best at 0.957. Low information has no corruption to calibrate on: 0.85 flags nearly uniform
// images only.
const std::vector<FlagInfo> kFlags = {
    { Flag::LabelIssue, "label_issue", "Label issue", false, 0.0,
      "Picked by confident learning (by default as many samples as its confident joint holds "
      "off the diagonal and one standard error more, m + √m, those whose given label is least "
      "likely right by the label-quality ranking); the score, 1 − that label quality, keeps only "
      "the surest when the threshold is raised" },
    { Flag::TeacherDisagrees, "teacher_disagrees", "Teacher disagrees", false, 0.9,
      "The teacher predicts another class than the given one with at least this confidence" },
    { Flag::LowAum, "low_aum", "Low AUM", false, 0.5,
      "1 / (1 + e^AUM): 0.5 and above when the given label's logit stayed below the largest "
      "other one on average during training" },
    { Flag::Dark, "dark", "Dark", true, 0.84,
      "1 − the 99th percentile of brightness: nothing in the image is bright" },
    { Flag::Light, "light", "Light", true, 0.5,
      "The 1st percentile of brightness: nothing in the image is dark" },
    { Flag::Blurry, "blurry", "Blurry", true, 0.2,
      "1 − |∇²|/(2|∇|): fine detail (second derivatives) is weak against edges" },
    { Flag::Noisy, "noisy", "Noisy", true, 0.55,
      "Immerkær's pixel-noise estimate σ / 64 grey levels" },
    { Flag::LowInformation, "low_information", "Low information", true, 0.85,
      "1 − entropy of the grey-level histogram / 8 bits: nearly uniform images" },
    { Flag::OddSize, "odd_size", "Odd size", true, 0.5,
      "1 − min(s/m, m/s) for the original side s = √(w·h) and the median side m" },
    { Flag::ExactDuplicate, "exact_duplicate", "Exact duplicate", true, 1.0,
      "Pixel-for-pixel identical to another image" },
    { Flag::NearDuplicate, "near_duplicate", "Near duplicate", true, 0.95,
      "1 − 10 × the mean pixel difference to the closest look-alike (a perceptual-hash "
      "neighbour) once a one-pixel shift and a brightness offset are undone" },
};

std::string fmt(const char *format, double value)
{
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, format, value);
    return buffer;
}

torch::Tensor toFloat(const torch::Tensor &t)
{
    return t.to(torch::kCPU).to(torch::kFloat).contiguous();
}

} // namespace

const std::vector<FlagInfo> &allFlags()
{
    return kFlags;
}

const FlagInfo &flagInfo(Flag flag)
{
    return kFlags[size_t(flag)];
}

std::optional<Flag> parseFlag(std::string_view name)
{
    for (const auto &f : kFlags)
        if (name == f.name)
            return f.flag;
    return std::nullopt;
}

FlagThresholds::FlagThresholds()
{
    for (const auto &f : kFlags)
        values.push_back(f.defaultThreshold);
}

float SampleQuality::score(Flag f, int64_t i) const
{
    const auto &s = scores[size_t(f)];
    return s.defined() ? s.data_ptr<float>()[i] : 0.0f;
}

bool SampleQuality::flagged(Flag f, int64_t i, const FlagThresholds &t) const
{
    if (!available(f))
        return false;
    if (f == Flag::LabelIssue && !labelIssues.likelyError.data_ptr<bool>()[i])
        return false;
    return score(f, i) >= float(t[f]);
}

int64_t SampleQuality::suggestedLabel(int64_t i) const
{
    if (labelIssues.likelyError.defined() && labelIssues.likelyError.data_ptr<bool>()[i])
        return labelIssues.suggested.data_ptr<int64_t>()[i];
    if (teacherProbabilities.defined()) {
        // Only read when the teacher disagrees: a tensor op per sample is slow over 60,000.
        if (available(Flag::TeacherDisagrees) && score(Flag::TeacherDisagrees, i) > 0)
            return teacherProbabilities[i].argmax().item<int64_t>();
    }
    return labels.data_ptr<int64_t>()[i];
}

std::string SampleQuality::reason(Flag f, int64_t i) const
{
    auto className = [&](int64_t c) {
        return "'"
            + (c >= 0 && size_t(c) < classNames.size() ? classNames[size_t(c)] : std::to_string(c))
            + "'";
    };
    const int64_t given = labels.data_ptr<int64_t>()[i];
    const float s = score(f, i);
    switch (f) {
    case Flag::LabelIssue: {
        const auto p = labelIssues.probabilities[i];
        std::string text = "given " + className(given) + " has p "
            + fmt("%.2f", p[given].item<float>())
            + (labelIssues.teacherBlended ? " (out of sample blended with the teacher)"
                                          : " out of sample");
        const int64_t top = p.argmax().item<int64_t>();
        if (labelIssues.likelyError.data_ptr<bool>()[i]) {
            const int64_t c = labelIssues.suggested.data_ptr<int64_t>()[i];
            const int64_t cell = labelIssues.joint.estimated(given, c);
            std::string why;
            if (cell > 0)
                why = "confident learning estimates " + std::to_string(cell)
                    + (cell == 1 ? " sample" : " samples") + " given " + className(given) + " are "
                    + className(c);
            else // lowest_quality's set is larger than the joint's off-diagonal
                why = "among the " + std::to_string(estimatedLabelErrors)
                    + " labels least likely right; no cell of confident learning's joint holds it";
            return text + "; " + className(c) + " has p " + fmt("%.2f", p[c].item<float>()) + "; "
                + why + " (" + std::string(labelFilterName(labelIssues.options.filter)) + ")";
        }
        if (top != given)
            return text + "; " + className(top) + " is likelier (p "
                + fmt("%.2f", p[top].item<float>()) + ") but below its class threshold "
                + fmt("%.2f", labelIssues.thresholds[size_t(top)]);
        return text + "; no other class reaches its class threshold";
    }
    case Flag::TeacherDisagrees: {
        if (!teacherProbabilities.defined())
            return "no teacher for this data in the store";
        const auto p = teacherProbabilities[i];
        const int64_t t = p.argmax().item<int64_t>();
        if (t == given)
            return "the teacher agrees with the given label (p " + fmt("%.2f", p[t].item<float>())
                + ")";
        return "the teacher predicts " + className(t) + " with p " + fmt("%.2f", p[t].item<float>())
            + " (given " + className(given) + ")";
    }
    case Flag::LowAum:
        if (!aum.defined())
            return "no AUM stored for this data (score it with the aum method)";
        return "area under the margin " + fmt("%.2f", aum[i].item<double>())
            + (aum[i].item<double>() < 0 ? ": the given label's logit stayed below another's"
                                         : ": the given label's logit led on average");
    case Flag::Dark:
        return "the brightest 1 % of pixels reach " + fmt("%.0f", 100 * (1 - s))
            + " % of full brightness";
    case Flag::Light:
        return "the darkest 1 % of pixels are at " + fmt("%.0f", 100 * s) + " % of full brightness";
    case Flag::Blurry:
        return "second derivatives are " + fmt("%.2f", 1 - s)
            + " of twice the first (|∇²|/(2|∇|)); sharp images reach 1";
    case Flag::Noisy:
        return "estimated pixel noise σ " + fmt("%.0f", 64 * s) + " grey levels";
    case Flag::LowInformation:
        return "grey-level entropy " + fmt("%.1f", 8 * (1 - s)) + " of 8 bits";
    case Flag::OddSize:
        if (imageSide.empty())
            return "every image of this format has the same size";
        return "original side √(w·h) " + std::to_string(imageSide[size_t(i)]) + " pixels";
    case Flag::ExactDuplicate: {
        if (s < 1)
            return "no other image has identical pixels";
        const uint64_t h = image.exactHash[size_t(i)];
        std::vector<int64_t> others;
        for (size_t j = 0; j < image.exactHash.size() && others.size() < 4; ++j)
            if (int64_t(j) != i && image.exactHash[j] == h)
                others.push_back(int64_t(j));
        std::string text = "identical pixels to sample";
        for (size_t k = 0; k < others.size(); ++k)
            text += (k ? ", " : " ") + std::to_string(others[k]);
        return text;
    }
    case Flag::NearDuplicate: {
        if (nearest.nearest[size_t(i)] < 0)
            return "no other image has a similar perceptual hash";
        return "once a shift of at most one pixel and a brightness offset are undone, differs "
               "from sample "
            + std::to_string(nearest.nearest[size_t(i)]) + " by "
            + fmt("%.1f", 100 * nearest.difference[size_t(i)]) + " % of the grey range (hashes "
            + std::to_string(nearest.distance[size_t(i)]) + " bits apart)";
    }
    }
    return {};
}

FlagThresholds defaultThresholds(const SampleQuality &quality)
{
    FlagThresholds t;
    (void)quality; // every default is fixed; the label-issue filter chooses its own count
    return t;
}

void chooseLabelIssues(SampleQuality &q, const LabelIssueOptions &options)
{
    if (!(options.teacherWeight >= 0 && options.teacherWeight <= 1))
        throw ConfigError("the teacher's weight in the label-issue probabilities is "
                          + fmt("%g", options.teacherWeight) + "; expected a number in [0, 1]");
    const bool blend = options.teacherWeight > 0 && q.teacherProbabilities.defined();
    q.labelIssues = findLabelIssues(blend ? (1 - options.teacherWeight) * q.oosProbabilities
                                            + options.teacherWeight * q.teacherProbabilities
                                          : q.oosProbabilities,
                                    q.labels, options);
    q.labelIssues.teacherBlended = blend;
    q.labelIssues.likelyError = q.labelIssues.likelyError.contiguous();
    q.labelIssues.suggested = q.labelIssues.suggested.contiguous();
    q.scores[size_t(Flag::LabelIssue)] = toFloat(1 - q.labelIssues.quality);
    q.estimatedLabelErrors = q.labelIssues.likelyError.sum().item<int64_t>();
}

std::string outOfSampleKey(const std::string &fingerprint, const OutOfSampleOptions &o)
{
    return nlohmann::json {
        { "out_of_sample",
          { { "fingerprint", fingerprint },
            { "folds", o.folds },
            { "model", o.model },
            { "epochs", o.epochs },
            { "batch_size", o.batchSize },
            { "lr", o.lr },
            { "seed", o.seed } } }
    }.dump();
}

SampleQuality assessSamples(const QualityInputs &in)
{
    const Dataset &data = *in.dataset;
    const int64_t n = data.train.size(), k = data.numClasses();
    SampleQuality q;
    q.count = n;
    q.numClasses = k;
    q.classNames = data.info.classNames;
    q.labels = data.train.labels.to(torch::kCPU).to(torch::kInt64).contiguous();
    q.scores.resize(kFlags.size());

    q.oosProbabilities = outOfSampleEnsemble(data, in, q.oosFromStore);
    q.oosRepeats = in.oos.repeats;
    if (in.onProgress)
        in.onProgress("Measuring images", 1.0);
    if (in.teacherLogits.defined()) {
        if (in.teacherLogits.size(0) != n || in.teacherLogits.size(1) != k)
            throw ConfigError("teacher logits are " + std::to_string(in.teacherLogits.size(0)) + "×"
                              + std::to_string(in.teacherLogits.size(1)) + "; expected "
                              + std::to_string(n) + "×" + std::to_string(k));
        q.teacherProbabilities = toFloat(torch::softmax(in.teacherLogits.to(torch::kFloat), 1));
        const auto [confidence, predicted] = q.teacherProbabilities.max(1);
        q.scores[size_t(Flag::TeacherDisagrees)] = toFloat(
            torch::where(predicted.ne(q.labels), confidence, torch::zeros_like(confidence)));
    }
    chooseLabelIssues(q, in.labelIssues);

    if (!in.aum.empty()) {
        if (int64_t(in.aum.size()) != n)
            throw ConfigError("stored AUM has " + std::to_string(in.aum.size())
                              + " values; the training set has " + std::to_string(n));
        q.aum = torch::tensor(in.aum, torch::kDouble);
        q.scores[size_t(Flag::LowAum)] = toFloat(torch::sigmoid(-q.aum));
    }

    q.image = measureImageQuality(data.train.images);
    q.nearest = findNearDuplicates(data.train.images, q.image);
    q.scores[size_t(Flag::Dark)] = toFloat(q.image.dark);
    q.scores[size_t(Flag::Light)] = toFloat(q.image.light);
    q.scores[size_t(Flag::Blurry)] = toFloat(q.image.blurry);
    q.scores[size_t(Flag::Noisy)] = toFloat(q.image.noisy);
    q.scores[size_t(Flag::LowInformation)] = toFloat(q.image.lowInformation);

    std::vector<float> side(static_cast<size_t>(n), 0.0f);
    q.imageSide = in.imageSide;
    if (int64_t(q.imageSide.size()) == n && n > 0) {
        auto sorted = q.imageSide;
        std::nth_element(sorted.begin(), sorted.begin() + n / 2, sorted.end());
        const double median = std::max(1, sorted[size_t(n / 2)]);
        for (int64_t i = 0; i < n; ++i) {
            const double s = std::max(1, q.imageSide[size_t(i)]);
            side[size_t(i)] = float(1 - std::min(s / median, median / s));
        }
    } else {
        q.imageSide.clear();
    }
    q.scores[size_t(Flag::OddSize)] = torch::tensor(side);

    std::unordered_map<uint64_t, int> copies;
    for (uint64_t h : q.image.exactHash)
        ++copies[h];
    std::vector<float> exact(static_cast<size_t>(n)), near(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
        exact[size_t(i)] = copies[q.image.exactHash[size_t(i)]] > 1 ? 1.0f : 0.0f;
        near[size_t(i)] = std::max(0.0f, 1.0f - 10.0f * q.nearest.difference[size_t(i)]);
    }
    q.scores[size_t(Flag::ExactDuplicate)] = torch::tensor(exact);
    q.scores[size_t(Flag::NearDuplicate)] = torch::tensor(near);
    return q;
}

double auroc(const std::vector<double> &score, const std::vector<bool> &truth)
{
    std::vector<size_t> order(score.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return score[a] > score[b]; });
    const double positives = double(std::count(truth.begin(), truth.end(), true));
    const double negatives = double(truth.size()) - positives;
    if (positives == 0 || negatives == 0)
        return NAN;
    double tp = 0, fp = 0, area = 0, lastFpr = 0, lastTpr = 0;
    for (size_t k = 0; k < order.size(); ++k) {
        (truth[order[k]] ? tp : fp) += 1;
        if (k + 1 < order.size() && score[order[k + 1]] == score[order[k]])
            continue; // ties move together: a diagonal step, i.e. half credit
        const double tpr = tp / positives, fpr = fp / negatives;
        area += (fpr - lastFpr) * (tpr + lastTpr) / 2;
        lastFpr = fpr;
        lastTpr = tpr;
    }
    return area;
}

double PrecisionRecall::precision() const
{
    return flagged ? double(truePositives) / double(flagged) : NAN;
}

double PrecisionRecall::recall() const
{
    return positives ? double(truePositives) / double(positives) : NAN;
}

PrecisionRecall precisionRecall(const std::vector<bool> &flagged, const std::vector<bool> &truth)
{
    PrecisionRecall r;
    for (size_t i = 0; i < flagged.size() && i < truth.size(); ++i) {
        r.flagged += flagged[i];
        r.positives += truth[i];
        r.truePositives += flagged[i] && truth[i];
    }
    return r;
}

} // namespace engine
