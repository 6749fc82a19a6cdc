// Image-quality scores on a real dataset with injected corruptions: for each corruption of the
// quality-flag benchmark (2 % of the images each by default), the AUROC of its score against the
// injected truth and the precision and recall at the threshold with the best F1. A calibration
// aid for the flags' default thresholds; prints one line per flag.
//   prunescope-bench-quality [--dataset DIR] [--count 10000] [--fraction 0.02] [--seed 0]
#include "engine/data/dataset.h"
#include "engine/data/dataset_loader.h"
#include "engine/experiment/runner.h"
#include "engine/quality/image_metrics.h"
#include "engine/quality/injection.h"
#include "engine/train/device.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <numeric>
#include <string>
#include <torch/torch.h>
#include <unordered_map>

namespace {

struct Curve
{
    double auroc = 0, precision = 0, recall = 0, threshold = 0;
};

Curve evaluate(const std::vector<double> &score, const std::vector<bool> &truth)
{
    std::vector<size_t> order(score.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return score[a] > score[b]; });
    const double positives = double(std::count(truth.begin(), truth.end(), true));
    const double negatives = double(truth.size()) - positives;
    Curve c;
    double tp = 0, fp = 0, bestF1 = -1, area = 0, lastFpr = 0, lastTpr = 0;
    for (size_t k = 0; k < order.size(); ++k) {
        (truth[order[k]] ? tp : fp) += 1;
        if (k + 1 < order.size() && score[order[k + 1]] == score[order[k]])
            continue; // ties move together
        const double tpr = tp / positives, fpr = fp / negatives;
        area += (fpr - lastFpr) * (tpr + lastTpr) / 2;
        lastFpr = fpr;
        lastTpr = tpr;
        const double precision = tp / (tp + fp), f1 = 2 * precision * tpr / (precision + tpr);
        if (f1 > bestF1) {
            bestF1 = f1;
            c = { 0, precision, tpr, score[order[k]] };
        }
    }
    c.auroc = area;
    return c;
}

} // namespace

int main(int argc, char **argv)
{
    std::string path = engine::kDefaultDatasetPath;
    int64_t count = 10000;
    double fraction = 0.02;
    uint64_t seed = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i], value = argv[i + 1];
        if (key == "--dataset")
            path = value;
        else if (key == "--count")
            count = std::stoll(value);
        else if (key == "--fraction")
            fraction = std::stod(value);
        else if (key == "--seed")
            seed = std::stoull(value);
        else {
            std::fprintf(stderr, "unknown option %s\n", key.c_str());
            return 2;
        }
    }
    engine::useAllCores();
    const auto dataset = engine::loadDataset(path, engine::DatasetFormat::Auto);
    const auto images = dataset->train.images.slice(0, 0, count);
    const auto injected
        = engine::injectCorruptions(images, engine::allCorruptions(), fraction, seed);
    const auto t0 = std::chrono::steady_clock::now();
    const auto q = engine::measureImageQuality(injected.images);
    const auto t1 = std::chrono::steady_clock::now();
    const auto nearest = engine::findNearDuplicates(injected.images, q);
    const auto t2 = std::chrono::steady_clock::now();
    std::printf("measured in %.1f s, near copies searched in %.1f s\n",
                std::chrono::duration<double>(t1 - t0).count(),
                std::chrono::duration<double>(t2 - t1).count());
    const int64_t n = images.size(0);
    const auto *kind = injected.kind.data_ptr<int64_t>();
    const auto *source = injected.source.data_ptr<int64_t>();
    auto truthOf = [&](std::initializer_list<engine::Corruption> kinds, bool withSources) {
        std::vector<bool> truth(size_t(n), false);
        for (int64_t i = 0; i < n; ++i)
            for (auto c : kinds)
                if (kind[i] == int64_t(c)) {
                    truth[size_t(i)] = true;
                    if (withSources)
                        truth[size_t(source[i])] = true;
                }
        return truth;
    };
    auto vec = [](const torch::Tensor &t) {
        const auto d = t.to(torch::kDouble).contiguous();
        return std::vector<double>(d.data_ptr<double>(), d.data_ptr<double>() + d.numel());
    };
    std::vector<double> exact(static_cast<size_t>(n)), near(static_cast<size_t>(n));
    std::unordered_map<uint64_t, int> copies;
    for (uint64_t h : q.exactHash)
        ++copies[h];
    for (int64_t i = 0; i < n; ++i) {
        exact[size_t(i)] = copies[q.exactHash[size_t(i)]] > 1 ? 1.0 : 0.0;
        near[size_t(i)] = std::max(0.0, 1.0 - 10.0 * nearest.difference[size_t(i)]);
    }
    using C = engine::Corruption;
    const struct
    {
        const char *flag;
        std::vector<double> score;
        std::vector<bool> truth;
    } rows[] = {
        { "dark", vec(q.dark), truthOf({ C::Darken }, false) },
        { "light", vec(q.light), truthOf({ C::Brighten }, false) },
        { "blurry", vec(q.blurry), truthOf({ C::Blur }, false) },
        { "noisy", vec(q.noisy), truthOf({ C::Noise }, false) },
        { "exact duplicate", exact, truthOf({ C::Duplicate }, true) },
        { "near duplicate", near, truthOf({ C::ShiftedDuplicate, C::BrightDuplicate }, true) },
    };
    std::printf("%lld images of %s, %.0f %% of them per corruption (seed %llu)\n",
                static_cast<long long>(n), dataset->info.name.c_str(), 100 * fraction,
                static_cast<unsigned long long>(seed));
    for (const auto &r : rows) {
        const Curve c = evaluate(r.score, r.truth);
        // The gap a threshold must fall in: the highest clean and the lowest corrupted score.
        double cleanMax = 0, corruptMin = 1;
        for (size_t i = 0; i < r.score.size(); ++i)
            (r.truth[i] ? corruptMin : cleanMax)
                = r.truth[i] ? std::min(corruptMin, r.score[i]) : std::max(cleanMax, r.score[i]);
        std::printf("%-16s AUROC %.3f   best F1 at score >= %.3f: precision %.2f, recall %.2f"
                    "   (clean max %.3f, corrupted min %.3f)\n",
                    r.flag, c.auroc, c.threshold, c.precision, c.recall, cleanMax, corruptMin);
    }
    return 0;
}
