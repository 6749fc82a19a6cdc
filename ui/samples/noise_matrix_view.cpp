#include "ui/samples/noise_matrix_view.h"

#include <QFontMetrics>
#include <QHelpEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include "engine/experiment/quality_assessment.h"
#include "ui/samples/flag_style.h"
#include "ui/samples/sample_table.h"

#include <algorithm>

namespace ui {

NoiseMatrixView::NoiseMatrixView(QWidget *parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

void NoiseMatrixView::setTable(const SampleTable *table)
{
    m_table = table;
    m_classes = 0;
    m_counts.clear();
    m_rowTotals.clear();
    m_given = m_likely = -1;
    if (table) {
        const auto &joint = table->report().quality.labelIssues.joint;
        if (joint.classes > 0 && joint.classes <= kMaxClasses
            && joint.calibrated.size() == size_t(joint.classes * joint.classes)) {
            m_classes = int(joint.classes);
            m_counts = joint.calibrated;
            m_rowTotals.assign(size_t(m_classes), 0);
            for (int g = 0; g < m_classes; ++g)
                for (int j = 0; j < m_classes; ++j)
                    m_rowTotals[size_t(g)] += count(g, j);
        }
    }
    updateGeometry();
    update();
}

void NoiseMatrixView::setCell(int given, int likely)
{
    const bool valid
        = given >= 0 && likely >= 0 && given < m_classes && likely < m_classes && given != likely;
    m_given = valid ? given : -1;
    m_likely = valid ? likely : -1;
    update();
}

int64_t NoiseMatrixView::count(int given, int likely) const
{
    return m_counts[size_t(given * m_classes + likely)];
}

int NoiseMatrixView::cellSide() const
{
    // Wide enough for a count of three digits at 10 classes; smaller with more classes.
    const int digits = fontMetrics().horizontalAdvance(QStringLiteral("000")) + 6;
    const int available = std::max(1, (width() - labelWidth()) / std::max(1, m_classes));
    return std::max(fontMetrics().height(), std::min(digits, available));
}

int NoiseMatrixView::labelWidth() const
{
    return fontMetrics().horizontalAdvance(QString::number(std::max(0, m_classes - 1))) + 8;
}

QRect NoiseMatrixView::cellRect(int given, int likely) const
{
    const int side = cellSide();
    const int top = fontMetrics().height() + 4;
    return QRect(labelWidth() + likely * side, top + given * side, side, side);
}

QPoint NoiseMatrixView::cellAt(const QPoint &pos) const
{
    const QRect first = cellRect(0, 0);
    if (m_classes == 0 || pos.x() < first.left() || pos.y() < first.top())
        return { -1, -1 };
    const int likely = (pos.x() - first.left()) / first.width();
    const int given = (pos.y() - first.top()) / first.height();
    if (given >= m_classes || likely >= m_classes)
        return { -1, -1 };
    return { given, likely };
}

QSize NoiseMatrixView::sizeHint() const
{
    if (m_classes == 0)
        return { 0, 0 };
    const int side = fontMetrics().horizontalAdvance(QStringLiteral("000")) + 6;
    return { labelWidth() + m_classes * side + 2,
             fontMetrics().height() + 4 + m_classes * side + 2 };
}

QSize NoiseMatrixView::minimumSizeHint() const
{
    if (m_classes == 0)
        return { 0, 0 };
    const int side = fontMetrics().height();
    return { labelWidth() + m_classes * side + 2,
             fontMetrics().height() + 4 + m_classes * cellSide() + 2 };
}

void NoiseMatrixView::paintEvent(QPaintEvent *)
{
    if (m_classes == 0)
        return;
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, false);
    const QColor accent = flagColor(QStringLiteral("label_issue"));
    const QColor base = palette().color(QPalette::Base);
    const QColor text = palette().color(QPalette::Text);
    const QColor muted = palette().color(QPalette::PlaceholderText);
    const int side = cellSide();
    // Column numbers on top, row numbers on the left: the class list above names them.
    p.setPen(muted);
    for (int j = 0; j < m_classes; ++j) {
        const QRect r = cellRect(0, j);
        p.drawText(QRect(r.left(), 0, side, fontMetrics().height() + 2), Qt::AlignCenter,
                   QString::number(j));
    }
    for (int g = 0; g < m_classes; ++g) {
        const QRect r = cellRect(g, 0);
        p.drawText(QRect(0, r.top(), labelWidth() - 4, side), Qt::AlignRight | Qt::AlignVCenter,
                   QString::number(g));
    }
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.85);
    p.setFont(small);
    for (int g = 0; g < m_classes; ++g)
        for (int j = 0; j < m_classes; ++j) {
            const QRect r = cellRect(g, j).adjusted(0, 0, -1, -1);
            const int64_t c = count(g, j);
            const double share
                = m_rowTotals[size_t(g)] > 0 ? double(c) / double(m_rowTotals[size_t(g)]) : 0;
            QColor fill = base;
            if (g == j)
                fill = palette().color(QPalette::AlternateBase);
            else if (c > 0) {
                // Shares of a few per cent matter: full colour at 20 % of the row.
                const double t = std::min(1.0, 0.15 + share / 0.2);
                fill = QColor::fromRgbF(base.redF() + (accent.redF() - base.redF()) * t,
                                        base.greenF() + (accent.greenF() - base.greenF()) * t,
                                        base.blueF() + (accent.blueF() - base.blueF()) * t);
            }
            p.fillRect(r, fill);
            p.setPen(palette().color(QPalette::Mid));
            p.drawRect(r);
            if (g != j && c > 0 && side >= fontMetrics().height() + 2) {
                p.setPen(fill.lightnessF() < 0.55 ? Qt::white : text);
                // Thousands as "1.2k" where that fits, else "1k+"; the tooltip has the count.
                QString label = QString::number(c);
                if (c >= 1000) {
                    label = QString::number(double(c) / 1000, 'f', c < 9950 ? 1 : 0) + "k";
                    if (QFontMetrics(small).horizontalAdvance(label) > r.width() - 2)
                        label = QString::number(c / 1000) + "k+";
                }
                p.drawText(r, Qt::AlignCenter, label);
            }
        }
    if (m_given >= 0) {
        p.setPen(QPen(text, 2));
        p.setBrush(Qt::NoBrush);
        p.drawRect(cellRect(m_given, m_likely).adjusted(1, 1, -1, -1));
    }
}

void NoiseMatrixView::mousePressEvent(QMouseEvent *event)
{
    const QPoint cell = cellAt(event->position().toPoint());
    if (cell.x() < 0)
        return;
    const bool same = cell.x() == m_given && cell.y() == m_likely;
    if (same || cell.x() == cell.y())
        setCell(-1, -1);
    else
        setCell(cell.x(), cell.y());
    Q_EMIT cellChosen(m_given, m_likely);
}

bool NoiseMatrixView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip && m_table) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QPoint cell = cellAt(help->pos());
        if (cell.x() < 0) {
            QToolTip::hideText();
            event->ignore();
            return true;
        }
        const int g = cell.x(), j = cell.y();
        const QLocale locale;
        const int64_t c = count(g, j);
        const double share
            = m_rowTotals[size_t(g)] > 0 ? 100.0 * double(c) / double(m_rowTotals[size_t(g)]) : 0;
        QString tip;
        if (g == j)
            tip = tr("Given %1 and likely %1: an estimated %2 samples (%3 % of the class) keep "
                     "their label")
                      .arg(m_table->className(g), locale.toString(qint64(c)),
                           locale.toString(share, 'f', 1));
        else
            tip = tr("Given %1, likely %2: an estimated %3 samples (%4 % of %1).<br>Click to "
                     "show the label issues taken from this cell.")
                      .arg(m_table->className(g), m_table->className(j), locale.toString(qint64(c)),
                           locale.toString(share, 'f', 1));
        QToolTip::showText(help->globalPos(), tip, this, cellRect(g, j));
        return true;
    }
    return QWidget::event(event);
}

} // namespace ui
