// The Samples tab's CSV export: the selected samples (or every sample the filters show).
#include <QFileDialog>
#include <QFileInfo>
#include <QItemSelectionModel>
#include <QListView>
#include <QPushButton>

#include "ui/common/plot_export.h"
#include "ui/samples/sample_csv.h"
#include "ui/samples/sample_grid_model.h"
#include "ui/samples/sample_grid_page.h"
#include "ui/samples/sample_table.h"
#include "ui/samples/samples_panel.h"

#include <algorithm>

namespace ui {

std::vector<int64_t> SamplesPanel::exportedSamples() const
{
    std::vector<int> rows;
    for (const QItemSelectionRange &range : m_grid->selectionModel()->selection())
        for (int row = range.top(); row <= range.bottom(); ++row)
            rows.push_back(row);
    if (rows.empty())
        return m_model->order();
    std::sort(rows.begin(), rows.end());
    std::vector<int64_t> samples;
    samples.reserve(rows.size());
    for (int row : rows)
        samples.push_back(m_model->sampleAt(row));
    return samples;
}

QString SamplesPanel::exportCsvTo(const QString &path) const
{
    if (!m_table)
        return tr("No flags to export: compute them first");
    return writeTextFile(path, samplesCsv(*m_table, exportedSamples()));
}

void SamplesPanel::exportCsv()
{
    if (!m_table)
        return;
    QString path = QFileDialog::getSaveFileName(
        this, m_gridPage->exportButton()->text().remove(QChar(0x2026)), "samples.csv",
        tr("CSV table (*.csv)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += ".csv";
    const QString error = exportCsvTo(path);
    if (!error.isEmpty())
        showError(error);
    else
        Q_EMIT message(tr("Exported %1 samples to %2").arg(exportedSamples().size()).arg(path));
}

} // namespace ui
