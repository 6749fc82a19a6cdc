#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QSettings>
#include <QStandardPaths>
#include <QThreadPool>
#include <QTimer>

#include "engine/runner.h"
#include "ui/log_pane.h"
#include "ui/main_window.h"

#include <cstdio>
#include <spdlog/spdlog.h>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName("Prunescope");
    QApplication::setApplicationName("Prunescope");
    QApplication::setApplicationVersion("0.1.0");
    QApplication::setDesktopFileName("prunescope");

    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Prunescope: a workbench for data pruning with knowledge distillation.");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        "workspace", "Workspace store to open (created if missing); default: the last one.",
        "[workspace.db]");
    parser.process(app);

    engine::useAllCores();
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
