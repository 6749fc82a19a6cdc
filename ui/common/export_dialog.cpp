#include "ui/common/export_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>

#include <cmath>

namespace ui {

namespace {

struct Preset
{
    const char *name;
    double widthCm, heightCm;
};
// Column widths of the common templates (NeurIPS/ICML one column 8.25 cm, two columns 17 cm).
constexpr Preset kPresets[] = {
    { QT_TRANSLATE_NOOP("ui::ExportDialog", "As on screen"), 0, 0 },
    { QT_TRANSLATE_NOOP("ui::ExportDialog", "One column (8.3 × 6.2 cm)"), 8.3, 6.2 },
    { QT_TRANSLATE_NOOP("ui::ExportDialog", "Two columns (17 × 8 cm)"), 17.0, 8.0 },
    { QT_TRANSLATE_NOOP("ui::ExportDialog", "Slide (24 × 13.5 cm)"), 24.0, 13.5 },
    { QT_TRANSLATE_NOOP("ui::ExportDialog", "Custom size"), -1, -1 },
};
constexpr int kCustom = int(std::size(kPresets)) - 1;

} // namespace

ExportDialog::ExportDialog(const QString &title, QSizeF onScreenPixels, QWidget *parent)
    : QDialog(parent)
    , m_onScreen(onScreenPixels)
{
    setWindowTitle(title);
    QSettings settings;
    m_path = new QLineEdit(this);
    m_path->setObjectName("export.path");
    m_path->setPlaceholderText(tr("chart.pdf — .png, .svg, .pdf or .csv"));
    auto *browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, &ExportDialog::browse);
    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);

    m_preset = new QComboBox(this);
    m_preset->setObjectName("export.preset");
    for (const Preset &p : kPresets)
        m_preset->addItem(tr(p.name));
    m_width = new QDoubleSpinBox(this);
    m_height = new QDoubleSpinBox(this);
    for (QDoubleSpinBox *box : { m_width, m_height }) {
        box->setRange(2.0, 60.0);
        box->setDecimals(1);
        box->setSingleStep(0.5);
        box->setSuffix(tr(" cm"));
    }
    m_width->setObjectName("export.width");
    m_height->setObjectName("export.height");
    auto *sizeRow = new QHBoxLayout;
    sizeRow->addWidget(m_width);
    sizeRow->addWidget(new QLabel(QString::fromUtf8("×"), this));
    sizeRow->addWidget(m_height);
    sizeRow->addStretch(1);

    m_dpi = new QSpinBox(this);
    m_dpi->setObjectName("export.dpi");
    m_dpi->setRange(72, 1200);
    m_dpi->setSingleStep(50);
    m_dpi->setSuffix(tr(" dpi"));
    m_dpi->setToolTip(tr("Pixels per inch of a PNG at the chosen size; SVG and PDF are vector "
                         "drawings and need none"));
    m_style = new QComboBox(this);
    m_style->setObjectName("export.style");
    m_style->addItem(tr("Paper: serif text of at least 8 pt, white background"), true);
    m_style->addItem(tr("As the window draws it"), false);
    m_csv = new QCheckBox(this);
    m_csv->setObjectName("export.csv");
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setObjectName("export.summary");

    auto *form = new QFormLayout;
    form->addRow(tr("File"), pathRow);
    form->addRow(tr("Size"), m_preset);
    form->addRow(QString(), sizeRow);
    form->addRow(tr("Resolution"), m_dpi);
    form->addRow(tr("Style"), m_style);
    form->addRow(QString(), m_csv);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_export = buttons->addButton(tr("Export"), QDialogButtonBox::AcceptRole);
    m_export->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ExportDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_summary);
    layout->addWidget(buttons);

    m_preset->setCurrentIndex(std::clamp(settings.value("export/preset", 1).toInt(), 0, kCustom));
    m_width->setValue(settings.value("export/widthCm", 8.3).toDouble());
    m_height->setValue(settings.value("export/heightCm", 6.2).toDouble());
    m_dpi->setValue(settings.value("export/dpi", 300).toInt());
    m_style->setCurrentIndex(settings.value("export/paper", true).toBool() ? 0 : 1);
    m_csv->setChecked(settings.value("export/csv", true).toBool());
    const QString folder = settings.value("export/folder", QDir::homePath()).toString();
    m_path->setText(QDir(folder).filePath(settings.value("export/name", "chart.pdf").toString()));
    presetChosen();
    connect(m_preset, &QComboBox::currentIndexChanged, this, &ExportDialog::presetChosen);
    for (QDoubleSpinBox *box : { m_width, m_height })
        connect(box, &QDoubleSpinBox::valueChanged, this, &ExportDialog::refresh);
    connect(m_dpi, &QSpinBox::valueChanged, this, &ExportDialog::refresh);
    connect(m_style, &QComboBox::currentIndexChanged, this, &ExportDialog::refresh);
    connect(m_path, &QLineEdit::textChanged, this, &ExportDialog::refresh);
    refresh();
}

QString ExportDialog::path() const
{
    return m_path->text().trimmed();
}

void ExportDialog::setPath(const QString &path)
{
    m_path->setText(path);
}

ExportOptions ExportDialog::options() const
{
    ExportOptions o;
    if (m_preset->currentIndex() != 0) {
        o.widthCm = m_width->value();
        o.heightCm = m_height->value();
    }
    o.dpi = m_dpi->value();
    o.paper = m_style->currentData().toBool();
    o.dataCsv = m_csv->isChecked() && QFileInfo(path()).suffix().toLower() != "csv";
    return o;
}

QString ExportDialog::problem() const
{
    if (path().isEmpty())
        return tr("Choose a file to export to");
    const QString suffix = QFileInfo(path()).suffix().toLower();
    if (suffix != "png" && suffix != "svg" && suffix != "pdf" && suffix != "csv")
        return tr("'%1' has no known suffix: use .png, .svg, .pdf or .csv").arg(path());
    return {};
}

void ExportDialog::presetChosen()
{
    const Preset &p = kPresets[m_preset->currentIndex()];
    if (p.widthCm > 0) {
        const QSignalBlocker a(m_width), b(m_height);
        m_width->setValue(p.widthCm);
        m_height->setValue(p.heightCm);
    }
    const bool onScreen = m_preset->currentIndex() == 0;
    m_width->setEnabled(m_preset->currentIndex() == kCustom);
    m_height->setEnabled(m_preset->currentIndex() == kCustom);
    m_width->setVisible(!onScreen);
    m_height->setVisible(!onScreen);
    refresh();
}

void ExportDialog::refresh()
{
    const QString suffix = QFileInfo(path()).suffix().toLower();
    const ExportOptions o = options();
    m_dpi->setEnabled(suffix == "png" && o.onPaper());
    m_style->setEnabled(suffix != "csv");
    m_csv->setEnabled(suffix != "csv");
    m_csv->setText(
        tr("Also write the chart's numbers to %1")
            .arg(QFileInfo(csvBeside(path().isEmpty() ? "chart.png" : path())).fileName()));
    QString summary;
    if (const QString p = problem(); !p.isEmpty()) {
        summary = p;
    } else if (suffix == "csv") {
        summary = tr("The numbers the chart shows, at full precision.");
    } else {
        const QSizeF units = o.sizeFor(m_onScreen);
        if (!o.onPaper())
            summary = tr("%1 × %2 pixels as on screen")
                          .arg(int(units.width()))
                          .arg(int(units.height()));
        else if (suffix == "png")
            summary = tr("%1 × %2 pixels (%3 × %4 cm at %5 dpi)")
                          .arg(std::lround(units.width() * o.pngScale()))
                          .arg(std::lround(units.height() * o.pngScale()))
                          .arg(o.widthCm, 0, 'f', 1)
                          .arg(o.heightCm, 0, 'f', 1)
                          .arg(o.dpi);
        else
            summary = tr("A vector drawing of %1 × %2 cm")
                          .arg(o.widthCm, 0, 'f', 1)
                          .arg(o.heightCm, 0, 'f', 1);
        summary += tr("; text at %1.").arg(o.paper ? tr("8–9 pt") : tr("the window's size"));
    }
    m_summary->setText(summary);
    m_export->setEnabled(problem().isEmpty());
}

void ExportDialog::browse()
{
    const QString chosen = QFileDialog::getSaveFileName(
        this, windowTitle(), path(),
        tr("PDF document (*.pdf);;SVG drawing (*.svg);;PNG image (*.png);;CSV numbers (*.csv)"),
        nullptr, QFileDialog::DontConfirmOverwrite);
    if (!chosen.isEmpty())
        m_path->setText(chosen);
}

void ExportDialog::accept()
{
    if (!problem().isEmpty())
        return;
    QSettings settings;
    settings.setValue("export/preset", m_preset->currentIndex());
    settings.setValue("export/widthCm", m_width->value());
    settings.setValue("export/heightCm", m_height->value());
    settings.setValue("export/dpi", m_dpi->value());
    settings.setValue("export/paper", m_style->currentData().toBool());
    settings.setValue("export/csv", m_csv->isChecked());
    settings.setValue("export/folder", QFileInfo(path()).absolutePath());
    settings.setValue("export/name", QFileInfo(path()).fileName());
    QDialog::accept();
}

} // namespace ui
