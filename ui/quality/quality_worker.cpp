#include "ui/quality/quality_worker.h"

#include <QMetaObject>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include "engine/core/errors.h"
#include "engine/core/log.h"
#include "engine/data/dataset.h"
#include "engine/data/dataset_cache.h"
#include "engine/experiment/quality_assessment.h"
#include "storage/flag_sets.h"
#include "storage/quality_sources.h"
#include "storage/store.h"
#include "ui/samples/sample_table.h"

#include <c10/util/Exception.h>
#include <chrono>
#include <spdlog/spdlog.h>

namespace ui {

namespace {
struct Outcome
{
    std::shared_ptr<SampleTable> table;
    QString description;
    QString error;
    bool cancelled = false;
};
} // namespace

QualityWorker::QualityWorker(QObject *parent)
    : QObject(parent)
    , m_pool(new QThreadPool(this))
    , m_datasets(std::make_shared<engine::DatasetCache>(1))
{
    // Its own thread: minutes of training must not take a thread from the thumbnail pool.
    m_pool->setMaxThreadCount(1);
}

QualityWorker::~QualityWorker()
{
    m_stop.request_stop();
    m_pool->waitForDone();
}

QString QualityWorker::start(const QString &specJson, const QString &storePath, int folds,
                             int epochs, int repeats, const QString &source)
{
    if (m_running)
        return tr("Flags are being computed already");
    if (storePath.isEmpty())
        return tr("Open or create a workspace first (File ▸ Open workspace): the flags read its "
                  "teacher, scores and runs, and keep the out-of-sample probabilities there");
    const engine::ParsedSpec parsed = engine::parseSpec(specJson.toStdString());
    if (!parsed.problems.empty())
        return tr("%1 has problems; fix them first:\n%2")
            .arg(source.isEmpty() ? tr("The experiment form") : source,
                 QString::fromStdString(engine::formatProblems(parsed.problems)));
    engine::OutOfSampleOptions options;
    options.folds = folds;
    options.epochs = epochs;
    options.repeats = repeats;
    options.device = parsed.spec.device;

    m_stop = std::stop_source();
    m_running = true;
    const std::stop_token stop = m_stop.get_token();
    const std::string store = storePath.toStdString();
    QtConcurrent::run(
        m_pool,
        [this, spec = parsed.spec, specJson = specJson.toStdString(), store, options, stop,
         datasets = m_datasets]() -> Outcome {
            // Throttled here, on the worker thread: at most one queued update per 100 ms, and
            // every change of stage.
            auto last = std::chrono::steady_clock::time_point();
            std::string lastStage;
            auto onProgress = [&](const std::string &stage, double fraction) {
                const auto now = std::chrono::steady_clock::now();
                if (stage == lastStage && fraction < 1
                    && now - last < std::chrono::milliseconds(100))
                    return;
                last = now;
                lastStage = stage;
                QMetaObject::invokeMethod(
                    this,
                    [this, text = QString::fromStdString(stage), fraction] {
                        Q_EMIT progress(text, fraction);
                    },
                    Qt::QueuedConnection);
            };
            Outcome out;
            try {
                storage::Store opened(store);
                storage::StoreQualitySources sources(opened);
                auto report = std::make_shared<engine::QualityReport>(
                    engine::assessSpec(spec, sources, *datasets, options, onProgress, stop));
                onProgress("Preparing the browser", 1.0);
                QString description = QString::fromStdString(report->data->info.name);
                if (spec.injection.any())
                    description += QString::fromUtf8(" · ")
                        + QString::fromStdString(engine::describeInjection(
                            spec.injection, report->data->train.size()));
                // Kept in the workspace, so the Samples tab can reopen it whatever the form holds.
                storage::recordFlagSet(opened,
                                       { .specJson = specJson,
                                         .description = description.toStdString(),
                                         .fingerprint = report->data->info.fingerprint,
                                         .folds = options.folds,
                                         .epochs = options.epochs,
                                         .repeats = options.repeats });
                out.table = std::make_shared<SampleTable>(std::move(report));
                out.description = description;
            } catch (const engine::Cancelled &) {
                out.cancelled = true;
            } catch (const c10::Error &e) {
                out.error = QString::fromStdString(e.what_without_backtrace());
            } catch (const std::exception &e) {
                out.error = QString::fromStdString(e.what());
            }
            return out;
        })
        .then(this, [this](const Outcome &out) {
            m_running = false;
            // Flag computations are written to the Log like runs.
            if (out.cancelled) {
                engine::namedLogger("ui")->warn("sample flags: cancelled");
                Q_EMIT cancelled();
            } else if (!out.error.isEmpty()) {
                engine::namedLogger("ui")->error("sample flags failed: {}",
                                                 out.error.toStdString());
                Q_EMIT failed(out.error);
            } else {
                engine::namedLogger("ui")->info("sample flags computed: {}",
                                                out.description.toStdString());
                Q_EMIT finished(out.table, out.description);
            }
        });
    return {};
}

void QualityWorker::cancel()
{
    m_stop.request_stop();
}

} // namespace ui
