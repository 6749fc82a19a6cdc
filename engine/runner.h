#pragma once

#include "engine/experiment_store.h"
#include "engine/observer.h"
#include "engine/spec.h"

#include <memory>
#include <stop_token>

namespace engine {

struct Dataset;
class DatasetCache;

/// A validated experiment: its dataset loaded and its runs expanded.
class Experiment
{
public:
    /// Loads the dataset, expands the runs and checks everything that needs the data. Throws
    /// DataError (unreadable data) or ConfigError (every problem, one per line).
    static Experiment prepare(const ExperimentSpec &spec);
    /// The same, taking the dataset from a cache.
    static Experiment prepare(const ExperimentSpec &spec, DatasetCache &cache);

    const ExperimentSpec &spec() const { return m_spec; }
    const DatasetInfo &dataset() const;
    const std::vector<RunConfig> &runs() const { return m_runs; }
    std::shared_ptr<const Dataset> data() const { return m_data; }
    /// What spec.dataset.inject changed in the training split (undefined without injection).
    const InjectionTruth &truth() const { return m_truth; }

private:
    ExperimentSpec m_spec;
    std::shared_ptr<const Dataset> m_data;
    InjectionTruth m_truth;
    std::vector<RunConfig> m_runs;
};

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

/// Runs every run of the experiment that the store does not hold yet: the teacher first (trained
/// on the full training set, or loaded from the store's cache), then each student on its kept
/// subset. A failing run is reported and the next one starts; a stop request cancels the current
/// run within one step and leaves the rest queued.
RunSummary runExperiment(const Experiment &experiment, ExperimentStore &store, Observer &observer,
                         std::stop_token stop);

/// The device a request resolves to ("auto" → CUDA when present, else the CPU); throws
/// ConfigError when CUDA is asked for and absent.
std::string resolveDevice(const std::string &requested);

/// "CPU · 2 threads" or "cuda:0 · <GPU name>".
std::string describeDevice(const std::string &device);

/// Prepares the process for training: LibTorch's intra-op threads = the number of cores (it
/// defaults to fewer here), and glibc's allocator keeps large blocks instead of unmapping them.
void useAllCores();

} // namespace engine
