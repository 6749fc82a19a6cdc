#include "engine/experiment/experiment.h"

#include "engine/core/errors.h"
#include "engine/data/dataset.h"
#include "engine/data/dataset_cache.h"
#include "engine/experiment/run_expansion.h"
#include "engine/quality/injected_dataset.h"
#include "engine/train/device.h"

namespace engine {

const DatasetInfo &Experiment::dataset() const
{
    return m_data->info;
}

const InjectionTruth &Experiment::truth() const
{
    return *m_truth;
}

Experiment Experiment::prepare(const ExperimentSpec &spec)
{
    DatasetCache uncached(1);
    return prepare(spec, uncached);
}

Experiment Experiment::prepare(const ExperimentSpec &spec, DatasetCache &cache)
{
    Experiment e;
    e.m_spec = spec;
    auto injected = injectIntoDataset(
        cache.get(spec.datasetPath, spec.datasetFormat, spec.imageOptions), spec.injection);
    e.m_data = injected.data;
    e.m_truth = std::make_shared<const InjectionTruth>(std::move(injected.truth));
    std::vector<Problem> problems;
    e.m_runs = expandRuns(spec, e.m_data->info, problems);
    resolveDevice(spec.device);
    if (!problems.empty())
        throw ConfigError(formatProblems(problems));
    return e;
}

} // namespace engine
