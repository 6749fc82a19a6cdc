#pragma once

#include <QDialog>

#include "ui/common/export_options.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace ui {

/// Where and how a chart is exported: the file (its suffix picks PNG, SVG, PDF or CSV), the size
/// on paper with presets for journal columns, the PNG resolution, the window's or a paper style,
/// and the chart's numbers as CSV beside it. The choices are remembered for the next export.
class ExportDialog : public QDialog
{
    Q_OBJECT

public:
    ExportDialog(const QString &title, QSizeF onScreenPixels, QWidget *parent = nullptr);

    QString path() const;
    void setPath(const QString &path);
    ExportOptions options() const;
    /// Why the export cannot start (no file, an unknown suffix), empty when it can.
    QString problem() const;

    void accept() override;

private:
    void presetChosen();
    void refresh();
    void browse();

    QSizeF m_onScreen;
    QLineEdit *m_path;
    QComboBox *m_preset;
    QDoubleSpinBox *m_width;
    QDoubleSpinBox *m_height;
    QSpinBox *m_dpi;
    QComboBox *m_style;
    QCheckBox *m_csv;
    QLabel *m_summary;
    QPushButton *m_export;
};

} // namespace ui
