#pragma once

#include "engine/models/classifier.h"
#include "engine/models/teacher_input.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace engine {

struct Normalizer;

/// Loads a TorchScript module (saved with torch.jit.save in PyTorch) as a frozen teacher on
/// device and checks it with a probe batch of two images of the dataset's shape: it must accept
/// them and return 2 × numClasses logits. Throws ConfigError naming the file and what was
/// expected. The module's optional features(x) method serves the embedding-based methods.
std::shared_ptr<Classifier> loadTorchScriptTeacher(const std::filesystem::path &file,
                                                   const TeacherInput &input, InputShape shape,
                                                   int64_t numClasses, const Normalizer &normalizer,
                                                   torch::Device device);

} // namespace engine
