#include "engine/train/trainer.h"

#include "engine/core/errors.h"
#include "engine/data/augment.h"
#include "engine/train/mixed_precision.h"
#include "engine/train/schedule.h"

#include <chrono>
#include <cmath>
#include <numeric>
#include <torch/torch.h>

namespace engine {

namespace {

/// Seeded permutation of 0..n-1 (Fisher–Yates), built on the CPU.
torch::Tensor permutation(int64_t n, SplitMix64 &rng)
{
    auto perm = torch::arange(n, torch::kInt64);
    auto *p = perm.data_ptr<int64_t>();
    for (int64_t i = n - 1; i > 0; --i)
        std::swap(p[i], p[rng.below(static_cast<uint64_t>(i + 1))]);
    return perm;
}

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

int64_t inferenceBatch(torch::Device device)
{
    return device.is_cpu() ? 128 : 1000;
}

torch::Tensor inferBatches(Classifier &model, const torch::Tensor &imagesU8,
                           const Normalizer &normalizer,
                           const std::function<torch::Tensor(const torch::Tensor &)> &f)
{
    c10::InferenceMode guard;
    const bool wasTraining = model.is_training();
    model.eval();
    std::vector<torch::Tensor> parts;
    const int64_t batch = inferenceBatch(imagesU8.device());
    for (int64_t start = 0; start < imagesU8.size(0); start += batch)
        parts.push_back(f(normalizer.apply(imagesU8.slice(0, start, start + batch))));
    model.train(wasTraining);
    return torch::cat(parts);
}

torch::Tensor predictLogits(Classifier &model, const torch::Tensor &imagesU8,
                            const Normalizer &normalizer)
{
    return inferBatches(model, imagesU8, normalizer,
                        [&](const torch::Tensor &x) { return model.forward(x); });
}

std::pair<double, double> evaluate(Classifier &model, const torch::Tensor &imagesU8,
                                   const torch::Tensor &labels, const Normalizer &normalizer)
{
    c10::InferenceMode guard;
    const bool wasTraining = model.is_training();
    model.eval();
    auto lossSum
        = torch::zeros({}, torch::TensorOptions().dtype(torch::kDouble).device(labels.device()));
    auto correct
        = torch::zeros({}, torch::TensorOptions().dtype(torch::kInt64).device(labels.device()));
    const int64_t batch = inferenceBatch(imagesU8.device());
    for (int64_t start = 0; start < imagesU8.size(0); start += batch) {
        const auto y = labels.slice(0, start, start + batch);
        const auto logits = model.forward(normalizer.apply(imagesU8.slice(0, start, start + batch)))
                                .to(torch::kFloat);
        lossSum += torch::nn::functional::cross_entropy(
                       logits, y,
                       torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                       .to(torch::kDouble);
        correct += logits.argmax(1).eq(y).sum();
    }
    model.train(wasTraining);
    const double n = static_cast<double>(labels.size(0));
    return { lossSum.item<double>() / n, static_cast<double>(correct.item<int64_t>()) / n };
}

TrainResult train(Classifier &model, const TrainJob &job)
{
    const DeviceData &data = *job.data;
    const TrainRecipe &r = job.recipe;
    const int64_t n = job.indices.size(0);
    const int64_t total = totalSteps(r, n);
    const std::vector<int64_t> evalAt = evaluationSteps(r, n);
    const int64_t padding = r.cropPadding.value_or(0);
    const bool flip = r.flip.value_or(false);
    const bool augment = padding > 0 || flip;
    const bool distill = job.kd.alpha > 0;
    if (distill && !job.teacher.model && !job.teacher.cachedLogits.defined())
        throw ConfigError("α = " + std::to_string(job.kd.alpha)
                          + " needs a teacher, and none was given");

    torch::optim::SGD optimizer(model.parameters(),
                                torch::optim::SGDOptions(r.lr)
                                    .momentum(r.momentum)
                                    .nesterov(r.nesterov)
                                    .weight_decay(r.weightDecay));
    Schedule schedule = r.schedule;
    schedule.peakLr = r.lr;
    SplitMix64 orderRng(job.seed * 2 + 1);
    SplitMix64 augmentRng(job.seed * 2 + 2);
    model.train();
    const MixedPrecision precision(data.device);
    TeacherMemo *memo = job.teacher.memo;
    if (memo && (memo->padding() != padding || memo->flip() != flip))
        memo = nullptr;
    const auto parameters = model.parameters();

    const auto start = std::chrono::steady_clock::now();
    const auto onDevice = torch::TensorOptions().device(data.device);
    auto lossSum = torch::zeros({}, onDevice.dtype(torch::kDouble));
    auto correctSum = torch::zeros({}, onDevice.dtype(torch::kInt64));
    int64_t seenSinceEval = 0;
    int64_t samplesSeen = 0;
    torch::Tensor order;
    AugmentDraw epochDraw;
    DeviceAugmentDraw epochDrawOnDevice;
    int64_t position = n; // forces a fresh permutation at step 0
    size_t nextEval = 0;
    TrainResult result;
    double lr = 0;

    for (int64_t step = 0; step < total; ++step) {
        if (job.stop.stop_requested())
            throw Cancelled();
        if (position >= n) {
            // One upload per epoch, not per step: a copy from the host waits for the device.
            order = job.indices.index_select(0, permutation(n, orderRng).to(data.device));
            if (augment) {
                // The same draws, in the same order, as drawing batch by batch.
                epochDraw = drawAugmentation(n, padding, flip, augmentRng);
                epochDrawOnDevice = DeviceAugmentDraw::upload(epochDraw, data.device);
            }
            position = 0;
        }
        const int64_t batchStart = position;
        const auto batchIndices = order.slice(0, position, std::min(position + r.batchSize, n));
        position += batchIndices.size(0);
        if (data.prefetch && position < n)
            data.prefetch(order.slice(0, position, std::min(position + r.batchSize, n)));
        auto imagesU8 = data.trainImages.index_select(0, batchIndices);
        const auto labels = data.trainLabels.index_select(0, batchIndices);
        if (augment)
            imagesU8
                = augmentBatch(imagesU8, padding, epochDrawOnDevice.slice(batchStart, position));
        const auto inputs = data.normalizer.apply(imagesU8);

        lr = learningRate(schedule, step, total);
        for (auto &group : optimizer.param_groups())
            static_cast<torch::optim::SGDOptions &>(group.options()).lr(lr);

        torch::Tensor teacherLogits;
        if (distill) {
            if (job.teacher.cachedLogits.defined()) {
                teacherLogits = job.teacher.cachedLogits.index_select(0, batchIndices);
            } else if (memo && augment) {
                teacherLogits = memo->logits(*job.teacher.model, batchIndices,
                                             sliceDraw(epochDraw, batchStart, position), inputs);
            } else {
                c10::InferenceMode guard;
                teacherLogits = job.teacher.model->forward(inputs);
            }
        }
        const auto logits = model.forward(inputs);
        const KdLoss loss = kdLoss(logits, teacherLogits, labels, job.kd, r.labelSmoothing);
        // Dropping the gradients (rather than zeroing them) lets backward write them afresh
        // instead of adding to zeros; SGD skips a parameter without one.
        for (const auto &p : parameters)
            p.mutable_grad().reset();
        loss.total.backward();
        optimizer.step();

        {
            torch::NoGradGuard noGrad;
            lossSum += loss.total.detach().to(torch::kDouble) * double(labels.size(0));
            correctSum += logits.argmax(1).eq(labels).sum();
        }
        if (job.onBatch)
            job.onBatch(batchIndices, logits.detach(), labels);
        seenSinceEval += labels.size(0);
        samplesSeen += labels.size(0);
        const double epoch = double(samplesSeen) / double(n);
        if (job.onStep)
            job.onStep({ std::nullopt, step + 1, total, epoch, secondsSince(start) });

        if (nextEval < evalAt.size() && step + 1 == evalAt[nextEval]) {
            ++nextEval;
            EvalMetrics m;
            m.step = step + 1;
            m.epoch = epoch;
            m.trainLoss = lossSum.item<double>() / double(seenSinceEval);
            if (!std::isfinite(m.trainLoss))
                throw std::runtime_error("training diverged: the loss is not finite by step "
                                         + std::to_string(step + 1) + " (learning rate "
                                         + std::to_string(lr) + "); lower the learning rate");
            m.trainAccuracy = double(correctSum.item<int64_t>()) / double(seenSinceEval);
            std::tie(m.testLoss, m.testAccuracy)
                = evaluate(model, data.testImages, data.testLabels, data.normalizer);
            // The validation split once, at the end: what choices between runs are made on.
            if (nextEval == evalAt.size() && data.validationSize() > 0)
                std::tie(m.validationLoss, m.validationAccuracy) = evaluate(
                    model, data.validationImages, data.validationLabels, data.normalizer);
            m.lr = lr;
            m.elapsedSeconds = secondsSince(start);
            lossSum.zero_();
            correctSum.zero_();
            seenSinceEval = 0;
            result.final = m;
            if (job.onEval)
                job.onEval(m);
        }
        if (job.afterStep && !job.afterStep(step + 1)) {
            result.steps = step + 1;
            result.samples = samplesSeen;
            result.seconds = secondsSince(start);
            return result;
        }
    }
    result.steps = total;
    result.samples = samplesSeen;
    result.seconds = secondsSince(start);
    return result;
}

} // namespace engine
