#pragma once

#include "engine/experiment/experiment.h"
#include "engine/experiment/experiment_store.h"
#include "engine/experiment/observer.h"
#include "engine/experiment/spec.h"

#include <memory>
#include <stop_token>
#include <string>

namespace engine {

struct RunSummary
{
    int finished = 0;
    int skipped = 0; ///< already in the store, or taken by another process
    int failed = 0;
    int cancelled = 0;
    int notStarted = 0; ///< left waiting by a stop request
    int scoresComputed = 0; ///< pruning scores computed now (the others came from the store)
    double teacherSeconds = 0; ///< training the teacher (0 when it came from the store)
    double scoreSeconds = 0; ///< computing pruning scores, proxy training included
    double studentSeconds = 0; ///< wall time of training and evaluating the students
    int runsAtOnce = 1; ///< student runs trained side by side
};

/// How many student runs train side by side: the spec's runs_at_once, or for auto 2 on a CPU
/// with at least 2 cores (each run on half of them: the small CNN trained 1.25× more images per
/// second as two single-thread runs than as one two-thread run) and 4 on a GPU, each run on its
/// own stream (one small run leaves the device mostly idle between kernel launches).
int runsAtOnce(const ExperimentSpec &spec, const std::string &device);

/// What runExperiment does: everything, or only the shared work (the teacher and the pruning
/// scores, into the store's caches), as a cluster's preparation job does before the array of
/// tasks that train the students.
enum class Phases { All, PrepareOnly };

/// Runs every run of the experiment that the store does not hold yet: the teacher first (trained
/// on the full training set, or loaded from the store's cache), then each student on its kept
/// subset. A failing run is reported and the next one starts; a stop request cancels the current
/// run within one step and leaves the rest queued.
/// With Phases::PrepareOnly no run is registered: every run counts as pending when choosing what
/// to prepare, and the students are left to the runs' own stores.
RunSummary runExperiment(const Experiment &experiment, ExperimentStore &store, Observer &observer,
                         std::stop_token stop, Phases phases = Phases::All);

} // namespace engine
