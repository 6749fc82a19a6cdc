#include "ui/form/pace_estimator.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include "engine/train/budget.h"
#include "engine/train/device.h"
#include "engine/train/pace_probe.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace ui {

using nlohmann::json;

namespace {
bool torchHasCuda()
{
    try {
        return engine::resolveDevice("auto") != "cpu";
    } catch (const std::exception &) {
        return false;
    }
}
} // namespace

PaceEstimator::PaceEstimator(QObject *parent)
    : QObject(parent)
{ }

void PaceEstimator::setKnownRuns(const RunRows &runs)
{
    m_measuredPaces.clear();
    for (const auto &r : runs) {
        if (r.status != storage::RunStatus::Done || !r.steps || *r.steps <= 0 || !r.wallSeconds)
            continue;
        const auto config = json::parse(r.configJson, nullptr, false);
        if (!config.is_object() || !config.contains("student")
            || !config["student"].contains("train"))
            continue;
        const int64_t batch = config["student"]["train"].value("batch_size", int64_t(0));
        m_measuredPaces[paceKey(r.studentModel, batch,
                                QString::fromStdString(r.device).startsWith("CPU"))]
            .push_back(*r.wallSeconds / double(*r.steps));
    }
}

std::optional<double> PaceEstimator::probedPace(const engine::RunConfig &run)
{
    const engine::InputShape shape { run.dataset.channels, run.dataset.height, run.dataset.width };
    const int64_t classes = int64_t(run.dataset.classNames.size());
    const QString key = QString("%1|%2|%3x%4x%5|%6|%7")
                            .arg(QString::fromStdString(run.studentModel))
                            .arg(run.recipe.batchSize)
                            .arg(shape.channels)
                            .arg(shape.height)
                            .arg(shape.width)
                            .arg(classes)
                            .arg(QString::fromStdString(run.device));
    if (auto it = m_probes.find(key); it != m_probes.end())
        return it.value() > 0 ? std::optional<double>(it.value()) : std::nullopt;
    m_probes.insert(key, -1.0);
    auto *watcher = new QFutureWatcher<double>(this);
    connect(watcher, &QFutureWatcher<double>::finished, this, [this, watcher, key] {
        m_probes[key] = watcher->result();
        watcher->deleteLater();
        Q_EMIT probeFinished();
    });
    const std::string model = run.studentModel, device = run.device;
    const int64_t batch = run.recipe.batchSize;
    watcher->setFuture(QtConcurrent::run([=]() -> double {
        try {
            return engine::measureStepSeconds(model, shape, classes, batch, device);
        } catch (const std::exception &) {
            return 0.0; // no estimate rather than a wrong one
        }
    }));
    return std::nullopt;
}

QString PaceEstimator::paceKey(const std::string &model, int64_t batch, bool cpu)
{
    return QString("%1|%2|%3")
        .arg(QString::fromStdString(model))
        .arg(batch)
        .arg(cpu ? "cpu" : "gpu");
}

QString PaceEstimator::estimate(const std::vector<engine::RunConfig> &runs, int runsAtOnce,
                                std::optional<int64_t> trainSize)
{
    if (runs.empty())
        return tr("nothing to train");
    // Seconds per step measured on finished runs of the same student, batch size and device kind,
    // else a probe.
    const bool cpu
        = runs.front().device == "cpu" || !torchHasCuda(); // validate() refused CUDA without one
    std::vector<double> paces = m_measuredPaces.value(
        paceKey(runs.front().studentModel, runs.front().recipe.batchSize, cpu));
    double pace = 0;
    QString source;
    if (!paces.empty()) {
        std::nth_element(paces.begin(), paces.begin() + long(paces.size() / 2), paces.end());
        pace = paces[paces.size() / 2];
        source = tr("measured on %n stored run(s)", "", int(paces.size()));
    } else if (const auto probed = probedPace(runs.front())) {
        pace = *probed;
        source = tr("from a short timing probe; evaluations add to it");
    } else {
        return m_probes.isEmpty() ? QString() : tr("estimating the time…");
    }
    if (!(pace > 0))
        return tr("time unknown");
    double seconds = 0;
    for (const auto &run : runs)
        seconds += pace * double(engine::totalSteps(run.recipe, run.keptCount));
    // Stored runs' paces are per run; runs trained side by side overlap. A probe times one run on
    // every core, so packing's gain is left out of that (a cautious) estimate.
    const int side = std::clamp(runsAtOnce, 1, int(runs.size()));
    if (!paces.empty() && side > 1) {
        seconds /= side;
        source += tr(", %1 runs at once").arg(side);
    }
    const auto duration = [this](double secs) {
        const int minutes = int(std::ceil(secs / 60.0));
        return minutes >= 60 ? tr("%1 h %2 min").arg(minutes / 60).arg(minutes % 60)
                             : tr("%1 min").arg(minutes);
    };
    QString text = tr("≈ %1 of student training at %2 s per step (%3); the teacher adds its own "
                      "unless stored")
                       .arg(duration(seconds))
                       .arg(pace, 0, 'f', 3)
                       .arg(source);
    // Proxy-based scores train K models on the full training set once for the whole sweep.
    const engine::RunConfig &first = runs.front();
    if (first.proxy && trainSize) {
        const int64_t k = first.settings.value("proxies", int64_t(1));
        const int64_t steps = engine::totalSteps(first.proxy->recipe, *trainSize);
        text += tr("; the %1 score adds ≈ %2 (%3 proxy model(s) × %4 steps on all samples) unless "
                   "stored")
                    .arg(QString::fromStdString(first.scoreMethod),
                         duration(pace * double(k * steps)))
                    .arg(k)
                    .arg(steps);
    }
    return text;
}

} // namespace ui
