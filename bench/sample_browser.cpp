// The Samples tab on a real training set: how long the first screen of thumbnails takes to show
// after the table is handed to the panel, and how long paging through every sample takes (per
// page, in all, and the longest stall of the GUI thread meanwhile). The flags are assessed first,
// as the window's Compute button does (out-of-sample probabilities from the store when cached).
//   prunescope-bench-browser [--store FILE] [--spec SPEC.json] [--dataset DIR]
//                            [--width 1280 --height 800] [--tile 64]
// Runs under QT_QPA_PLATFORM=offscreen or a real X server. Settings are read from and written to
// a temporary folder, so saved overlays or tile sizes of the user's workbench do not change it.
#include <QAbstractItemModel>
#include <QApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QEventLoop>
#include <QListView>
#include <QPixmap>
#include <QScrollBar>
#include <QSettings>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QTimer>
#include <QWindow>

#include "engine/core/errors.h"
#include "engine/data/dataset.h"
#include "engine/data/dataset_cache.h"
#include "engine/experiment/quality_assessment.h"
#include "engine/experiment/runner.h"
#include "engine/experiment/spec.h"
#include "engine/train/device.h"
#include "storage/quality_sources.h"
#include "storage/store.h"
#include "storage/store_error.h"
#include "ui/samples/sample_grid_model.h"
#include "ui/samples/sample_table.h"
#include "ui/samples/samples_panel.h"

#include <algorithm>
#include <c10/util/Exception.h>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stop_token>
#include <string>
#include <vector>

namespace {

constexpr int kExitBadInput = 2;
constexpr int kExitFailed = 1;
// How long one wait may last before the benchmark gives up (a tile that never shows).
constexpr qint64 kFirstScreenTimeoutMs = 60'000;
constexpr qint64 kLayoutTimeoutMs = 120'000;
constexpr qint64 kPageTimeoutMs = 30'000;

struct Args
{
    std::string store;
    std::string spec;
    std::string dataset;
    int width = 1280;
    int height = 800;
    int tile = 0; ///< 0: the page's default
};

/// A problem with the command line or its inputs: printed, exit 2.
struct BadInput
{
    std::string message;
};

int positive(const std::string &key, const std::string &value)
{
    try {
        size_t used = 0;
        const int v = std::stoi(value, &used);
        if (used == value.size() && v > 0)
            return v;
    } catch (const std::exception &) { }
    throw BadInput { key + " wants a positive whole number, not '" + value + "'" };
}

Args parse(int argc, char **argv)
{
    Args a;
    for (int i = 1; i < argc; i += 2) {
        const std::string key = argv[i];
        if (i + 1 >= argc)
            throw BadInput { key + " wants a value" };
        const std::string value = argv[i + 1];
        if (key == "--store")
            a.store = value;
        else if (key == "--spec")
            a.spec = value;
        else if (key == "--dataset")
            a.dataset = value;
        else if (key == "--width")
            a.width = positive(key, value);
        else if (key == "--height")
            a.height = positive(key, value);
        else if (key == "--tile")
            a.tile = positive(key, value);
        else
            throw BadInput { "unknown option " + key
                             + " (options: --store FILE --spec SPEC.json --dataset DIR --width N "
                               "--height N --tile N)" };
    }
    return a;
}

/// The spec of --spec, or a minimal one on --dataset (or the default dataset); --dataset also
/// replaces the dataset of a --spec.
engine::ExperimentSpec loadSpec(const Args &args)
{
    std::string text;
    if (!args.spec.empty()) {
        std::ifstream in(args.spec, std::ios::binary);
        if (!in)
            throw BadInput { "cannot read the spec " + args.spec };
        std::ostringstream buffer;
        buffer << in.rdbuf();
        text = buffer.str();
    } else {
        text = nlohmann::json {
            { "dataset",
              { { "path", args.dataset.empty() ? engine::kDefaultDatasetPath : args.dataset } } },
            { "student", { { "model", "smallcnn" }, { "train", { { "epochs", 1 } } } } },
            { "pruning", { { "method", "random" }, { "fractions", { 1 } } } }
        }.dump();
    }
    engine::ParsedSpec parsed = engine::parseSpec(text);
    if (!parsed.problems.empty())
        throw BadInput { "the spec " + (args.spec.empty() ? std::string("(minimal)") : args.spec)
                         + " has problems:\n" + engine::formatProblems(parsed.problems) };
    if (!args.spec.empty() && !args.dataset.empty())
        parsed.spec.datasetPath = args.dataset;
    if (!std::filesystem::exists(parsed.spec.datasetPath))
        throw BadInput { "no dataset at " + parsed.spec.datasetPath
                         + (args.dataset.empty() ? std::string(" (--dataset DIR names another)")
                                                 : std::string()) };
    return parsed.spec;
}

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// The longest time the GUI thread went without serving a 1 ms timer while it ran.
class Heartbeat
{
public:
    Heartbeat()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(1);
        QObject::connect(&m_timer, &QTimer::timeout, [this] { beat(); });
    }
    void start()
    {
        m_maxGapNs = 0;
        m_clock.start();
        m_last = 0;
        m_timer.start();
    }
    /// Stops, counting the gap up to now; returns the longest gap in ms.
    double stop()
    {
        beat();
        m_timer.stop();
        return double(m_maxGapNs) / 1e6;
    }

private:
    void beat()
    {
        const qint64 now = m_clock.nsecsElapsed();
        m_maxGapNs = std::max(m_maxGapNs, now - m_last);
        m_last = now;
    }

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0, m_maxGapNs = 0;
};

/// Watches the grid: every tile on screen is rendered when the model holds its thumbnail and the
/// viewport has painted since the last change that could alter what is on screen (a scroll, a
/// resize, a reset, thumbnails arriving for visible rows). Paints are counted on the viewport, so
/// the model's cache is only asked about tiles the view has itself asked for.
class RenderProbe : public QObject
{
public:
    RenderProbe(QListView *grid, ui::SampleGridModel *model)
        : m_grid(grid)
        , m_model(model)
    {
        grid->viewport()->installEventFilter(this);
        connect(model, &QAbstractItemModel::modelReset, this, [this] { changed(); });
        connect(model, &QAbstractItemModel::layoutChanged, this, [this] { changed(); });
        connect(model, &QAbstractItemModel::dataChanged, this,
                [this](const QModelIndex &topLeft, const QModelIndex &bottomRight,
                       const QList<int> &roles) {
                    if (!roles.isEmpty() && !roles.contains(Qt::DecorationRole))
                        return;
                    const auto [first, last] = visibleRange();
                    if (first >= 0 && bottomRight.row() >= first && topLeft.row() <= last)
                        changed();
                });
        connect(grid->verticalScrollBar(), &QScrollBar::valueChanged, this, [this] { changed(); });
    }

    /// Something that will repaint the viewport happened (or is about to).
    void changed() { m_changeSeq = ++m_seq; }

    /// The rows whose tiles intersect the viewport, {−1, −1} when none.
    std::pair<int, int> visibleRange() const
    {
        const int rows = m_model->rowCount();
        const QRect area = m_grid->viewport()->rect();
        if (rows == 0 || area.isEmpty() || !m_grid->isVisible())
            return { -1, -1 };
        const QSize cell = m_grid->gridSize().isValid() ? m_grid->gridSize() : QSize(16, 16);
        // The first tile: the top-left one, else the first hit along the top edge's rows.
        QModelIndex start;
        for (int y = 1; y < std::min(area.height(), cell.height() + 2) && !start.isValid();
             y += std::max(1, cell.height() / 4))
            for (int x = 1; x < area.width() && !start.isValid();
                 x += std::max(1, cell.width() / 4))
                start = m_grid->indexAt(QPoint(x, y));
        if (!start.isValid())
            return { -1, -1 };
        const int perLine = std::max(1, area.width() / std::max(1, cell.width()) + 1);
        const int lines = area.height() / std::max(1, cell.height()) + 2;
        const int from = std::max(0, start.row() - perLine);
        const int to = std::min(rows - 1, start.row() + perLine * (lines + 1));
        int first = -1, last = -1;
        for (int row = from; row <= to; ++row)
            if (m_grid->visualRect(m_model->index(row)).intersects(area)) {
                if (first < 0)
                    first = row;
                last = row;
            }
        return { first, last };
    }

    /// True once every visible tile shows its thumbnail; tiles gets how many are on screen.
    bool rendered(int *tiles = nullptr) const
    {
        if (m_paintSeq <= m_changeSeq)
            return false;
        const auto [first, last] = visibleRange();
        if (first < 0)
            return false;
        for (int row = first; row <= last; ++row)
            if (qvariant_cast<QPixmap>(m_model->data(m_model->index(row), Qt::DecorationRole))
                    .isNull())
                return false;
        if (tiles)
            *tiles = last - first + 1;
        return true;
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == m_grid->viewport()) {
            if (event->type() == QEvent::Paint)
                m_paintSeq = ++m_seq;
            else if (event->type() == QEvent::Resize)
                changed();
        }
        return false;
    }

private:
    QListView *m_grid;
    ui::SampleGridModel *m_model;
    quint64 m_seq = 0, m_changeSeq = 0, m_paintSeq = 0;
};

/// Runs the event loop until done() holds (checked every millisecond) or timeoutMs passes;
/// returns whether it held.
bool waitUntil(const std::function<bool()> &done, qint64 timeoutMs)
{
    if (done())
        return true;
    QElapsedTimer clock;
    clock.start();
    QEventLoop loop;
    QTimer poll;
    poll.setTimerType(Qt::PreciseTimer);
    bool ok = false;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done()) {
            ok = true;
            loop.quit();
        } else if (clock.elapsed() > timeoutMs) {
            loop.quit();
        }
    });
    poll.start(1);
    loop.exec();
    return ok;
}

int run(int argc, char **argv)
{
    QApplication app(argc, argv); // takes Qt's own options (-platform ...) out of argv
    const Args args = parse(argc, argv);
    QTemporaryDir settingsDir;
    if (!settingsDir.isValid())
        throw BadInput { "cannot make a temporary folder for the settings" };
    QCoreApplication::setOrganizationName("Prunescope");
    QCoreApplication::setApplicationName("prunescope-bench-browser");
    for (auto scope : { QSettings::UserScope, QSettings::SystemScope })
        QSettings::setPath(QSettings::NativeFormat, scope, settingsDir.path());
    engine::useAllCores();

    const engine::ExperimentSpec spec = loadSpec(args);
    std::filesystem::path store;
    QTemporaryDir storeDir;
    if (!args.store.empty()) {
        store = args.store;
        if (!std::filesystem::exists(store))
            throw BadInput { "no store at " + args.store
                             + " (leave out --store to use a new, temporary one)" };
    } else {
        if (!storeDir.isValid())
            throw BadInput { "cannot make a temporary folder for the store" };
        store = storeDir.filePath("bench.db").toStdString();
        std::printf("no --store: a new temporary store, so the out-of-sample folds are trained\n");
    }

    // The flags, as the Compute button makes them (on this thread: nothing else runs yet).
    engine::DatasetCache cache(1);
    std::stop_source stop;
    std::string lastStage;
    const auto assessStart = std::chrono::steady_clock::now();
    storage::Store opened(store);
    storage::StoreQualitySources sources(opened);
    auto report = std::make_shared<engine::QualityReport>(engine::assessSpec(
        spec, sources, cache, engine::OutOfSampleOptions {},
        [&](const std::string &stage, double) {
            if (stage != lastStage) {
                std::fprintf(stderr, "  %s\n", stage.c_str());
                lastStage = stage;
            }
        },
        stop.get_token()));
    const double assessSeconds = secondsSince(assessStart);
    const bool fromStore = report->oosNote.find("from the store") != std::string::npos;
    std::printf("assessment: %.1f s, out-of-sample probabilities %s (%s)\n", assessSeconds,
                fromStore ? "read from the store" : "trained now", report->oosNote.c_str());

    QString description = QString::fromStdString(report->data->info.name);
    if (spec.injection.any())
        description += QString::fromUtf8(" · ")
            + QString::fromStdString(
                           engine::describeInjection(spec.injection, report->data->train.size()));
    const auto tableStart = std::chrono::steady_clock::now();
    auto table = std::make_shared<ui::SampleTable>(std::move(report));
    std::printf("sample table: %lld samples, built in %.2f s (off the GUI thread in the window)\n",
                static_cast<long long>(table->size()), secondsSince(tableStart));

    ui::SamplesPanel panel;
    panel.resize(args.width, args.height);
    panel.show();
    if (!waitUntil([&] { return panel.windowHandle() && panel.windowHandle()->isExposed(); },
                   10'000)) {
        std::fprintf(stderr, "the panel's window was never exposed\n");
        return kExitFailed;
    }
    if (args.tile > 0)
        panel.setTileSide(args.tile);
    QListView *grid = panel.grid();
    ui::SampleGridModel *model = panel.gridModel();
    RenderProbe probe(grid, model);
    Heartbeat heartbeat;

    // (1) First screen: setTable until every tile on screen shows its thumbnail.
    heartbeat.start();
    QElapsedTimer clock;
    clock.start();
    probe.changed();
    panel.setTable(table, description);
    const double setTableMs = double(clock.nsecsElapsed()) / 1e6;
    int firstTiles = 0;
    if (!waitUntil([&] { return probe.rendered(&firstTiles); }, kFirstScreenTimeoutMs)) {
        std::fprintf(stderr, "the first screen was not rendered within %lld s\n",
                     static_cast<long long>(kFirstScreenTimeoutMs / 1000));
        return kExitFailed;
    }
    const double firstScreenMs = double(clock.nsecsElapsed()) / 1e6;
    const double firstStallMs = heartbeat.stop();
    const QSize viewport = grid->viewport()->size();
    std::printf("window: %dx%d, platform %s, device pixel ratio %.2f, grid viewport %dx%d, tile "
                "%d px (cell %dx%d), %d rows in the grid, %d thumbnail threads\n",
                args.width, args.height, qPrintable(QGuiApplication::platformName()),
                grid->devicePixelRatioF(), viewport.width(), viewport.height(),
                model->thumbnailSide(), grid->gridSize().width(), grid->gridSize().height(),
                model->rowCount(), QThreadPool::globalInstance()->maxThreadCount());
    std::printf("first screen: %.1f ms after setTable (%d tiles; setTable itself %.1f ms; longest "
                "stall %.1f ms)\n",
                firstScreenMs, firstTiles, setTableMs, firstStallMs);

    // The grid lays its 60,000 tiles out in batches; paging waits for the whole layout.
    const int rows = model->rowCount();
    if (rows == 0) {
        std::fprintf(stderr, "the grid shows no sample\n");
        return kExitFailed;
    }
    if (!waitUntil([&] { return grid->visualRect(model->index(rows - 1)).isValid(); },
                   kLayoutTimeoutMs)) {
        std::fprintf(stderr, "the grid's layout did not finish within %lld s\n",
                     static_cast<long long>(kLayoutTimeoutMs / 1000));
        return kExitFailed;
    }
    std::printf("layout of all %d tiles: done %.1f ms after setTable\n", rows,
                double(clock.nsecsElapsed()) / 1e6);
    waitUntil([&] { return probe.rendered(); }, kPageTimeoutMs); // a layout batch may repaint

    // (2) Page through everything: value += pageStep until the bottom, each page rendered.
    QScrollBar *bar = grid->verticalScrollBar();
    std::vector<double> pageMs;
    heartbeat.start();
    QElapsedTimer total;
    total.start();
    while (bar->value() < bar->maximum()) {
        QElapsedTimer page;
        page.start();
        probe.changed();
        bar->setValue(std::min(bar->maximum(), bar->value() + bar->pageStep()));
        if (!waitUntil([&] { return probe.rendered(); }, kPageTimeoutMs)) {
            std::fprintf(stderr,
                         "page %zu (scroll position %d of %d) was not rendered within "
                         "%lld s\n",
                         pageMs.size() + 1, bar->value(), bar->maximum(),
                         static_cast<long long>(kPageTimeoutMs / 1000));
            return kExitFailed;
        }
        pageMs.push_back(double(page.nsecsElapsed()) / 1e6);
    }
    const double totalMs = double(total.nsecsElapsed()) / 1e6;
    const double scrollStallMs = heartbeat.stop();
    const int lastRow = probe.visibleRange().second;
    double sum = 0, worst = 0;
    size_t worstPage = 0;
    for (size_t k = 0; k < pageMs.size(); ++k) {
        sum += pageMs[k];
        if (pageMs[k] > worst) {
            worst = pageMs[k];
            worstPage = k + 1;
        }
    }
    const double mean = pageMs.empty() ? 0 : sum / double(pageMs.size());
    std::printf("scroll: %zu page steps of %d px (scroll range 0..%d), last row on screen %d of "
                "%d\n",
                pageMs.size(), bar->pageStep(), bar->maximum(), lastRow, rows - 1);

    std::printf("summary: time to first screen %.1f ms\n", firstScreenMs);
    std::printf("summary: scroll through all %d samples %.2f s, %zu pages, mean %.1f ms/page, "
                "worst %.1f ms/page (page %zu), longest event-loop stall %.1f ms\n",
                rows, totalMs / 1000, pageMs.size(), mean, worst, worstPage, scrollStallMs);
    std::fflush(stdout);
    // Thumbnail jobs still in flight read the table: let them end before the panel goes.
    QThreadPool::globalInstance()->waitForDone();
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    try {
        return run(argc, argv);
    } catch (const BadInput &e) {
        std::fprintf(stderr, "prunescope-bench-browser: %s\n", e.message.c_str());
    } catch (const engine::DataError &e) {
        std::fprintf(stderr, "prunescope-bench-browser: dataset: %s\n", e.what());
    } catch (const engine::ConfigError &e) {
        std::fprintf(stderr, "prunescope-bench-browser: spec: %s\n", e.what());
    } catch (const storage::StoreError &e) {
        std::fprintf(stderr, "prunescope-bench-browser: store: %s\n", e.what());
    } catch (const c10::Error &e) {
        std::fprintf(stderr, "prunescope-bench-browser: %s\n", e.what_without_backtrace());
        return kExitFailed;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "prunescope-bench-browser: %s\n", e.what());
        return kExitFailed;
    }
    return kExitBadInput;
}
