// Cost of each pruning score on a dataset, on the CPU or a GPU: trains the proxies (or a teacher
// for the embedding scores) through the engine and prints, per method, the seconds taken and the
// score's mean, median and extremes, so that two devices can be compared for both speed and
// agreement.
//   prunescope-bench-scores [--device cuda] [--dataset DIR] [--proxy-epochs 2] [--methods a,b]
#include "engine/data/dataset.h"
#include "engine/data/dataset_loader.h"
#include "engine/data/device_data.h"
#include "engine/experiment/runner.h"
#include "engine/models/model_factory.h"
#include "engine/prune/method_registry.h"
#include "engine/prune/scorer.h"
#include "engine/train/device.h"
#include "engine/train/trainer.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <sstream>
#include <torch/torch.h>

namespace {

struct Args
{
    std::string dataset = engine::kDefaultDatasetPath;
    std::string device = "cpu";
    int64_t proxyEpochs = 2;
    std::string methods
        = "el2n,grand,forgetting,aum,uncertainty,dynamic_uncertainty,prototypes,moderate,herding,"
          "kcenter";
    std::string grandParams = "last";
};

Args parse(int argc, char **argv)
{
    Args a;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i], value = argv[i + 1];
        if (key == "--dataset")
            a.dataset = value;
        else if (key == "--device")
            a.device = value;
        else if (key == "--proxy-epochs")
            a.proxyEpochs = std::stoll(value);
        else if (key == "--methods")
            a.methods = value;
        else if (key == "--grand-params")
            a.grandParams = value;
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
    const auto dataset = engine::loadDataset(args.dataset, engine::DatasetFormat::Auto);
    const auto data = engine::DeviceData::upload(*dataset, torch::Device(args.device));

    engine::ProxySpec proxy;
    proxy.model = "smallcnn";
    proxy.recipe.budget = { engine::BudgetUnit::Epochs, args.proxyEpochs };
    proxy.recipe.cropPadding = 2;
    proxy.recipe.flip = false;
    proxy.recipe.evalPoints = 1;

    // The embedding scores read a teacher: one proxy-recipe model trained once here.
    std::shared_ptr<engine::Classifier> teacher;
    auto timeSince = [](auto start) {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };

    std::istringstream list(args.methods);
    std::string method;
    std::printf("device %s, %lld training images, proxy smallcnn %lld epochs\n",
                engine::describeDevice(args.device == "cuda" ? "cuda:0" : args.device).c_str(),
                static_cast<long long>(data.trainSize()), static_cast<long long>(args.proxyEpochs));
    while (std::getline(list, method, ',')) {
        if (!engine::findMethod(method)) {
            std::fprintf(stderr, "unknown method %s\n", method.c_str());
            return 2;
        }
        std::vector<std::pair<std::string, std::string>> problems;
        nlohmann::json given = nlohmann::json::object();
        if (method == "el2n" || method == "grand")
            given["proxies"] = 1;
        if (method == "grand")
            given["params"] = args.grandParams;
        engine::ScoreRequest request;
        request.method = method;
        request.settings = engine::resolveSettings(method, given, problems);
        request.proxy = proxy;
        request.perClass = true;
        engine::ScoreContext ctx;
        ctx.data = &data;
        if (engine::scoreUsesTeacher(method, request.settings)) {
            if (!teacher) {
                const auto teacherStart = std::chrono::steady_clock::now();
                teacher = engine::buildSeededModel("smallcnn", data.shape, data.numClasses,
                                                   data.device, 7);
                engine::TrainJob job;
                job.data = &data;
                job.indices = torch::arange(
                    data.trainSize(),
                    torch::TensorOptions().dtype(torch::kInt64).device(data.device));
                job.recipe = proxy.recipe;
                job.seed = 7;
                engine::train(*teacher, job);
                teacher->eval();
                std::printf("  teacher trained in %.1f s\n", timeSince(teacherStart));
            }
            ctx.teacher = teacher.get();
        }
        const engine::ScoreResult r = engine::computeScores(request, ctx);
        std::vector<double> v = r.values;
        std::sort(v.begin(), v.end());
        double sum = 0;
        size_t finite = 0;
        for (double x : v)
            if (std::isfinite(x)) {
                sum += x;
                ++finite;
            }
        std::printf("  %-20s %8.1f s   mean %.5g  median %.5g  min %.5g  max %.5g\n",
                    method.c_str(), r.seconds, finite ? sum / double(finite) : NAN, v[v.size() / 2],
                    v.front(), v.back());
        std::fflush(stdout);
    }
    return 0;
}
