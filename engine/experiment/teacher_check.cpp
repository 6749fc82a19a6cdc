#include "engine/experiment/teacher_check.h"

#include "engine/data/dataset.h"
#include "engine/data/dataset_loader.h"
#include "engine/data/device_data.h"
#include "engine/models/torchscript_teacher.h"
#include "engine/train/device.h"
#include "engine/train/trainer.h"

#include <chrono>

namespace engine {

namespace fs = std::filesystem;

ImportedTeacherCheck checkImportedTeacher(const fs::path &datasetPath, DatasetFormat format,
                                          const ImageFolderOptions &images, const fs::path &file,
                                          const TeacherInput &input, const std::string &device,
                                          int64_t logitCount)
{
    const auto dataset = loadDataset(datasetPath, format, images);
    const auto data = DeviceData::upload(*dataset, torch::Device(resolveDevice(device)));
    const auto start = std::chrono::steady_clock::now();
    auto teacher = loadTorchScriptTeacher(file, input, data.shape, data.numClasses, data.normalizer,
                                          data.device);
    const auto [loss, accuracy]
        = evaluate(*teacher, data.testImages, data.testLabels, data.normalizer);
    ImportedTeacherCheck check;
    check.datasetName = dataset->info.name;
    check.channels = data.shape.channels;
    check.height = data.shape.height;
    check.width = data.shape.width;
    check.outputs = data.numClasses;
    check.testAccuracy = accuracy;
    check.testLoss = loss;
    check.testImages = data.testLabels.size(0);
    check.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (logitCount > 0) {
        const auto logits
            = predictLogits(*teacher,
                            data.trainImages.slice(0, 0, std::min(logitCount, data.trainSize())),
                            data.normalizer)
                  .to(torch::kCPU, torch::kFloat)
                  .contiguous();
        check.trainLogits.assign(logits.data_ptr<float>(),
                                 logits.data_ptr<float>() + logits.numel());
    }
    return check;
}

} // namespace engine
