#include <QComboBox>
#include <QImage>
#include <QLabel>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

#include "tests/support/result_rows.h"
#include "ui/common/export_dialog.h"
#include "ui/common/qcustomplot_include.h"
#include "ui/common/table_tip.h"
#include "ui/results/accuracy_chart.h"
#include "ui/results/heat_map_widget.h"
#include "ui/results/results_panel.h"

#include <set>

using fixtures::run;

namespace {

// Two methods, f ∈ {0.1, 0.5}, α ∈ {0, 0.5, 0.9}, two seeds each.
ui::RunRows sweep()
{
    ui::RunRows runs;
    int64_t id = 1;
    for (const std::string method : { "random", "el2n" })
        for (double f : { 0.1, 0.5 })
            for (double a : { 0.0, 0.5, 0.9 })
                for (int64_t seed : { 0, 1 }) {
                    auto r = run(id++, f, a, seed, 0.7 + 0.2 * f + 0.05 * a + 0.01 * seed, method);
                    r.method = method;
                    runs.push_back(r);
                }
    return runs;
}

QString readText(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

/// The texts an SVG draws, in order.
QStringList svgTexts(const QString &svg)
{
    QStringList texts;
    static const QRegularExpression text("<text[^>]*>([^<]*)</text>");
    for (auto it = text.globalMatch(svg); it.hasNext();)
        texts << it.next().captured(1).trimmed();
    return texts;
}

/// The box of pixels that differ from the corner's colour.
QRect inkBox(const QImage &image)
{
    const QRgb background = image.pixel(0, 0);
    QRect box;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (image.pixel(x, y) != background)
                box |= QRect(x, y, 1, 1);
    return box;
}

} // namespace

class TestChartExport : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void paperExportListsTheVisibleLegendAtReadableSizes()
    {
        ui::ResultsPanel panel;
        panel.resize(1400, 900);
        panel.setRuns(sweep());
        panel.setCurrentTab(ui::ResultsPanel::AccuracyTab);
        // Hide α = 0.9 in the window's legend: the export must not list it either.
        QToolButton *hidden = nullptr;
        QStringList shown;
        for (auto *button : panel.accuracyChart()->findChildren<QToolButton *>()) {
            if (button->text().startsWith(QString::fromUtf8("α = 0.9")))
                hidden = button;
            else
                shown << button->text();
        }
        QVERIFY(hidden);
        hidden->click();
        QCOMPARE(shown.size(), 4); // el2n, random, α = 0, α = 0.5

        ui::ExportOptions paper;
        paper.widthCm = 8.3;
        paper.heightCm = 6.2;
        paper.paper = true;
        paper.dataCsv = true;
        const QString svgPath = m_tmp.filePath("accuracy.svg");
        QCOMPARE(panel.exportCurrentTo(svgPath, paper), QString());
        const QString svg = readText(svgPath);
        // The generator splits a text where its script changes (Latin, Greek): compare the
        // drawn words without the cuts.
        const auto squeeze = [](QString s) {
            return s.remove(' ');
        };
        const QString texts = squeeze(svgTexts(svg).join(QString()));
        for (const QString &label : shown)
            QVERIFY2(texts.contains(squeeze(label)), qPrintable(label + " not in " + texts));
        QVERIFY2(!texts.contains(squeeze(hidden->text())), qPrintable(hidden->text()));
        QVERIFY(!svg.contains("Graph"));
        // Legend entries are the window's words, not curve names joined together.
        QVERIFY2(!texts.contains(QString::fromUtf8("random·")), qPrintable(texts));
        // The drawing is 8.3 cm wide and every text at least 8 pt.
        static const QRegularExpression width("<svg[^>]*width=\"([0-9.]+)mm\"");
        const auto w = width.match(svg);
        QVERIFY2(w.hasMatch(), qPrintable(svg.left(400)));
        QVERIFY2(std::abs(w.captured(1).toDouble() - 83.0) < 1.0, qPrintable(w.captured(1)));
        static const QRegularExpression size("font-size=\"([0-9.]+)(pt|px)?\"");
        int sizes = 0;
        for (auto it = size.globalMatch(svg); it.hasNext(); ++sizes) {
            const double points = it.next().captured(1).toDouble();
            QVERIFY2(points >= 8.0, qPrintable(QString::number(points)));
        }
        QVERIFY(sizes >= 5);
        // The numbers beside it: what the chart shows, α = 0.9 left out with its curves.
        const QStringList csv
            = readText(m_tmp.filePath("accuracy.csv")).split("\r\n", Qt::SkipEmptyParts);
        QVERIFY(csv.size() > 1 && csv.front().startsWith("method,"));
        QCOMPARE(csv.size() - 1, 2 * 2 * 2); // methods × α shown × fractions
        for (const QString &line : csv.mid(1))
            QVERIFY2(!line.contains(",0.9,"), qPrintable(line));

        // PNG: 8.3 cm at 300 dpi is 980 pixels wide.
        const QString pngPath = m_tmp.filePath("accuracy.png");
        QCOMPARE(panel.exportCurrentTo(pngPath, paper), QString());
        const QImage png(pngPath);
        QVERIFY(std::abs(png.width() - 980) <= 2);
        QVERIFY(std::abs(png.height() - 732) <= 2);
        QVERIFY(std::abs(png.dotsPerMeterX() * 0.0254 - 300) < 1);
    }

    void heatMapExportIsCroppedToWhatItDraws()
    {
        ui::ResultsPanel panel;
        panel.resize(1800, 1000);
        panel.setRuns(sweep());
        panel.setCurrentTab(ui::ResultsPanel::HeatMapTab);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        for (const bool onPaper : { false, true }) {
            ui::ExportOptions options;
            options.paper = onPaper;
            if (onPaper) {
                options.widthCm = 8.3;
                options.heightCm = 6.2;
            }
            const QString path = m_tmp.filePath(QString("heat-%1.png").arg(onPaper));
            QCOMPARE(panel.exportCurrentTo(path, options), QString());
            const QImage image(path);
            const QRect ink = inkBox(image);
            // Ink reaches within a few percent of every edge: no empty canvas.
            QVERIFY2(ink.width() > 0.9 * image.width() && ink.height() > 0.85 * image.height(),
                     qPrintable(QString("%1×%2 ink in %3×%4")
                                    .arg(ink.width())
                                    .arg(ink.height())
                                    .arg(image.width())
                                    .arg(image.height())));
            if (!onPaper)
                QVERIFY(image.width() < 2 * panel.heatMap()->width() * 0.8);
            else
                QVERIFY(image.width() <= 982);
        }
    }

    void hoverTableKeepsEachCurveOnOneLine()
    {
        // Six curves at f = 10 %: the hover table has a title and six rows, none wrapped.
        ui::ResultsPanel panel;
        panel.resize(900, 700);
        panel.setRuns(sweep());
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QCustomPlot *plot = panel.accuracyChart()->plot();
        plot->replot(QCustomPlot::rpImmediateRefresh);
        const QPoint at(int(plot->xAxis->coordToPixel(10.0)), plot->height() / 2);
        QTest::mouseMove(plot, at);
        ui::TableTip *tip = panel.accuracyChart()->tip();
        QTRY_VERIFY(tip->isVisible());
        QVERIFY(tip->text().contains("kept fraction 10 %"));
        QCOMPARE(int(tip->text().count("<tr>")), 6);
        const int line = tip->fontMetrics().lineSpacing();
        QVERIFY2(tip->height() < 7 * 2 * line,
                 qPrintable(QString("%1 px for 7 lines of %2").arg(tip->height()).arg(line)));
        QVERIFY(tip->width() > tip->height());
    }

    void exportDialogRemembersAndChecksTheFile()
    {
        ui::ExportDialog dialog("Export", QSizeF(800, 500));
        dialog.setPath(m_tmp.filePath("chart.jpeg"));
        QVERIFY(dialog.problem().contains("use .png, .svg, .pdf or .csv"));
        dialog.setPath(m_tmp.filePath("chart.pdf"));
        QCOMPARE(dialog.problem(), QString());
        auto *preset = dialog.findChild<QComboBox *>("export.preset");
        preset->setCurrentIndex(2); // two columns
        const ui::ExportOptions o = dialog.options();
        QCOMPARE(o.widthCm, 17.0);
        QCOMPARE(o.heightCm, 8.0);
        QVERIFY(dialog.findChild<QLabel *>("export.summary")->text().contains("17.0 × 8.0 cm"));
        dialog.accept();
        ui::ExportDialog again("Export", QSizeF(800, 500));
        QCOMPARE(again.options().widthCm, 17.0);
        QCOMPARE(again.path(), m_tmp.filePath("chart.pdf"));
    }
};

QTEST_MAIN(TestChartExport)
#include "tst_chart_export.moc"
