#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "engine/core/number_list.h"
#include "ui/common/export_dialog.h"
#include "ui/common/number_format.h"
#include "ui/common/plot_export.h"
#include "ui/common/qcustomplot_include.h"
#include "ui/results/accuracy_chart.h"
#include "ui/results/compute_chart.h"
#include "ui/results/heat_map_widget.h"
#include "ui/results/results_panel.h"

#include <set>

// Exports of the current view: charts as PNG/SVG/PDF, numbers as CSV, the table as LaTeX.

namespace ui {

namespace {

QString latexEscape(QString s)
{
    s.replace('\\', "\\textbackslash{}")
        .replace('_', "\\_")
        .replace('%', "\\%")
        .replace('&', "\\&")
        .replace('#', "\\#");
    return s.replace(QString::fromUtf8("α"), "$\\alpha$")
        .replace(QString::fromUtf8("τ"), "$\\tau$");
}

} // namespace

QString ResultsPanel::tableCsv() const
{
    QString text;
    for (int c = 0; c < m_tableModel->columnCount(); ++c)
        text += (c ? "," : "") + m_tableModel->horizontalHeaderItem(c)->text();
    text += "\r\n";
    for (int r = 0; r < m_tableModel->rowCount(); ++r) {
        for (int c = 0; c < m_tableModel->columnCount(); ++c) {
            const QStandardItem *item = m_tableModel->item(r, c);
            const QVariant exact = item->data(CsvRole);
            QString cell = exact.isValid() ? exact.toString() : item->text();
            if (cell.contains(',') || cell.contains('"'))
                cell = '"' + cell.replace('"', "\"\"") + '"';
            text += (c ? "," : "") + cell;
        }
        text += "\r\n";
    }
    return text;
}

QString ResultsPanel::heatMapCsv() const
{
    QString text = "kept_fraction,alpha,n,accuracy_mean_pct,accuracy_std_pct,gain_over_alpha0_"
                   "points,best,validation_mean_pct,best_chosen_on,paired_n,paired_gain_points,"
                   "paired_gain_ci95_low,paired_gain_ci95_high\r\n";
    const auto number = [](double v) {
        return std::isfinite(v) ? formatNumber(v) : QString();
    };
    for (double f : m_heatData.fractions)
        for (double a : m_heatData.alphas)
            if (const HeatCell *c = m_heatData.cell(f, a)) {
                const auto &best = m_heatData.bestAlphas.at(f);
                const auto &onTest = m_heatData.selectedOnTest;
                text
                    += QString("%1,%2,%3,%4,%5,%6,%7,%8,%9,%10,%11,%12,%13\r\n")
                           .arg(formatNumber(f), formatNumber(a))
                           .arg(c->accuracy.n)
                           .arg(formatNumber(100.0 * c->accuracy.mean),
                                c->accuracy.n > 1 ? formatNumber(100.0 * c->accuracy.std)
                                                  : QString(),
                                std::isfinite(c->gain) ? formatNumber(100.0 * c->gain) : QString(),
                                std::find(best.begin(), best.end(), a) != best.end() ? "yes" : "no")
                           .arg(c->validated ? number(100.0 * c->validation.mean) : QString(),
                                std::find(onTest.begin(), onTest.end(), f) != onTest.end()
                                    ? "test"
                                    : "validation",
                                c->pairs > 0 ? QString::number(c->pairs) : QString(),
                                number(100.0 * c->pairedGain), number(100.0 * c->gainLow),
                                number(100.0 * c->gainHigh));
            }
    return text;
}

QString ResultsPanel::tableLatex() const
{
    QString text = "\\begin{tabular}{" + QString(m_tableModel->columnCount(), 'l') + "}\n\\hline\n";
    QStringList header;
    for (int c = 0; c < m_tableModel->columnCount(); ++c)
        header << latexEscape(m_tableModel->horizontalHeaderItem(c)->text());
    text += header.join(" & ") + " \\\\\n\\hline\n";
    for (int r = 0; r < m_tableModel->rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < m_tableModel->columnCount(); ++c)
            cells << latexEscape(m_tableModel->item(r, c)->text());
        text += cells.join(" & ") + " \\\\\n";
    }
    return text + "\\hline\n\\end{tabular}\n";
}

QString ResultsPanel::currentCsv() const
{
    switch (Tab(m_tabs->currentIndex())) {
    case AccuracyTab:
        return m_accuracy->csv();
    case TeacherTab:
        return m_teacherChart->csv();
    case CurvesTab:
        return m_curves->csv();
    case ComputeTab:
        return m_compute->csv();
    case HeatMapTab:
        return heatMapCsv();
    default:
        return tableCsv();
    }
}

QString ResultsPanel::exportCurrentTo(const QString &path, const ExportOptions &options)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    const Tab tab = Tab(m_tabs->currentIndex());
    if (suffix == "csv")
        return writeTextFile(path, currentCsv());
    if (suffix == "tex")
        return writeTextFile(path, tableLatex());
    QString error;
    switch (tab) {
    case AccuracyTab:
        error = m_accuracy->exportTo(path, options);
        break;
    case TeacherTab:
        error = m_teacherChart->exportTo(path, options);
        break;
    case CurvesTab:
        error = exportPlot(m_curves->plot(), path, options);
        break;
    case ComputeTab:
        error = m_compute->exportTo(path, options);
        break;
    case HeatMapTab:
        error = m_heatMap->exportTo(path, options);
        break;
    case TableTab:
        return tr("The table exports as CSV (.csv) or LaTeX (.tex)");
    }
    if (error.isEmpty() && options.dataCsv)
        error = writeTextFile(csvBeside(path), currentCsv());
    return error;
}

void ResultsPanel::exportCurrent()
{
    const QString title = tr("Export %1").arg(m_tabs->tabText(m_tabs->currentIndex()));
    if (m_tabs->currentIndex() == TableTab) {
        QString chosen;
        QString path = QFileDialog::getSaveFileName(
            this, title, QString(), tr("CSV table (*.csv);;LaTeX table (*.tex)"), &chosen);
        if (path.isEmpty())
            return;
        if (QFileInfo(path).suffix().isEmpty()) {
            const int star = chosen.indexOf("*.");
            path += chosen.mid(star + 1, chosen.indexOf(')', star) - star - 1);
        }
        const QString error = exportCurrentTo(path);
        Q_EMIT message(error.isEmpty() ? tr("Exported %1").arg(path) : error);
        return;
    }
    ExportDialog dialog(title, m_tabs->currentWidget()->size(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const ExportOptions options = dialog.options();
    const QString error = exportCurrentTo(dialog.path(), options);
    Q_EMIT message(
        !error.isEmpty() ? error
            : options.dataCsv
            ? tr("Exported %1 and its numbers to %2").arg(dialog.path(), csvBeside(dialog.path()))
            : tr("Exported %1").arg(dialog.path()));
}

} // namespace ui
