#pragma once

#include "engine/experiment/spec.h"

#include <memory>
#include <vector>

namespace engine {

struct Dataset;
class DatasetCache;
struct InjectionTruth;

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
    const InjectionTruth &truth() const;
    /// Keeps only the runs at these positions of the expansion (a shard's share, a run list);
    /// each keeps its position. Throws ConfigError for a position out of range.
    void restrictTo(const std::vector<size_t> &positions);

private:
    ExperimentSpec m_spec;
    std::shared_ptr<const Dataset> m_data;
    std::shared_ptr<const InjectionTruth> m_truth; ///< never null
    std::vector<RunConfig> m_runs;
};

} // namespace engine
