#include "engine/experiment/experiment.h"

#include "engine/core/errors.h"
#include "engine/data/dataset.h"
#include "engine/data/dataset_cache.h"
#include "engine/data/validation_split.h"
#include "engine/experiment/run_expansion.h"
#include "engine/quality/injected_dataset.h"
#include "engine/train/device.h"

#include <algorithm>

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
    for (size_t i = 0; i < e.m_runs.size(); ++i)
        e.m_runs[i].position = static_cast<int64_t>(i);
    resolveDevice(spec.device);
    if (!problems.empty())
        throw ConfigError(formatProblems(problems));
    return e;
}

void Experiment::restrictTo(const std::vector<size_t> &positions)
{
    std::vector<RunConfig> kept;
    for (size_t p : positions) {
        const auto it = std::find_if(m_runs.begin(), m_runs.end(), [p](const RunConfig &r) {
            return r.position == static_cast<int64_t>(p);
        });
        if (it == m_runs.end())
            throw ConfigError("run " + std::to_string(p) + " is not a run of experiment '"
                              + m_spec.name + "'");
        kept.push_back(*it);
    }
    m_runs = std::move(kept);
}

} // namespace engine
