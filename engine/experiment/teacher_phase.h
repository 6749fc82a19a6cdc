#pragma once

// The first phase of runExperiment: the teacher every distilling run (and any teacher-based
// score) uses, trained on the full training set once, read from the store's cache, or imported.

#include "engine/experiment/experiment.h"
#include "engine/experiment/experiment_store.h"
#include "engine/experiment/observer.h"

#include <memory>
#include <stop_token>
#include <string>
#include <torch/types.h>

namespace engine {

class Classifier;
struct DeviceData;

/// The prepared teacher: frozen, in eval mode; error set (and model null) when it could not be
/// prepared, so the runs that need it fail with that message and the others go on.
struct TeacherState
{
    double trainSeconds = 0;
    double forwardFlops = NAN; ///< one image's forward pass; NaN for an imported teacher
    std::string key;
    std::shared_ptr<Classifier> model;
    torch::Tensor cachedLogits;
    std::string error;
};

/// Trains the teacher of spec on the full training set, or loads it from the store's cache, or
/// imports its TorchScript file; with needCachedLogits also computes its logits for every
/// training image (for students that do not augment). Throws Cancelled when stop fires.
TeacherState prepareTeacher(const TeacherSpec &spec, const Experiment &experiment,
                            const DeviceData &data, bool needCachedLogits, ExperimentStore &store,
                            Observer &observer, std::stop_token stop);

} // namespace engine
