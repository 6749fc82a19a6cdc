#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include "tests/support/result_rows.h"
#include "ui/common/plot_export.h"
#include "ui/common/preferences.h"
#include "ui/common/qcustomplot_include.h"
#include "ui/form/experiment_form.h"
#include "ui/results/accuracy_chart.h"
#include "ui/results/compute_chart.h"
#include "ui/results/results_panel.h"
#include "ui/window/preferences_dialog.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

class TestPreferences : public QObject
{
    Q_OBJECT

    QTemporaryDir m_tmp;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void handEditedValuesAreNamedNotSilentlyReplaced()
    {
        {
            QSettings s;
            s.setValue("preferences/theme", "purple");
            s.setValue("preferences/threads", -3);
            s.setValue("preferences/runsAtOnce", "many");
            s.setValue("preferences/device", "cuda");
        }
        const ui::Preferences p = ui::Preferences::load();
        QCOMPARE(p.theme, ui::Preferences::Theme::System);
        QCOMPARE(p.threads, 0);
        QCOMPARE(p.runsAtOnce, 0);
        QCOMPARE(p.device, QString("cuda"));
        QCOMPARE(p.problems.size(), 3);
        const QString file = QSettings().fileName();
        QCOMPARE(p.problems[0],
                 file
                     + ": preferences/theme is \"purple\", expected one of system, light, dark; "
                       "using system");
        QCOMPARE(p.problems[1],
                 file
                     + ": preferences/threads is \"-3\", expected a whole number from 0 to 1024 "
                       "(0 = every core); using 0");
        QVERIFY2(p.problems[2].contains("preferences/runsAtOnce is \"many\""),
                 qPrintable(p.problems[2]));
        QSettings().clear();
        QVERIFY(ui::Preferences::load().problems.isEmpty());
    }

    void chosenOnceAppliedEverywhere()
    {
        const QColor lightWindow = QApplication::palette().color(QPalette::Window);
        ui::ResultsPanel panel;
        panel.setRuns(
            { fixtures::run(1, 0.1, 0, 0, 0.7, "a"), fixtures::run(2, 0.5, 0, 0, 0.8, "a") });
        {
            ui::PreferencesDialog dialog;
            auto *theme = dialog.findChild<QComboBox *>("preferences.theme");
            theme->setCurrentIndex(theme->findData(int(ui::Preferences::Theme::Dark)));
            auto *device = dialog.findChild<QComboBox *>("preferences.device");
            device->setCurrentIndex(device->findData("cpu"));
            auto *runs = dialog.findChild<QComboBox *>("preferences.runsAtOnce");
            runs->setCurrentIndex(runs->findData(3));
            dialog.findChild<QSpinBox *>("preferences.threads")->setValue(1);
            dialog.findChild<QLineEdit *>("preferences.cacheFolder")
                ->setText(m_tmp.filePath("cache"));
            dialog.accept();
        }
        // The theme: the window and every chart in the dark palette.
        QCOMPARE(QApplication::palette().color(QPalette::Window), QColor(45, 45, 48));
        QTRY_COMPARE(panel.accuracyChart()->plot()->toPixmap(200, 100).toImage().pixelColor(1, 1),
                     QColor(30, 30, 32));
        // A paper export (white) leaves the chart in the dark palette.
        {
            ui::ExportOptions paper;
            paper.widthCm = 8.3;
            paper.paper = true;
            QCustomPlot *plot = panel.computeChart()->plot();
            QCOMPARE(ui::exportPlot(plot, m_tmp.filePath("compute.png"), paper), QString());
            QCOMPARE(plot->toPixmap(200, 100).toImage().pixelColor(1, 1), QColor(30, 30, 32));
        }
        // Threads for training on the CPU.
        QCOMPARE(torch::get_num_threads(), 1);
        // Kept, and where a new experiment starts.
        const ui::Preferences saved = ui::Preferences::load();
        QCOMPARE(saved.theme, ui::Preferences::Theme::Dark);
        QCOMPARE(saved.effectiveCacheFolder(), m_tmp.filePath("cache"));
        ui::ExperimentForm form;
        const auto spec = nlohmann::json::parse(form.specJson().toStdString());
        QCOMPARE(spec["device"].get<std::string>(), std::string("cpu"));
        QCOMPARE(spec["runs_at_once"].get<int>(), 3);

        // Cancel puts back the theme that was shown before the preview.
        {
            ui::PreferencesDialog dialog;
            auto *theme = dialog.findChild<QComboBox *>("preferences.theme");
            theme->setCurrentIndex(theme->findData(int(ui::Preferences::Theme::Light)));
            QVERIFY(QApplication::palette().color(QPalette::Window) != QColor(45, 45, 48));
            dialog.reject();
        }
        QCOMPARE(QApplication::palette().color(QPalette::Window), QColor(45, 45, 48));
        ui::applyTheme(ui::Preferences::Theme::System);
        QCOMPARE(QApplication::palette().color(QPalette::Window), lightWindow);
    }
};

QTEST_MAIN(TestPreferences)
#include "tst_preferences.moc"
