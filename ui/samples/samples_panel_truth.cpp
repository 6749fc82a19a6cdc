// The Samples tab's ground truth read from a file: which samples are wrongly labelled.
#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>

#include "engine/core/errors.h"
#include "engine/data/dataset.h"
#include "engine/experiment/quality_assessment.h"
#include "engine/prune/score_io.h"
#include "ui/samples/sample_table.h"
#include "ui/samples/samples_panel.h"

namespace ui {

QString SamplesPanel::loadTruthFile(const QString &path)
{
    if (!m_table)
        return tr("Compute or open flags first: the ground truth is read against their samples");
    const engine::QualityReport &report = m_table->report();
    const std::string fingerprint = report.data ? report.data->info.fingerprint : std::string();
    std::vector<int64_t> indices;
    try {
        indices = engine::readSubsetFile(path.toStdString(), m_table->size(), fingerprint);
    } catch (const std::exception &e) {
        return tr("Ground truth not read: %1").arg(QString::fromStdString(e.what()));
    }
    std::vector<bool> noisy(size_t(m_table->size()), false);
    for (int64_t i : indices)
        noisy[size_t(i)] = true;
    m_table->setExternalTruth(std::move(noisy), QFileInfo(path).fileName());
    setTable(m_table, m_description);
    Q_EMIT message(tr("Ground truth from %1: %2 of %3 samples wrongly labelled")
                       .arg(path, QLocale().toString(qint64(indices.size())),
                            QLocale().toString(qint64(m_table->size()))));
    return {};
}

void SamplesPanel::chooseTruthFile()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Ground truth: indices of wrongly labelled samples"), QString(),
        tr("Index files (*.csv *.txt *.npy);;All files (*)"));
    if (path.isEmpty())
        return;
    if (const QString error = loadTruthFile(path); !error.isEmpty())
        showError(error);
}

} // namespace ui
