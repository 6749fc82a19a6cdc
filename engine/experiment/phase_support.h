#pragma once

// What the phases of runExperiment (teacher, scores, students) share: seeds, model building,
// error text, augmentation keys. Engine-internal; torch-facing.

#include "engine/train/train_recipe.h"

#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <utility>

namespace engine {

class Classifier;
struct DeviceData;

/// An exception's message without LibTorch's C++ stack trace.
std::string errorText(const std::exception &e);

/// Seeds derived from a run's seed, one per purpose. The subset and the student's initialisation
/// do not depend on α, so runs that differ only in α are paired; the teacher's initialisation
/// differs from a student's of the same architecture and seed.
enum class SeedPurpose : uint64_t {
    Subset = 0x5eb5e7ULL,
    StudentInit = 0x57ade47ULL,
    TeacherInit = 0x7eac4e7ULL
};
uint64_t derivedSeed(int64_t seed, SeedPurpose purpose);

/// A model for the data's shape and classes on its device, initialised from seed.
std::shared_ptr<Classifier> buildModelFor(const std::string &name, const DeviceData &data,
                                          uint64_t seed);

/// Whether a recipe crops or flips its batches.
bool augments(const TrainRecipe &recipe);
/// Crop padding and flip: what a TeacherMemo is kept for.
using Augmentation = std::pair<int64_t, bool>;
Augmentation augmentationOf(const TrainRecipe &recipe);

} // namespace engine
