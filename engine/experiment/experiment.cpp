#include "engine/experiment/experiment.h"

#include "engine/core/errors.h"
#include "engine/data/dataset.h"
#include "engine/data/dataset_cache.h"
#include "engine/data/validation_split.h"
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
    e.m_truth = std::make_shared<const InjectionTruth>(std::move(injected.truth));
    std::vector<Problem> problems;
    // Held out after the injection (the validation labels are as noisy as the training labels a
    // user has) and before anything is trained or scored.
    try {
        e.m_data = holdOutValidation(
            injected.data, validationCountFor(spec.validation, injected.data->train.size()),
            spec.validationSeed);
    } catch (const ConfigError &error) {
        throw ConfigError(formatProblems({ { "dataset.validation", error.what() } }));
    }
    e.m_runs = expandRuns(spec, e.m_data->info, problems);
    resolveDevice(spec.device);
    if (!problems.empty())
        throw ConfigError(formatProblems(problems));
    return e;
}

} // namespace engine
