#include "app/cli/teacher_command.h"

#include "engine/dataset.h"
#include "engine/device_data.h"
#include "engine/errors.h"
#include "engine/models/torchscript_teacher.h"
#include "engine/prune/score_io.h"
#include "engine/runner.h"
#include "engine/trainer.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <torch/torch.h>

namespace cli {

int teacherCheckOptionsError(const std::string &message)
{
    std::cerr << "error: " << message << '\n';
    return 2;
}

int teacherCheckCommand(const TeacherCheckOptions &o)
{
    const auto format = engine::parseDatasetFormat(o.datasetFormat);
    if (!format)
        return teacherCheckOptionsError("--dataset-format '" + o.datasetFormat
                                        + "' is unknown; expected one of "
                                        + engine::datasetFormatChoices());
    engine::TeacherInput input;
    input.kind = o.mean.empty() && o.stdDev.empty() ? o.input : "normalize";
    input.mean = o.mean;
    input.stdDev = o.stdDev;
    try {
        engine::ImageFolderOptions images;
        images.imageSize = o.imageSize;
        images.channels = o.channels;
        images.skipCorrupt = o.skipCorrupt;
        const auto dataset = engine::loadDataset(o.dataset, *format, images);
        const torch::Device device(engine::resolveDevice(o.device));
        const auto data = engine::DeviceData::upload(*dataset, device);
        const auto start = std::chrono::steady_clock::now();
        auto teacher = engine::loadTorchScriptTeacher(o.file, input, data.shape, data.numClasses,
                                                      data.normalizer, device);
        const auto [loss, accuracy]
            = engine::evaluate(*teacher, data.testImages, data.testLabels, data.normalizer);
        const double seconds
            = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        char line[256];
        std::snprintf(line, sizeof line,
                      "%s\n  accepts      %lld×%lld×%lld images (%s input)\n  outputs      "
                      "%lld logits (%s has %lld classes)\n  test         %.2f %% accuracy, "
                      "cross-entropy %.4f, on %lld images (%.1f s)\n",
                      o.file.c_str(), (long long)data.shape.channels, (long long)data.shape.height,
                      (long long)data.shape.width, input.kind.c_str(), (long long)data.numClasses,
                      dataset->info.name.c_str(), (long long)data.numClasses, 100.0 * accuracy,
                      loss, (long long)data.testLabels.size(0), seconds);
        std::cout << line;
        if (o.logitsPath) {
            const int64_t n = std::min<int64_t>(o.count, data.trainSize());
            const auto logits
                = engine::predictLogits(*teacher, data.trainImages.slice(0, 0, n), data.normalizer)
                      .to(torch::kCPU, torch::kFloat)
                      .contiguous();
            std::vector<float> values(logits.data_ptr<float>(),
                                      logits.data_ptr<float>() + logits.numel());
            engine::writeNpyMatrix(*o.logitsPath, values, n, logits.size(1));
            std::cout << "  logits       of training images 0.." << n - 1 << " written to "
                      << *o.logitsPath << '\n';
        }
    } catch (const engine::DataError &e) {
        return teacherCheckOptionsError(std::string("dataset: ") + e.what());
    } catch (const engine::ConfigError &e) {
        return teacherCheckOptionsError(e.what());
    }
    return 0;
}

} // namespace cli
