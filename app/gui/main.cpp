#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QIcon>
#include <QSettings>
#include <QStandardPaths>
#include <QThreadPool>
#include <QTimer>

#include "engine/experiment/runner.h"
#include "engine/train/device.h"
#include "ui/common/preferences.h"
#include "ui/common/wheel_guard.h"
#include "ui/window/log_pane.h"
#include "ui/window/main_window.h"

#include <cstdio>
#include <spdlog/spdlog.h>

namespace {

void describe(QCommandLineParser &parser)
{
    parser.setApplicationDescription(
        "Prunescope: a workbench for data pruning with knowledge distillation.");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        "workspace", "Workspace store to open (created if missing); default: the last one.",
        "[workspace.db]");
}

void nameApplication()
{
    QCoreApplication::setOrganizationName("Prunescope");
    QCoreApplication::setApplicationName("Prunescope");
    QCoreApplication::setApplicationVersion("0.1.0");
}

} // namespace

int main(int argc, char **argv)
{
    // --help and --version answer without a display (a terminal, a package check).
    for (int i = 1; i < argc; ++i)
        if (const QByteArray a = argv[i];
            a == "-h" || a == "--help" || a == "--help-all" || a == "-v" || a == "--version") {
            QCoreApplication core(argc, argv);
            nameApplication();
            QCommandLineParser parser;
            describe(parser);
            parser.process(core);
            return 0;
        }
    QApplication app(argc, argv);
    nameApplication();
    // The desktop entry's and icon's names, so that Wayland compositors and task bars match the
    // window with the installed entry and icon.
    QApplication::setDesktopFileName("io.github.prunescope.Prunescope");
    QApplication::setWindowIcon(QIcon::fromTheme("io.github.prunescope.Prunescope"));

    QCommandLineParser parser;
    describe(parser);
    parser.process(app);

    engine::useAllCores();
    const ui::Preferences preferences = ui::Preferences::load();
    if (preferences.threads > 0)
        engine::useThreads(preferences.threads);
    ui::applyTheme(preferences.theme);
    ui::installWheelGuard(app);
    ui::LogBridge bridge;
    bridge.install();

    QString workspace = parser.positionalArguments().value(0);
    if (workspace.isEmpty())
        workspace = QSettings().value("workspaces/last").toString();
    if (workspace.isEmpty()) {
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        QDir().mkpath(dir);
        workspace = dir + "/workspace.db";
    }

    ui::MainWindow window(&bridge);
    window.openWorkspace(workspace);
    window.show();
    if (const QStringList &p = preferences.problems; !p.isEmpty())
        window.warn(p.size() == 1 ? p.front()
                                  : QObject::tr("%1 (and %2 more in the log)\n%3")
                                        .arg(p.front())
                                        .arg(p.size() - 1)
                                        .arg(p.mid(1).join('\n')));

    // PRUNESCOPE_STALL_REPORT=1 logs the longest GUI-thread stall every 10 s (and prints it at
    // exit).
    const bool reportStalls = qEnvironmentVariableIsSet("PRUNESCOPE_STALL_REPORT");
    if (reportStalls) {
        auto *timer = new QTimer(&window);
        QObject::connect(timer, &QTimer::timeout, &window, [&window] {
            spdlog::get("ui")->info("longest GUI-thread stall so far: {:.0f} ms",
                                    window.longestStallMs());
        });
        timer->start(10000);
    }
    const int code = QApplication::exec();
    if (reportStalls)
        std::fprintf(stderr, "longest GUI-thread stall: %.0f ms\n", window.longestStallMs());
    // Background jobs (dataset reads, timing probes) end before the log bridge they may write to.
    QThreadPool::globalInstance()->waitForDone();
    spdlog::drop_all();
    return code;
}
