#include "engine/quality/out_of_sample.h"

#include "engine/core/errors.h"
#include "engine/core/rng.h"
#include "engine/data/dataset.h"
#include "engine/data/device_data.h"
#include "engine/models/model_factory.h"
#include "engine/models/model_registry.h"
#include "engine/prune/score_cache.h"
#include "engine/train/device.h"
#include "engine/train/trainer.h"

#include <chrono>
#include <torch/torch.h>

namespace engine {

torch::Tensor stratifiedFolds(const torch::Tensor &labels, int64_t numClasses, int folds,
                              uint64_t seed)
{
    const auto y = labels.to(torch::kCPU).to(torch::kInt64).contiguous();
    const int64_t n = y.numel();
    const auto *label = y.data_ptr<int64_t>();
    std::vector<std::vector<int64_t>> members(static_cast<size_t>(numClasses));
    for (int64_t i = 0; i < n; ++i)
        members[size_t(label[i])].push_back(i);
    auto fold = torch::empty({ n }, torch::kInt64);
    auto *f = fold.data_ptr<int64_t>();
    SplitMix64 rng(seed);
    int64_t dealt = 0; // continues across classes so small classes do not all start at fold 0
    for (auto &m : members) {
        for (int64_t i = int64_t(m.size()) - 1; i > 0; --i)
            std::swap(m[size_t(i)], m[size_t(rng.below(uint64_t(i + 1)))]);
        for (int64_t idx : m)
            f[idx] = dealt++ % folds;
    }
    return fold;
}

torch::Tensor
outOfSampleProbabilities(const Dataset &dataset, const OutOfSampleOptions &options,
                         const std::function<void(const std::string &, double)> &onProgress,
                         std::stop_token stop)
{
    if (options.folds < 2 || options.folds > 20)
        throw ConfigError("folds " + std::to_string(options.folds) + " must be between 2 and 20");
    if (options.epochs < 1)
        throw ConfigError("epochs per fold " + std::to_string(options.epochs)
                          + " must be at least 1");
    if (!parseModelName(options.model))
        throw ConfigError("unknown model '" + options.model + "' for the out-of-sample folds; "
                          + modelNameHelp());
    const InputShape shape { dataset.info.channels, dataset.info.height, dataset.info.width };
    if (auto problem = checkModelInput(options.model, shape))
        throw ConfigError(*problem);
    const torch::Device device(resolveDevice(options.device));
    const auto data = DeviceData::upload(dataset, device);
    const int64_t n = dataset.train.size();
    const auto folds = stratifiedFolds(dataset.train.labels, dataset.numClasses(), options.folds,
                                       uint64_t(options.seed));
    auto probabilities = torch::zeros({ n, dataset.numClasses() }, torch::kFloat);

    TrainRecipe recipe;
    recipe.budget = { BudgetUnit::Epochs, options.epochs };
    recipe.batchSize = options.batchSize;
    recipe.lr = options.lr;
    recipe.schedule.peakLr = options.lr;
    recipe.cropPadding = 0; // the models must see the images as they are measured
    recipe.flip = false;
    for (int k = 0; k < options.folds; ++k) {
        const auto heldOut = (folds == k).nonzero().squeeze(1);
        const auto trainOn = (folds != k).nonzero().squeeze(1);
        const std::string stage
            = "Training fold " + std::to_string(k + 1) + "/" + std::to_string(options.folds);
        if (onProgress)
            onProgress(stage, double(k) / options.folds);
        auto model = buildSeededModel(options.model, data.shape, data.numClasses, device,
                                      SplitMix64(uint64_t(options.seed) * 31 + uint64_t(k)).next());
        TrainJob job;
        job.data = &data;
        job.indices = trainOn.to(device);
        job.recipe = recipe;
        job.seed = SplitMix64(uint64_t(options.seed) ^ (0xf01dULL + uint64_t(k))).next();
        job.stop = stop;
        job.onStep = [&](const StepEvent &e) {
            if (onProgress && e.totalSteps > 0 && e.step % 20 == 0)
                onProgress(stage, (k + double(e.step) / double(e.totalSteps)) / options.folds);
        };
        train(*model, job);
        const auto logits = predictLogits(
            *model, data.trainImages.index_select(0, heldOut.to(device)), data.normalizer);
        probabilities.index_copy_(0, heldOut, torch::softmax(logits.to(torch::kCPU), 1));
    }
    if (onProgress)
        onProgress("Out-of-sample probabilities ready", 1.0);
    return probabilities;
}

torch::Tensor outOfSampleEnsemble(const Dataset &data, const QualityInputs &in, bool &fromStore)
{
    const int repeats = in.oos.repeats;
    if (repeats < 1 || repeats > 10)
        throw ConfigError("repeats of the cross-validation " + std::to_string(repeats)
                          + " must be between 1 and 10");
    if (in.oos.seed < 0 || in.oos.seed > int64_t(9e15))
        throw ConfigError("the folds' seed " + std::to_string(in.oos.seed)
                          + " must be between 0 and 9e15");
    const int64_t n = data.train.size(), k = data.numClasses();
    torch::Tensor sum;
    fromStore = true;
    for (int r = 0; r < repeats; ++r) {
        OutOfSampleOptions one = in.oos;
        one.seed = in.oos.seed + r;
        one.repeats = 1;
        const std::string key = outOfSampleKey(data.info.fingerprint, one);
        torch::Tensor p;
        if (in.store)
            if (auto stored = in.store->findScores(key); stored && int64_t(stored->size()) == n * k)
                p = torch::from_blob(stored->data(), { n, k }, torch::kDouble).to(torch::kFloat);
        if (!p.defined()) {
            fromStore = false;
            const auto started = std::chrono::steady_clock::now();
            std::function<void(const std::string &, double)> progress;
            if (in.onProgress)
                progress = [&](const std::string &stage, double share) {
                    in.onProgress(repeats == 1 ? stage
                                               : "Repeat " + std::to_string(r + 1) + "/"
                                          + std::to_string(repeats) + ": " + stage,
                                  (r + share) / repeats);
                };
            p = outOfSampleProbabilities(data, one, progress, in.stop);
            if (in.store) {
                ScoreRecord record;
                record.method = "oos_probabilities";
                record.datasetName = data.info.name;
                record.fingerprint = data.info.fingerprint;
                record.higherIsHarder = false;
                const auto values = p.to(torch::kDouble).contiguous();
                record.values.assign(values.data_ptr<double>(),
                                     values.data_ptr<double>() + values.numel());
                record.seconds
                    = std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
                          .count();
                in.store->saveScores(key, record);
            }
        }
        // Summed in double so that the mean does not depend on float rounding order.
        sum = r == 0 ? p.to(torch::kDouble) : sum + p.to(torch::kDouble);
    }
    return (sum / double(repeats)).to(torch::kFloat).contiguous();
}

} // namespace engine
