#include "ui/runs/cluster_monitor.h"

#include "cluster/queue.h"
#include "cluster/scripts.h"
#include "cluster/submit.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include "engine/core/errors.h"
#include "engine/experiment/experiment.h"
#include "engine/experiment/spec.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace ui {

namespace fs = std::filesystem;

struct ClusterMonitor::Snapshot
{
    int generation = 0;
    bool queueAvailable = false;
    std::vector<cluster::SweepStatus> sweeps;
    QString error;
};

namespace {

constexpr int busyIntervalMs = 3000; // something queued or running: follow closely
constexpr int idleIntervalMs = 15000; // only to notice sweeps submitted from a terminal

std::pair<long long, unsigned long long> fileStamp(const fs::path &file)
{
    std::error_code ec;
    const auto time = fs::last_write_time(file, ec);
    const auto size = fs::file_size(file, ec);
    return { ec ? 0 : static_cast<long long>(time.time_since_epoch().count()),
             ec ? 0 : static_cast<unsigned long long>(size) };
}

} // namespace

ClusterMonitor::ClusterMonitor(QObject *parent)
    : QObject(parent)
    , m_cli(QDir(QCoreApplication::applicationDirPath()).filePath("prunescope-cli"))
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &ClusterMonitor::startPoll);
}

ClusterMonitor::~ClusterMonitor() = default;

void ClusterMonitor::setWorkspace(const QString &path)
{
    m_workspace = path;
    ++m_generation;
    m_sweeps.clear();
    m_merged.clear();
    Q_EMIT statusChanged();
    m_timer->stop();
    if (!path.isEmpty())
        pollNow();
}

void ClusterMonitor::pollNow()
{
    m_timer->stop();
    startPoll();
}

void ClusterMonitor::startPoll()
{
    if (m_workspace.isEmpty())
        return;
    if (m_polling) {
        m_pollAgain = true;
        return;
    }
    m_polling = true;
    auto *watcher = new QFutureWatcher<std::shared_ptr<Snapshot>>(this);
    connect(watcher, &QFutureWatcher<std::shared_ptr<Snapshot>>::finished, this, [this, watcher] {
        watcher->deleteLater();
        finishPoll(watcher->result());
    });
    const fs::path workspace = m_workspace.toStdString();
    const int generation = m_generation;
    watcher->setFuture(QtConcurrent::run([workspace, generation] {
        auto s = std::make_shared<Snapshot>();
        s->generation = generation;
        try {
            const cluster::SlurmQueue queue = cluster::SlurmQueue::read();
            s->queueAvailable = queue.available();
            s->sweeps = cluster::sweepStatus(workspace, queue);
        } catch (const std::exception &e) {
            s->error = QString::fromStdString(e.what());
        }
        return s;
    }));
}

void ClusterMonitor::finishPoll(const std::shared_ptr<Snapshot> &s)
{
    m_polling = false;
    if (s->generation != m_generation)
        return pollNow();
    bool active = false;
    if (s->error.isEmpty()) {
        m_sweeps = std::move(s->sweeps);
        m_queueAvailable = s->queueAvailable;
        QStringList toMerge;
        for (const auto &sweep : m_sweeps) {
            active = active || sweep.prepareQueued;
            for (const auto &task : sweep.tasks)
                active = active || task.queued;
            for (const auto &store : sweep.mergeable) {
                const auto stamp = fileStamp(store);
                auto it = m_merged.find(store.string());
                if (it != m_merged.end() && it->second == stamp)
                    continue;
                m_merged[store.string()] = stamp;
                toMerge << QString::fromStdString(store.string());
            }
        }
        Q_EMIT statusChanged();
        if (!toMerge.isEmpty())
            Q_EMIT mergeRequested(toMerge);
    } else {
        Q_EMIT failed(tr("Cluster sweeps of %1: %2").arg(m_workspace, s->error));
    }
    if (m_pollAgain) {
        m_pollAgain = false;
        return startPoll();
    }
    m_timer->start(active ? busyIntervalMs : idleIntervalMs);
}

void ClusterMonitor::submit(const QString &specJson, const cluster::SlurmResources &resources,
                            int runsPerTask)
{
    runSubmission(specJson, resources, runsPerTask, tr("Submitted"));
}

void ClusterMonitor::retry(const QString &sweepFolder)
{
    const cluster::Sweep *sweep = sweepAt(sweepFolder);
    if (!sweep) {
        Q_EMIT failed(tr("No sweep %1 in this workspace").arg(sweepFolder));
        return;
    }
    std::ifstream in(sweep->specFile());
    std::stringstream text;
    text << in.rdbuf();
    if (!in) {
        Q_EMIT failed(tr("Cannot read %1: the sweep's spec is needed to submit its missing runs")
                          .arg(QString::fromStdString(sweep->specFile().string())));
        return;
    }
    runSubmission(QString::fromStdString(text.str()), sweep->resources, sweep->runsPerTask,
                  tr("Resubmitted the missing runs of %1:")
                      .arg(QString::fromStdString(sweep->folder.filename().string())));
}

void ClusterMonitor::runSubmission(const QString &specJson,
                                   const cluster::SlurmResources &resources, int runsPerTask,
                                   const QString &label)
{
    if (m_workspace.isEmpty()) {
        Q_EMIT failed(tr("Open a workspace first: the sweep's results are merged into it"));
        return;
    }
    if (m_submitting) {
        Q_EMIT failed(tr("A submission is still being prepared; submit again when it is done"));
        return;
    }
    if (!QFileInfo(m_cli).isExecutable()) {
        Q_EMIT failed(tr("prunescope-cli was not found at %1: the cluster's jobs run it (install "
                         "Prunescope where the cluster's nodes can reach it)")
                          .arg(m_cli));
        return;
    }
    m_submitting = true;
    cluster::SubmitRequest request;
    request.workspace = fs::absolute(m_workspace.toStdString());
    request.resources = resources;
    request.runsPerTask = runsPerTask;
    request.cli = fs::canonical(m_cli.toStdString());
    request.workdir = request.workspace.parent_path();
    std::string command = "prunescope-cli slurm submit spec.json --store "
        + cluster::shellQuote(request.workspace.string()) + " --runs-per-task "
        + std::to_string(runsPerTask);
    for (const auto &[flag, value] :
         { std::pair { "--partition", resources.partition }, std::pair { "--gres", resources.gres },
           std::pair { "--time", resources.time } })
        if (!value.empty())
            command += std::string(" ") + flag + " " + cluster::shellQuote(value);
    request.commandLine = command + "   (from the window)";

    auto *watcher = new QFutureWatcher<QString>(this);
    const std::string spec = specJson.toStdString();
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, label] {
        watcher->deleteLater();
        m_submitting = false;
        const QString result = watcher->result();
        if (result.startsWith('!'))
            Q_EMIT failed(result.mid(1));
        else
            Q_EMIT submitted(label + " " + result);
        pollNow();
    });
    watcher->setFuture(QtConcurrent::run([spec, request]() -> QString {
        try {
            const engine::ParsedSpec parsed = engine::parseSpec(spec);
            if (!parsed.problems.empty())
                return "!" + tr("The spec cannot be submitted:\n")
                    + QString::fromStdString(engine::formatProblems(parsed.problems));
            const engine::Experiment experiment = engine::Experiment::prepare(parsed.spec);
            const cluster::SubmitResult r = cluster::submitSweep(experiment, request);
            if (r.submitted == 0)
                return tr("nothing: all %1 runs of “%2” are in the workspace, its shards or tasks "
                          "still queued")
                    .arg(r.total)
                    .arg(QString::fromStdString(parsed.spec.name));
            return tr("%1 run(s) of “%2” in %3 task(s) as %4: preparation job %5, array %6 (%7 "
                      "already stored, %8 in tasks still queued)")
                .arg(r.submitted)
                .arg(QString::fromStdString(parsed.spec.name))
                .arg(r.sweep.tasks)
                .arg(QString::fromStdString(r.sweep.folder.filename().string()))
                .arg(QString::fromStdString(r.sweep.prepareJob))
                .arg(QString::fromStdString(r.sweep.arrayJob))
                .arg(r.held)
                .arg(r.inFlight);
        } catch (const std::exception &e) {
            return "!" + tr("Slurm submission failed: %1").arg(QString::fromStdString(e.what()));
        }
    }));
}

QString ClusterMonitor::cancel(const QString &sweepFolder, const QVector<int> &tasks)
{
    const cluster::Sweep *sweep = sweepAt(sweepFolder);
    if (!sweep)
        return tr("No sweep %1 in this workspace").arg(sweepFolder);
    const std::string error = cluster::cancelTasks(*sweep, { tasks.begin(), tasks.end() });
    pollNow();
    return QString::fromStdString(error);
}

const cluster::Sweep *ClusterMonitor::sweepAt(const QString &folder) const
{
    for (const auto &s : m_sweeps)
        if (QString::fromStdString(s.sweep.folder.string()) == folder)
            return &s.sweep;
    return nullptr;
}

} // namespace ui
