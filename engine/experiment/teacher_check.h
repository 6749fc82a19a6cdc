#pragma once

#include "engine/data/dataset_info.h"
#include "engine/models/teacher_input.h"

#include <filesystem>
#include <string>
#include <vector>

namespace engine {

/// What importing a TorchScript teacher against a dataset found.
struct ImportedTeacherCheck
{
    std::string datasetName;
    int64_t channels = 0, height = 0, width = 0; ///< the probe batch's image shape
    int64_t outputs = 0; ///< logits per image (= the dataset's classes)
    double testAccuracy = 0;
    double testLoss = 0;
    int64_t testImages = 0;
    double seconds = 0; ///< loading, probing and evaluating the module
    std::vector<float> trainLogits; ///< logitCount × outputs, row-major: the first training images'
};

/// Loads the dataset and the module on device ("cpu", "cuda", "auto", ...), checks the module with
/// a probe batch and evaluates it on the test split: what the workbench and `teacher check` show
/// before the teacher is used; with logitCount > 0 also its logits for the first training images,
/// for a cross-check against PyTorch. Throws DataError (dataset) or ConfigError (module, device),
/// naming the file and what was expected.
ImportedTeacherCheck checkImportedTeacher(const std::filesystem::path &datasetPath,
                                          DatasetFormat format, const ImageFolderOptions &images,
                                          const std::filesystem::path &file,
                                          const TeacherInput &input,
                                          const std::string &device = "cpu",
                                          int64_t logitCount = 0);

} // namespace engine
