#include <QAbstractItemModel>
#include <QComboBox>
#include <QPushButton>
#include <QTableView>
#include <QtTest>

#include "tests/support/result_rows.h"
#include "ui/common/qcustomplot_include.h"
#include "ui/results/accuracy_chart.h"
#include "ui/results/chart_data.h"
#include "ui/results/chart_legend.h"
#include "ui/results/results_panel.h"
#include "ui/results/training_curves_chart.h"

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

using fixtures::run;

class TestChartData : public QObject
{
    Q_OBJECT

private:
    // f ∈ {0.1, 0.5}, α ∈ {0, 0.5, 0.9}, two seeds each.
    std::vector<storage::RunRow> sweep() const
    {
        return { run(1, 0.1, 0.0, 0, 0.70, "a"),  run(2, 0.1, 0.0, 1, 0.72, "a"), //
                 run(3, 0.1, 0.5, 0, 0.78, "a"),  run(4, 0.1, 0.5, 1, 0.80, "a"), //
                 run(5, 0.1, 0.9, 0, 0.82, "a"),  run(6, 0.1, 0.9, 1, 0.84, "a"), //
                 run(7, 0.5, 0.0, 0, 0.86, "a"),  run(8, 0.5, 0.0, 1, 0.88, "a"), //
                 run(9, 0.5, 0.5, 0, 0.90, "a"),  run(10, 0.5, 0.5, 1, 0.90, "a"), //
                 run(11, 0.5, 0.9, 0, 0.89, "a"), run(12, 0.5, 0.9, 1, 0.89, "a") };
    }

private Q_SLOTS:
    void legendWrapsInsteadOfWidening()
    {
        // Many curves (methods × settings) must not make the legend, and so the window, wider
        // than its column: entries wrap onto more lines.
        ui::ChartLegend legend;
        QVector<ui::ChartLegend::Entry> kd;
        for (int i = 0; i < 12; ++i)
            kd.push_back({ QString::number(i),
                           QString("α = 0.%1, τ = 4, teacher resnet56x4").arg(i), Qt::black,
                           Qt::SolidLine, i % 6 });
        legend.setEntries({ { "m", "el2n", Qt::red, Qt::SolidLine, -1 } }, kd);
        const int oneLine = legend.heightForWidth(100000);
        QVERIFY(legend.minimumSizeHint().width() < 500);
        QVERIFY(legend.hasHeightForWidth());
        QVERIFY2(legend.heightForWidth(500) > 2 * oneLine,
                 qPrintable(QString("%1 vs %2").arg(legend.heightForWidth(500)).arg(oneLine)));
    }

    void noAlphaFitFromOneFraction()
    {
        // One kept fraction with three α: the best α is there, a fitted α(f) is not.
        std::vector<storage::RunRow> runs;
        for (const auto &r : sweep())
            if (r.fraction == 0.1)
                runs.push_back(r);
        const auto map
            = ui::heatMap(ui::accuracyCurves(storage::summariseGroups(runs)), "a", "resnet8", 4);
        QCOMPARE(map.bestAlphas.size(), size_t(1));
        QVERIFY(!ui::fitAlpha(map).valid);
        ui::ResultsPanel panel;
        panel.setRuns(ui::RunRows(runs.begin(), runs.end()));
        auto *use = panel.findChild<QPushButton *>("results.useSchedule");
        QVERIFY(use && !use->isEnabled());
        QVERIFY(use->toolTip().contains("two or more kept fractions"));
    }

    void trainingCurvesShowEachRunOrTheMeanWithItsSpread()
    {
        // Two seeds of one setting evaluated at steps 10, 20, 30; the second also at 40.
        const auto row = [](int64_t step, double accuracy) {
            storage::MetricRow m;
            m.step = step;
            m.epoch = double(step) / 10.0;
            m.testAccuracy = accuracy;
            return m;
        };
        std::map<qint64, std::vector<storage::MetricRow>> metrics {
            { 1, { row(10, 0.50), row(20, 0.60), row(30, 0.70) } },
            { 2, { row(10, 0.54), row(20, 0.62), row(30, 0.74), row(40, 0.80) } }
        };
        ui::TrainingCurvesChart chart;
        chart.resize(800, 500);
        chart.setSource([&](qint64 id) { return metrics[id]; });
        ui::RunRows runs { run(1, 0.5, 0, 0, 0.70, "a"), run(2, 0.5, 0, 1, 0.74, "a") };
        runs[0].name = "random · f=0.5 · α=0 · seed 0";
        runs[1].name = "random · f=0.5 · α=0 · seed 1";
        chart.showRuns(runs);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QCustomPlot *plot = chart.plot();
        QCOMPARE(plot->graphCount(), 2);
        QVERIFY(plot->graph(0)->pen().color() != plot->graph(1)->pen().color());
        // Room around the data: the lowest and highest points are not on the plot's edge.
        QVERIFY(plot->yAxis->range().lower < 50.0 && plot->yAxis->range().upper > 80.0);

        chart.setShow(ui::TrainingCurvesChart::Show::MeanPerSetting);
        QCOMPARE(plot->graphCount(), 3); // the band's two edges and the mean
        const QCPGraph *mean = plot->graph(2);
        QCOMPARE(mean->data()->size(), 3); // step 40 has one seed: left out
        QCOMPARE(mean->data()->at(0)->value, 52.0);
        QVERIFY(std::abs(plot->graph(1)->data()->at(0)->value - (52.0 + std::sqrt(8.0))) < 1e-9);
        QVERIFY2(mean->name() == QString::fromUtf8("random · f=0.5 · α=0 (mean ± std of 2 seeds)"),
                 qPrintable(mean->name()));
        // The value under the mouse.
        plot->replot(QCustomPlot::rpImmediateRefresh);
        const QPointF at(plot->xAxis->coordToPixel(2.0), plot->yAxis->coordToPixel(61.0) + 3);
        const QString text = chart.hoverText(at);
        QVERIFY2(text.contains("epoch 2.00") && text.contains(" 61"), qPrintable(text));
        QVERIFY(chart.hoverText(QPointF(-100, -100)).isEmpty());
    }

    void methodFilterFiltersTheChartAndTheTable()
    {
        // Two methods, each at two fractions with two seeds.
        ui::RunRows runs;
        for (const auto &r : sweep())
            if (r.alpha == 0)
                runs.push_back(r);
        for (auto r : runs.mid(0)) {
            r.id += 100;
            r.method = "el2n";
            r.baseKey = "b";
            r.curveKey = "b|0";
            r.groupKey = "b|" + r.groupKey;
            r.testAccuracy = *r.testAccuracy - 0.05;
            runs.push_back(r);
        }
        ui::ResultsPanel panel;
        panel.setRuns(runs);
        QComboBox *method = panel.methodFilter();
        QCOMPARE(method->count(), 3);
        QCOMPARE(method->itemText(0), QString("all methods"));
        QCOMPARE(method->currentIndex(), 0);
        const auto bases = [&] {
            std::set<std::string> keys;
            for (const auto &c : panel.accuracyChart()->curves())
                keys.insert(c.baseKey);
            return keys;
        };
        QCOMPARE(bases(), (std::set<std::string> { "a", "b" }));
        QCOMPARE(panel.table()->model()->rowCount(), 4); // 2 methods × 2 fractions
        method->setCurrentIndex(method->findData(QString("b")));
        QCOMPARE(bases(), (std::set<std::string> { "b" }));
        QCOMPARE(panel.table()->model()->rowCount(), 2);
        for (int row = 0; row < 2; ++row) {
            bool el2n = false;
            for (int c = 0; c < panel.table()->model()->columnCount(); ++c)
                el2n = el2n || panel.table()->model()->index(row, c).data().toString() == "el2n";
            QVERIFY(el2n);
        }
        method->setCurrentIndex(0);
        QCOMPARE(panel.table()->model()->rowCount(), 4);
    }

    void singleFractionShowsItsSpread()
    {
        // One kept fraction, three seeds: the band has no width, so a whisker shows the spread.
        ui::RunRows runs { run(1, 0.1, 0.0, 0, 0.70, "a"), run(2, 0.1, 0.0, 1, 0.74, "a"),
                           run(3, 0.1, 0.0, 2, 0.72, "a") };
        ui::ResultsPanel panel;
        panel.setRuns(runs);
        QCustomPlot *plot = panel.accuracyChart()->plot();
        QCPErrorBars *whisker = nullptr;
        for (int i = 0; i < plot->plottableCount(); ++i)
            if (auto *e = qobject_cast<QCPErrorBars *>(plot->plottable(i)))
                whisker = e;
        QVERIFY(whisker);
        QCOMPARE(whisker->dataCount(), 1);
        // ± std over the seeds: std of 70, 74, 72 % is 2 points.
        QCOMPARE(whisker->data()->at(0).errorMinus, 2.0);
        QCOMPARE(whisker->data()->at(0).errorPlus, 2.0);
    }

    void tableNamesTheBudgetAndKeepsTwoDecimals()
    {
        ui::RunRows runs { run(1, 0.1, 0.0, 0, 0.70, "a"), run(2, 0.1, 0.0, 1, 0.7346, "a") };
        for (auto &r : runs)
            r.steps = 1500;
        ui::ResultsPanel panel;
        panel.setRuns(runs);
        const QAbstractItemModel *table = panel.table()->model();
        QCOMPARE(table->rowCount(), 1);
        QStringList header;
        for (int c = 0; c < table->columnCount(); ++c)
            header << table->headerData(c, Qt::Horizontal).toString();
        QCOMPARE(table->index(0, int(header.indexOf("Steps"))).data().toString(), QString("1500"));
        QCOMPARE(table->index(0, int(header.indexOf("Test acc. %"))).data().toString(),
                 QString("71.73"));
        QCOMPARE(table->index(0, int(header.indexOf("min"))).data().toString(), QString("70.00"));
    }

    void recipesAreNamedByWhatDiffers()
    {
        // 1,500-step runs, then one 100-step run of the same method and KD setting.
        const auto withSteps = [](storage::RunRow r, int steps, const std::string &curve) {
            r.configJson = nlohmann::json {
                { "seed", r.seed },
                { "pruning", { { "fraction", r.fraction } } },
                { "student", { { "train", { { "steps", steps } } } } }
            }.dump();
            r.baseKey = curve;
            r.curveKey = curve + "|0";
            r.groupKey = curve + "|" + std::to_string(r.fraction);
            return r;
        };
        ui::RunRows runs { withSteps(run(1, 0.1, 0, 0, 0.70, "a"), 1500, "a"),
                           withSteps(run(2, 0.1, 0, 1, 0.72, "a"), 1500, "a") };
        ui::ResultsPanel panel;
        panel.setRuns(runs);
        QCOMPARE(panel.methodFilter()->count(), 1);
        QCOMPARE(panel.methodFilter()->itemText(0), QString("random"));
        runs.push_back(withSteps(run(3, 0.1, 0, 0, 0.60, "b"), 100, "b"));
        QCOMPARE(ui::differenceLabels({ runs[0].configJson, runs[2].configJson }, false),
                 (std::vector<QString> { "steps 1500", "steps 100" }));
        panel.setRuns(runs);
        QStringList items;
        for (int i = 0; i < panel.methodFilter()->count(); ++i)
            items << panel.methodFilter()->itemText(i);
        QCOMPARE(items,
                 (QStringList { "all methods", "random · steps 1500", "random · steps 100" }));
        QStringList labels;
        for (const auto &c : panel.accuracyChart()->curves())
            labels << c.kdLabel();
        labels.sort();
        QCOMPARE(labels,
                 (QStringList { QString::fromUtf8("no KD (α = 0) · steps 100"),
                                QString::fromUtf8("no KD (α = 0) · steps 1500") }));
        // The Table names them in its Setting column (and so its CSV).
        {
            const QAbstractItemModel *table = panel.table()->model();
            int setting = -1;
            for (int c = 0; c < table->columnCount(); ++c)
                if (table->headerData(c, Qt::Horizontal).toString() == "Setting")
                    setting = c;
            QVERIFY(setting >= 0);
            QStringList cells;
            for (int r = 0; r < table->rowCount(); ++r)
                cells << table->index(r, setting).data().toString();
            cells.sort();
            QCOMPARE(cells, (QStringList { "steps 100", "steps 1500" }));
            panel.setCurrentTab(ui::ResultsPanel::TableTab);
            QVERIFY(panel.currentCsv().contains(",steps 100,"));
        }
        // More runs of the same recipes rename nothing.
        runs.push_back(withSteps(run(4, 0.5, 0, 0, 0.80, "a"), 1500, "a"));
        runs.push_back(withSteps(run(5, 0.5, 0, 0, 0.75, "b"), 100, "b"));
        panel.setRuns(runs);
        QStringList again;
        for (int i = 0; i < panel.methodFilter()->count(); ++i)
            again << panel.methodFilter()->itemText(i);
        QCOMPARE(again, items);
    }

    void curvesCarryMeanAndStd()
    {
        const auto curves = ui::accuracyCurves(storage::summariseGroups(sweep()));
        QCOMPARE(curves.size(), size_t(3));
        const auto &plain = curves[0];
        QCOMPARE(plain.alpha, 0.0);
        QCOMPARE(plain.points.size(), size_t(2));
        QVERIFY(std::fabs(plain.points[0].accuracy.mean - 0.71) < 1e-12);
        // Sample std of {0.70, 0.72}: sqrt(2 · 0.01² / 1) = 0.0141421…
        QVERIFY(std::fabs(plain.points[0].accuracy.std - std::sqrt(2e-4)) < 1e-12);
        const auto [lo, hi] = plain.points[0].band(ui::Band::StandardError);
        QVERIFY(std::fabs(hi - lo - 2 * std::sqrt(2e-4) / std::sqrt(2.0)) < 1e-12);
        QCOMPARE(plain.points[0].band(ui::Band::MinMax), std::make_pair(0.70, 0.72));
        QCOMPARE(plain.kdLabel(), QString::fromUtf8("no KD (α = 0)"));
        QCOMPARE(curves[2].kdLabel(), QString::fromUtf8("α = 0.9, τ = 4, teacher resnet8"));
    }

    void bestAlphaPerFractionAndFit()
    {
        const auto curves = ui::accuracyCurves(storage::summariseGroups(sweep()));
        const auto map = ui::heatMap(curves, "a", "resnet8", 4);
        QCOMPARE(map.fractions, (std::vector<double> { 0.1, 0.5 }));
        QCOMPARE(map.alphas, (std::vector<double> { 0.0, 0.5, 0.9 }));
        QCOMPARE(map.bestAlphas.at(0.1), (std::vector<double> { 0.9 })); // 83 % beats 79 % and 71 %
        QCOMPARE(map.bestAlphas.at(0.5), (std::vector<double> { 0.5 })); // 90 % beats 89 % and 87 %
        QVERIFY(std::fabs(map.cell(0.1, 0.9)->gain - (0.83 - 0.71)) < 1e-12);
        // Least squares through (ln 0.1, 0.9) and (ln 0.5, 0.5): the line through both points.
        const auto fit = ui::fitAlpha(map);
        const double slope = (0.5 - 0.9) / (std::log(0.5) - std::log(0.1));
        QVERIFY(std::fabs(fit.slope - slope) < 1e-12);
        QVERIFY(std::fabs(fit.at(0.1) - 0.9) < 1e-12);
        QVERIFY(std::fabs(fit.at(0.5) - 0.5) < 1e-12);
        QCOMPARE(fit.at(1e-6), 1.0); // clamped
        const auto schedule = ui::scheduleFromFit(fit, map.fractions);
        QCOMPARE(schedule.size(), size_t(2));
        QCOMPARE(schedule[0].alpha, 0.9);
    }

    void bestAlphaIsChosenOnValidationAndReportedOnTest()
    {
        // Validation disagrees with test at both fractions: at f = 0.1 test favours α = 0.9
        // (83 %) and validation α = 0.5; at f = 0.5 test favours α = 0.5 and validation α = 0.9.
        auto runs = sweep();
        const double validation[]
            = { 0.60, 0.62, 0.75, 0.77, 0.70, 0.72, 0.80, 0.80, 0.81, 0.81, 0.86, 0.88 };
        for (size_t i = 0; i < runs.size(); ++i)
            runs[i].validationAccuracy = validation[i];
        const auto curves = ui::accuracyCurves(storage::summariseGroups(runs));
        const auto map = ui::heatMap(curves, "a", "resnet8", 4);
        QCOMPARE(map.bestAlphas.at(0.1), (std::vector<double> { 0.5 }));
        QCOMPARE(map.bestAlphas.at(0.5), (std::vector<double> { 0.9 }));
        QVERIFY(!map.anySelectedOnTest());
        // The cells still report test accuracy; validation is beside it.
        QVERIFY(std::fabs(map.cell(0.1, 0.5)->accuracy.mean - 0.79) < 1e-12);
        QVERIFY(std::fabs(map.cell(0.1, 0.5)->validation.mean - 0.76) < 1e-12);
        // The fit and the schedule follow the validation choice: through (ln 0.1, 0.5) and
        // (ln 0.5, 0.9), α grows with f here.
        const auto fit = ui::fitAlpha(map);
        QVERIFY(std::fabs(fit.at(0.1) - 0.5) < 1e-12);
        QVERIFY(std::fabs(fit.at(0.5) - 0.9) < 1e-12);
        const auto schedule = ui::scheduleFromFit(fit, map.fractions);
        QCOMPARE(schedule[0].alpha, 0.5);
        QCOMPARE(schedule[1].alpha, 0.9);

        // A run without a validation accuracy (stored before splits existed) puts its fraction
        // back on test, and the map says so.
        runs[10].validationAccuracy.reset();
        const auto mixed
            = ui::heatMap(ui::accuracyCurves(storage::summariseGroups(runs)), "a", "resnet8", 4);
        QCOMPARE(mixed.selectedOnTest, (std::vector<double> { 0.5 }));
        QCOMPARE(mixed.bestAlphas.at(0.5), (std::vector<double> { 0.5 })); // test: 90 %
        QCOMPARE(mixed.bestAlphas.at(0.1), (std::vector<double> { 0.5 })); // still validation
        QCOMPARE(
            ui::heatMap(ui::accuracyCurves(storage::summariseGroups(sweep())), "a", "resnet8", 4)
                .selectedOnTest,
            (std::vector<double> { 0.1, 0.5 }));
    }

    void heatCellsCarryThePairedGainAndItsInterval()
    {
        auto runs = sweep();
        runs[3].testAccuracy = 0.84; // f = 0.1, α = 0.5, seed 1: gains 0.08 and 0.12
        const auto map
            = ui::heatMap(ui::accuracyCurves(storage::summariseGroups(runs)), "a", "resnet8", 4);
        const auto *cell = map.cell(0.1, 0.5);
        QCOMPARE(cell->pairs, int64_t(2));
        QVERIFY(std::fabs(cell->pairedGain - 0.10) < 1e-12);
        // std of {0.08, 0.12} = 0.02·√2; half width t(0.975, 1) · std / √2 = 12.7062… · 0.02.
        QVERIFY(std::fabs(cell->gainHigh - cell->gainLow - 2 * 12.706204736432095 * 0.02) < 1e-9);
        // The 95 % band of a mean: n = 2 values 0.70, 0.72 → ± 12.7062… · 0.01.
        const auto curves = ui::accuracyCurves(storage::summariseGroups(sweep()));
        const auto [lo, hi] = curves[0].points[0].band(ui::Band::Ci95);
        QVERIFY(std::fabs(hi - 0.71 - 12.706204736432095 * 0.01) < 1e-9);
        QVERIFY(std::fabs(0.71 - lo - 12.706204736432095 * 0.01) < 1e-9);
    }

    void tiesAreAllBest()
    {
        auto runs = sweep();
        runs[10].testAccuracy = runs[11].testAccuracy = 0.90; // α = 0.9 ties α = 0.5 at f = 0.5
        const auto map
            = ui::heatMap(ui::accuracyCurves(storage::summariseGroups(runs)), "a", "", 0);
        QCOMPARE(map.bestAlphas.at(0.5), (std::vector<double> { 0.5, 0.9 }));
    }

    void differenceModePairsSeeds()
    {
        const auto curves = ui::accuracyCurves(storage::summariseGroups(sweep()));
        // f = 0.1: α = 0.5 gives 0.78, 0.80 against α = 0's 0.70, 0.72 for seeds 0, 1: gains 0.08,
        // 0.08.
        const auto d = ui::pairedDifference(curves[1].points[0], curves[0].points[0]);
        QVERIFY(d);
        QCOMPARE(d->seeds, (std::vector<int64_t> { 0, 1 }));
        QVERIFY(std::fabs(d->accuracy.mean - 0.08) < 1e-12);
        QVERIFY(std::fabs(d->accuracy.std) < 1e-12); // the same gain for both seeds: no spread
        auto lonely = curves[1].points[0];
        lonely.seeds = { 7 };
        lonely.values = { 0.9 };
        QVERIFY(!ui::pairedDifference(lonely, curves[0].points[0])); // no shared seed
    }

    void otherSettingsStayOutOfTheHeatMap()
    {
        auto runs = sweep();
        auto other = run(13, 0.1, 0.5, 0, 0.99, "b"); // another recipe at the same f and α
        runs.push_back(other);
        const auto map
            = ui::heatMap(ui::accuracyCurves(storage::summariseGroups(runs)), "a", "resnet8", 4);
        QVERIFY(std::fabs(map.cell(0.1, 0.5)->accuracy.mean - 0.79) < 1e-12);
    }

    void recipesNeverShareACurve()
    {
        auto runs = sweep();
        runs.push_back(run(13, 0.1, 0.0, 0, 0.5, "other recipe"));
        const auto curves = ui::accuracyCurves(storage::summariseGroups(runs));
        QCOMPARE(curves.size(), size_t(4));
        int numbered = 0;
        for (const auto &c : curves)
            numbered += c.variant > 0 ? 1 : 0;
        QCOMPARE(numbered, 2); // the two α = 0 curves are told apart in the legend
    }
};

QTEST_MAIN(TestChartData)
#include "tst_chart_data.moc"
