#include "ui/samples/flag_threshold_box.h"

#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include "ui/samples/flag_style.h"
#include "ui/samples/sample_table.h"

namespace ui {

FlagThresholdBox::FlagThresholdBox(QWidget *parent)
    : QGroupBox(tr("Flag thresholds"), parent)
{
    setToolTip(tr("A flag is raised when its score reaches the threshold; moving one updates the "
                  "counts, tiles and the retained-noise chart at once"));
    m_rows = new QWidget(this);
    auto *restore = new QPushButton(tr("Restore defaults"), this);
    restore->setToolTip(tr("Every threshold back to the engine's calibrated default"));
    connect(restore, &QPushButton::clicked, this, &FlagThresholdBox::defaultsRequested);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_rows);
    layout->addWidget(restore, 0, Qt::AlignRight);
}

void FlagThresholdBox::setTable(const SampleTable *table)
{
    m_table = table;
    qDeleteAll(m_rows->findChildren<QWidget *>(QString(), Qt::FindDirectChildrenOnly));
    delete m_rows->layout();
    m_editors.clear();
    m_counts.clear();
    if (!table)
        return;
    auto *grid = new QGridLayout(m_rows);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setColumnStretch(1, 1);
    const int badge = fontMetrics().height();
    for (const FlagDef &f : table->flags()) {
        auto *icon = new QLabel(m_rows);
        icon->setPixmap(flagIcon(f.name, badge).pixmap(QSize(badge * 3, badge)));
        auto *title = new QLabel(f.title, m_rows);
        auto *edit = new QDoubleSpinBox(m_rows);
        edit->setRange(0, 1);
        edit->setDecimals(3);
        edit->setSingleStep(0.01);
        edit->setAccelerated(true);
        // Applied when typing ends (Enter, focus leaving) or on a step, never per keystroke:
        // typing 0.99 must not pass through 0 and flag every sample on the way.
        edit->setKeyboardTracking(false);
        auto *count = new QLabel(m_rows);
        count->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        count->setMinimumWidth(QFontMetrics(count->font()).horizontalAdvance("000,000"));
        const QString tip = f.available
            ? tr("%1 (default %2)").arg(f.definition).arg(f.defaultThreshold)
            : tr("Not available: %1").arg(f.unavailableReason);
        for (QWidget *w : std::initializer_list<QWidget *> { icon, title, edit, count }) {
            w->setToolTip(tip);
            // Disabled with the reason rather than hidden, so the list never changes shape.
            w->setEnabled(f.available);
        }
        const int row = grid->rowCount();
        grid->addWidget(icon, row, 0);
        grid->addWidget(title, row, 1);
        grid->addWidget(edit, row, 2);
        grid->addWidget(count, row, 3);
        connect(edit, &QDoubleSpinBox::valueChanged, this,
                [this, id = f.id](double v) { Q_EMIT thresholdChanged(id, v); });
        m_editors.push_back(edit);
        m_counts.push_back(count);
    }
    refresh();
}

void FlagThresholdBox::refresh()
{
    if (!m_table)
        return;
    const QLocale locale;
    for (const FlagDef &f : m_table->flags()) {
        QDoubleSpinBox *edit = m_editors.value(f.id);
        if (!edit)
            continue;
        const QSignalBlocker block(edit);
        edit->setValue(m_table->threshold(f.id));
        m_counts[f.id]->setText(f.available ? locale.toString(m_table->flaggedCount(f.id))
                                            : QString::fromUtf8("—"));
    }
}

} // namespace ui
