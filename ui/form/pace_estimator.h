#pragma once

#include <QHash>
#include <QObject>
#include <QString>

#include "engine/experiment/spec.h"
#include "ui/runs/run_events.h"

#include <optional>
#include <string>
#include <vector>

namespace ui {

/// How long a spec's runs will train: the seconds per step of finished runs of the same student,
/// batch size and device kind, else a short timing probe run off the GUI thread.
class PaceEstimator : public QObject
{
    Q_OBJECT

public:
    explicit PaceEstimator(QObject *parent = nullptr);

    /// Takes the measured pace of every finished run.
    void setKnownRuns(const RunRows &runs);
    /// "≈ 12 min of student training at 0.004 s per step (…)" for the runs still to train, with
    /// the proxy training of their score when trainSize is known; "estimating the time…" while a
    /// probe runs (probeFinished() follows), empty before anything is known.
    QString estimate(const std::vector<engine::RunConfig> &runs, int runsAtOnce,
                     std::optional<int64_t> trainSize);

Q_SIGNALS:
    void probeFinished();

private:
    /// Seconds per step of the runs' student measured by a short probe, or nullopt (the probe is
    /// then started).
    std::optional<double> probedPace(const engine::RunConfig &run);
    static QString paceKey(const std::string &model, int64_t batch, bool cpu);

    QHash<QString, std::vector<double>> m_measuredPaces; ///< seconds per step by paceKey()
    QHash<QString, double> m_probes; ///< seconds per step by model|batch|shape|device; < 0 running
};

} // namespace ui
