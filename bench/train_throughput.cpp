// Prunescope side of the training-throughput benchmark: trains a model on a dataset for a fixed
// number of steps through the engine's own training loop and prints images per second measured
// between a warm-up step and the last step (the final test evaluation is excluded).
// --dataset generated: 10,000 random 3×32×32 images in 10 classes (CIFAR's shape, for ResNets
// where CIFAR-10 is not installed). --kd cached|online: distil (α 0.5, τ 4) from a teacher of
// --teacher's architecture whose logits are precomputed for the training set, or computed on each
// batch without gradients.
#include "engine/data/dataset.h"
#include "engine/data/dataset_loader.h"
#include "engine/data/device_data.h"
#include "engine/experiment/runner.h"
#include "engine/models/model_factory.h"
#include "engine/train/device.h"
#include "engine/train/trainer.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <torch/torch.h>

namespace {

struct Args
{
    std::string dataset = engine::kDefaultDatasetPath;
    std::string model = "smallcnn";
    int64_t steps = 300;
    int64_t warmup = 20;
    int64_t batch = 128;
    int64_t padding = 0;
    bool flip = false;
    int threads = 0;
    std::string device = "cpu";
    std::string kd = "none";
    std::string teacher; ///< "" = the student's architecture
};

/// CIFAR-shaped random data, the same size as the peer's (its values need not match: the work per
/// step does not depend on them).
std::shared_ptr<engine::Dataset> generatedDataset()
{
    auto d = std::make_shared<engine::Dataset>();
    torch::manual_seed(12345);
    d->train = { torch::randint(0, 256, { 10000, 3, 32, 32 }, torch::kUInt8),
                 torch::randint(0, 10, { 10000 }, torch::kInt64) };
    d->test = { torch::randint(0, 256, { 1000, 3, 32, 32 }, torch::kUInt8),
                torch::randint(0, 10, { 1000 }, torch::kInt64) };
    d->info.name = "generated";
    for (int c = 0; c < 10; ++c)
        d->info.classNames.push_back(std::to_string(c));
    engine::summarise(*d);
    return d;
}

Args parse(int argc, char **argv)
{
    Args a;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i], value = argv[i + 1];
        if (key == "--dataset")
            a.dataset = value;
        else if (key == "--model")
            a.model = value;
        else if (key == "--steps")
            a.steps = std::stoll(value);
        else if (key == "--warmup")
            a.warmup = std::stoll(value);
        else if (key == "--batch")
            a.batch = std::stoll(value);
        else if (key == "--crop-padding")
            a.padding = std::stoll(value);
        else if (key == "--flip")
            a.flip = value == "1";
        else if (key == "--threads")
            a.threads = std::stoi(value);
        else if (key == "--device")
            a.device = value;
        else if (key == "--kd")
            a.kd = value;
        else if (key == "--teacher")
            a.teacher = value;
        else {
            std::fprintf(stderr, "unknown option %s\n", key.c_str());
            std::exit(2);
        }
    }
    return a;
}

} // namespace

int main(int argc, char **argv)
{
    const Args args = parse(argc, argv);
    engine::useAllCores();
    if (args.threads > 0)
        torch::set_num_threads(args.threads);
    if (args.kd != "none" && args.kd != "cached" && args.kd != "online") {
        std::fprintf(stderr, "--kd must be none, cached or online\n");
        return 2;
    }
    const std::shared_ptr<const engine::Dataset> dataset = args.dataset == "generated"
        ? generatedDataset()
        : engine::loadDataset(args.dataset, engine::DatasetFormat::Auto);
    const auto data = engine::DeviceData::upload(*dataset, torch::Device(args.device));
    auto model = engine::buildSeededModel(args.model, data.shape, data.numClasses, data.device, 0);

    engine::TrainJob job;
    job.data = &data;
    job.indices = torch::arange(data.trainSize(),
                                torch::TensorOptions().dtype(torch::kInt64).device(data.device));
    job.recipe.budget = { engine::BudgetUnit::Steps, args.steps };
    job.recipe.batchSize = args.batch;
    job.recipe.lr = 0.05;
    job.recipe.schedule.kind = engine::ScheduleKind::Constant;
    job.recipe.cropPadding = args.padding;
    job.recipe.flip = args.flip;
    job.recipe.evalPoints = 1;
    std::shared_ptr<engine::Classifier> teacher;
    if (args.kd != "none") {
        teacher = engine::buildSeededModel(args.teacher.empty() ? args.model : args.teacher,
                                           data.shape, data.numClasses, data.device, 1);
        teacher->eval();
        for (auto &p : teacher->parameters())
            p.set_requires_grad(false);
        job.kd = { 0.5, 4.0, true };
        if (args.kd == "cached")
            job.teacher.cachedLogits
                = engine::predictLogits(*teacher, data.trainImages, data.normalizer);
        else
            job.teacher.model = teacher.get();
    }
    using Clock = std::chrono::steady_clock;
    Clock::time_point start, end;
    job.onStep = [&](const engine::StepEvent &e) {
        // Synchronise only where the clock is read, so the device queue stays full in between.
        if (data.device.is_cuda() && (e.step == args.warmup || e.step == args.steps))
            torch::cuda::synchronize();
        if (e.step == args.warmup)
            start = Clock::now();
        if (e.step == args.steps)
            end = Clock::now();
    };
    engine::train(*model, job);
    const double seconds = std::chrono::duration<double>(end - start).count();
    const double imagesPerSecond = double((args.steps - args.warmup) * args.batch) / seconds;
    std::printf("prunescope model=%s kd=%s batch=%lld steps=%lld threads=%d "
                "images_per_second=%.1f\n",
                args.model.c_str(), args.kd.c_str(), static_cast<long long>(args.batch),
                static_cast<long long>(args.steps - args.warmup), torch::get_num_threads(),
                imagesPerSecond);
    return 0;
}
