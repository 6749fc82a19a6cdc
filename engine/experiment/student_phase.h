#pragma once

// The last phase of runExperiment: each pending student selects its subset, trains (distilling
// from the teacher where its α > 0) and is reported, one at a time or several side by side.

#include "engine/experiment/experiment.h"
#include "engine/experiment/experiment_store.h"
#include "engine/experiment/observer.h"
#include "engine/experiment/runner.h"
#include "engine/experiment/score_phase.h"
#include "engine/experiment/teacher_phase.h"

#include <optional>
#include <stop_token>
#include <vector>

namespace engine {

struct DeviceData;

/// Trains the pending runs on `side` worker threads (each with its share of the cores, or its own
/// stream on a GPU; 1 = on this thread), counting them into summary. A failing run is reported
/// and the next starts; a cancelled run stops the queue. What escapes a run's own handling (the
/// store failing, say) is rethrown here after the workers end.
void trainStudents(const Experiment &experiment, const std::vector<size_t> &pending,
                   const DeviceData &data, const std::optional<TeacherState> &teacher,
                   const ScoreTable &scores, ExperimentStore &store, Observer &observer,
                   std::stop_token stop, int side, RunSummary &summary);

} // namespace engine
