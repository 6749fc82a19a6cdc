// The assembled window on a tiny dataset: queue from the form, watch the charts fill, and measure
// how long the GUI thread ever stalls while training runs on the worker thread.
#include <QAction>
#include <QComboBox>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QScrollArea>
#include <QScrollBar>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QtTest>

#include "storage/store.h"
#include "tests/support/fixtures.h"
#include "ui/form/experiment_form.h"
#include "ui/results/accuracy_chart.h"
#include "ui/results/compute_chart.h"
#include "ui/results/heat_map_widget.h"
#include "ui/results/results_panel.h"
#include "ui/runs/run_session.h"
#include "ui/runs/run_table_model.h"
#include "ui/window/log_pane.h"
#include "ui/window/main_window.h"

#include <nlohmann/json.hpp>
#include <unistd.h>

class TestMainWindow : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void aboutCitesThePaper()
    {
        const QString about = ui::MainWindow::aboutText();
        QVERIFY(about.contains("<i>Distilling the Knowledge in Data Pruning</i>, ICML 2025 "
                               "(arXiv:2403.07854)"));
        QVERIFY(about.contains("Confident Learning"));
        QVERIFY(about.contains("GPL-3.0-or-later"));
    }

    void actionBarIsPinnedAndLinksTheFirstProblem()
    {
        ui::MainWindow window(nullptr);
        window.form()->resetToDefault(); // not the last test's dataset, restored from the settings
        window.resize(1400, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QWidget *bar = window.form()->actionBar();
        QVERIFY(bar);
        // Outside the scrolled form: visible at either end of the scroll.
        QVERIFY(!window.form()->isAncestorOf(bar));
        auto *scroll = qobject_cast<QScrollArea *>(window.form()->parentWidget()->parentWidget());
        QVERIFY(scroll);
        QVERIFY(scroll->verticalScrollBar()->maximum() > 0); // the form is longer than the dock
        auto *fractions = window.form()->findChild<QLineEdit *>("pruning.fractions");
        QVERIFY(fractions);
        fractions->setText("0.1, 1.5");
        window.form()->validateNow();
        scroll->verticalScrollBar()->setValue(scroll->verticalScrollBar()->maximum());
        QVERIFY(bar->isVisible());
        QVERIFY(!bar->visibleRegion().isEmpty());
        auto *link = bar->findChild<QLabel *>("firstProblem");
        QVERIFY(link && link->isVisible());
        QVERIFY2(link->text().contains("href='field:pruning.fractions'"), qPrintable(link->text()));
        QVERIFY(link->text().contains("1.5 is outside (0, 1]"));
        // No JSON index: the value's position, as under the field.
        QVERIFY2(link->text().contains("pruning.fractions, value 2: 1.5"),
                 qPrintable(link->text()));
        QCOMPARE(window.form()->firstProblemField(), QString("pruning.fractions"));
        // The link scrolls back to the field and focuses it.
        QMetaObject::invokeMethod(link, "linkActivated", Q_ARG(QString, "field:pruning.fractions"));
        QTRY_VERIFY(fractions->hasFocus());
        QVERIFY(!fractions->visibleRegion().isEmpty());
        QVERIFY(!window.form()->queueAction()->isEnabled());
        fractions->setText("0.1, 0.5");
        window.form()->validateNow();
        QVERIFY2(!link->isVisible() || !link->text().contains("pruning.fractions"),
                 qPrintable(link->text()));
    }

    void helpOpensTheUserGuideAndResetAsksFirst()
    {
        ui::MainWindow window(nullptr);
        auto *guide = window.findChild<QAction *>("action.help.guide");
        QVERIFY(guide);
        QCOMPARE(guide->shortcut(), QKeySequence(QKeySequence::HelpContents));
        auto *preferences = window.findChild<QAction *>("action.file.preferences");
        QVERIFY(preferences);
        QCOMPARE(preferences->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Comma));
        guide->trigger();
        auto *dialog = window.findChild<QDialog *>("userGuide");
        QVERIFY(dialog);
        auto *browser = dialog->findChild<QTextBrowser *>();
        QVERIFY(browser && browser->toPlainText().contains("Running on a Slurm cluster"));
        dialog->close();

        const QString shortcuts = window.shortcutLines().join('\n');
        for (const char *key :
             { "Next sample (Samples tab)\tRight", "Back to the grid (Samples tab)\tEsc",
               "Larger tiles (Samples tab)\tCtrl+=", "User guide\tF1", "Queue runs\tCtrl+Return" })
            QVERIFY2(shortcuts.contains(QString::fromUtf8(key)), qPrintable(shortcuts));

        auto *reset = window.findChild<QAction *>("action.experiment.reset");
        QVERIFY(reset);
        auto *name = window.form()->findChild<QLineEdit *>("name");
        QVERIFY(name);
        name->setText("my sweep");
        window.setResetAnswer(QMessageBox::No);
        reset->trigger();
        QCOMPARE(name->text(), QString("my sweep"));
        window.setResetAnswer(QMessageBox::Yes);
        reset->trigger();
        QVERIFY(name->text() != "my sweep");
    }

    void newFromPresetFillsTheForm()
    {
        ui::MainWindow window(nullptr);
        auto *menu = window.findChild<QMenu *>("menu.file.presets");
        QVERIFY(menu);
        int presets = 0;
        for (QAction *a : menu->actions())
            presets += a->isSeparator() ? 0 : 1;
        QVERIFY(presets >= 8); // the six findings and the single experiments
        auto *finding1
            = window.findChild<QAction *>("preset.finding-1-kd-improves-every-fraction.json");
        QVERIFY(finding1);
        QVERIFY(finding1->text().startsWith("Finding 1: KD improves accuracy"));
        QVERIFY(finding1->toolTip().contains("2 %, 10 % and 50 %"));
        finding1->trigger(); // a study of one experiment: into the form
        const auto spec = nlohmann::json::parse(window.form()->specJson().toStdString());
        QCOMPARE(QString::fromStdString(spec["name"].get<std::string>()),
                 QString("finding 1: random, α 0 and 0.5"));
        QCOMPARE(spec["seeds"].size(), size_t(3));
        // The whole message stays readable on hover when the status bar cuts it.
        const QString said = window.statusBar()->currentMessage();
        QVERIFY2(said.startsWith("Loaded the preset \"Finding 1"), qPrintable(said));
        QCOMPARE(window.statusBar()->toolTip(), said);
        window.statusBar()->clearMessage();
        QCOMPARE(window.statusBar()->toolTip(), QString());
    }

    void queueFromTheFormFillsTheCharts()
    {
        const std::string dataset = m_tmp.filePath("digits").toStdString();
        fixtures::writeIdxDataset(dataset, 400, 100, true);
        ui::LogBridge bridge; // the Log pane, as the application has it
        bridge.install();
        ui::MainWindow window(&bridge);
        window.setCloseAnswer(ui::MainWindow::CloseAnswer::Stop);
        window.openWorkspace(m_tmp.filePath("ws.db"));
        window.show();
        const nlohmann::json spec { { "name", "window test" },
                                    { "dataset", { { "path", dataset } } },
                                    { "student",
                                      { { "model", "smallcnnx0.25" },
                                        { "train", { { "steps", 60 }, { "batch_size", 32 } } } } },
                                    { "teacher",
                                      { { "model", "smallcnnx0.25" },
                                        { "train", { { "epochs", 1 }, { "batch_size", 32 } } } } },
                                    { "pruning", { { "fractions", { 0.25, 0.5 } } } },
                                    { "distillation", { { "alphas", { 0, 0.5 } }, { "tau", 4 } } },
                                    { "seeds", { 0, 1 } } };
        QVERIFY(window.form()->loadSpec(QString::fromStdString(spec.dump())).isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(window.form()->queueAction()->isEnabled(), 20000);
        window.resetStallWatch();
        window.form()->queueAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(window.runModel()->countWithStatus(storage::RunStatus::Done), 8,
                                  180000);
        // Every run's start and end are in the Log.
        const QString log
            = window.findChild<ui::LogPane *>()->findChild<QPlainTextEdit *>()->toPlainText();
        QCOMPARE(int(log.count(QRegularExpression("run \\d+ started: "))), 8);
        QCOMPARE(int(log.count(QRegularExpression(
                     "run \\d+ done: \\d+\\.\\d\\d % test accuracy after 60 steps"))),
                 8);
        const double stall = window.longestStallMs();
        qInfo("longest GUI-thread stall while 8 runs trained: %.0f ms", stall);
        QVERIFY2(stall < 250, qPrintable(QString::number(stall)));
        QTRY_VERIFY_WITH_TIMEOUT(!window.results()->accuracyChart()->isEmpty(), 5000);
        QCOMPARE(window.results()->heatMap()->data().alphas, (std::vector<double> { 0.0, 0.5 }));
        QCOMPARE(window.results()->heatMap()->data().fractions,
                 (std::vector<double> { 0.25, 0.5 }));
        // The views refresh on a 300 ms timer after the last run finished: wait for every group.
        const auto computePoints = [&] {
            size_t n = 0;
            for (const auto &series : window.results()->computeChart()->data().series)
                n += series.points.size();
            return n;
        };
        QTRY_COMPARE_WITH_TIMEOUT(computePoints(), size_t(4), 5000);
        // Every view exports.
        for (int tab : { ui::ResultsPanel::AccuracyTab, ui::ResultsPanel::HeatMapTab,
                         ui::ResultsPanel::ComputeTab, ui::ResultsPanel::TableTab }) {
            window.results()->setCurrentTab(ui::ResultsPanel::Tab(tab));
            for (const char *suffix : { ".png", ".svg", ".pdf", ".csv" }) {
                if (tab == ui::ResultsPanel::TableTab && QString(suffix) != ".csv")
                    continue;
                const QString path = m_tmp.filePath(QString("export-%1%2").arg(tab).arg(suffix));
                QCOMPARE(window.results()->exportCurrentTo(path), QString());
                QVERIFY2(QFileInfo(path).size() > 100, qPrintable(path));
            }
        }
        {
            // The Table's CSV holds numbers, not the display ("25.0 %"): fractions as
            // fractions, every number at full precision and without units.
            QFile csv(m_tmp.filePath(QString("export-%1.csv").arg(ui::ResultsPanel::TableTab)));
            QVERIFY(csv.open(QIODevice::ReadOnly));
            const QStringList lines
                = QString::fromUtf8(csv.readAll()).split("\r\n", Qt::SkipEmptyParts);
            const QStringList header = lines.front().split(',');
            const int kept = int(header.indexOf("Kept f")),
                      acc = int(header.indexOf("Test acc. %"));
            QVERIFY(kept >= 0 && acc >= 0);
            QVERIFY(lines.size() >= 2); // the groups finished by now
            for (int r = 1; r < lines.size(); ++r) {
                const QStringList cells = lines[r].split(',');
                bool ok = false;
                const double f = cells[kept].toDouble(&ok);
                QVERIFY2(ok && (f == 0.25 || f == 0.5), qPrintable(lines[r]));
                const double a = cells[acc].toDouble(&ok);
                QVERIFY2(ok && a >= 0 && a <= 100, qPrintable(lines[r]));
            }
        }
        {
            // Accuracy against compute: the four settings' points, each costing its student
            // plus a quarter of the teacher (α = 0.5) or nothing more (α = 0); the front is
            // chosen on validation, and its SVG legend names the curves and the front only.
            const auto &data = window.results()->computeChart()->data();
            for (const auto &series : data.series)
                for (const auto &p : series.points) {
                    QVERIFY(p.cost.student > 0);
                    QCOMPARE(p.cost.teacher > 0, series.alpha > 0);
                    QCOMPARE(p.cost.total, p.cost.student + p.cost.teacher + p.cost.scores);
                }
            QVERIFY(!data.front.empty() && !data.frontOnTest);
            QFile svg(m_tmp.filePath(QString("export-%1.svg").arg(ui::ResultsPanel::ComputeTab)));
            QVERIFY(svg.open(QIODevice::ReadOnly));
            const QString text = QString::fromUtf8(svg.readAll());
            QVERIFY2(text.contains("Pareto front (chosen on validation)"), "front in the legend");
            QVERIFY(!text.contains("Graph"));
        }
        {
            // File ▸ Export report writes one HTML file; the workspace cannot be its target.
            const QString report = m_tmp.filePath("ws-report.html");
            QCOMPARE(window.exportReportTo(report), QString());
            QFile in(report);
            QVERIFY(in.open(QIODevice::ReadOnly));
            const QString html = QString::fromUtf8(in.readAll());
            QVERIFY(html.startsWith("<!DOCTYPE html>") && html.contains("window test"));
            QCOMPARE(html.count("<svg"), 2);
            QVERIFY(window.exportReportTo(m_tmp.filePath("ws.db")).contains("workspace"));
        }
        {
            // The Table's second mode: each paired comparison (α = 0.5 − α = 0 at both
            // fractions), exported with its interval at full precision.
            auto *mode = window.results()->findChild<QComboBox *>("results.tableMode");
            QVERIFY(mode);
            mode->setCurrentIndex(1);
            window.results()->setCurrentTab(ui::ResultsPanel::TableTab);
            const QString path = m_tmp.filePath("comparisons.csv");
            QCOMPARE(window.results()->exportCurrentTo(path), QString());
            QFile csv(path);
            QVERIFY(csv.open(QIODevice::ReadOnly));
            const QStringList lines
                = QString::fromUtf8(csv.readAll()).split("\r\n", Qt::SkipEmptyParts);
            QCOMPARE(lines.size(), 3);
            QVERIFY2(lines[0].contains("A − B (points)") && lines[0].contains("95 % CI low"),
                     qPrintable(lines[0]));
            for (int r = 1; r < lines.size(); ++r)
                QVERIFY2(lines[r].startsWith("kd-vs-no-kd,"), qPrintable(lines[r]));
            mode->setCurrentIndex(0);
        }
        window.results()->setCurrentTab(ui::ResultsPanel::TableTab);
        QCOMPARE(window.results()->exportCurrentTo(m_tmp.filePath("table.tex")), QString());
        // No export replaces the open workspace, however it is spelled, nor writes into its
        // artifacts; the workspace still opens afterwards.
        QVERIFY(QFile::link(m_tmp.filePath("ws.db"), m_tmp.filePath("alias.png")));
        QCOMPARE(::link(m_tmp.filePath("ws.db").toLocal8Bit().constData(),
                        m_tmp.filePath("hard.csv").toLocal8Bit().constData()),
                 0);
        for (const auto &[tab, name] :
             { std::pair { ui::ResultsPanel::TableTab, QString("hard.csv") },
               std::pair { ui::ResultsPanel::AccuracyTab, QString("alias.png") },
               std::pair { ui::ResultsPanel::HeatMapTab, QString("alias.png") } }) {
            window.results()->setCurrentTab(tab);
            const QString error = window.results()->exportCurrentTo(m_tmp.filePath(name));
            QVERIFY2(error.contains("is the workspace") && error.contains("nothing was written"),
                     qPrintable(error));
        }
        window.results()->setCurrentTab(ui::ResultsPanel::AccuracyTab);
        QDir(m_tmp.path()).mkpath("ws-artifacts");
        QVERIFY(window.results()
                    ->exportCurrentTo(m_tmp.filePath("ws-artifacts/chart.png"))
                    .contains("is inside the workspace's artifacts folder"));
        QCOMPARE(storage::Store(m_tmp.filePath("ws.db").toStdString(),
                                storage::OpenOptions { .readOnly = true })
                     .experiments()
                     .size(),
                 size_t(1));
        window.results()->setCurrentTab(ui::ResultsPanel::TableTab);

        // Another process (a command-line sweep) writes a run into the open workspace: it appears.
        {
            storage::Store other(m_tmp.filePath("ws.db").toStdString());
            storage::NewRun run;
            run.key = run.groupKey = run.curveKey = "from-the-command-line";
            run.name = "random · f=1 · α=0 · seed 9";
            run.configJson = "{}";
            run.dataset = "MNIST";
            run.studentModel = "smallcnnx0.25";
            run.method = "random";
            run.fraction = 1.0;
            run.keptCount = 400;
            run.seed = 9;
            other.registerRun(other.addExperiment("cli", "cli", "{}"), 0, run);
        }
        QTRY_COMPARE_WITH_TIMEOUT(window.runModel()->rowCount(), 9, 5000);
        QVERIFY(window.results()->exportCurrentTo(m_tmp.filePath("table.png")).contains("CSV"));
        window.close();
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
