#include <QLabel>
#include <QToolTip>
#include <QVBoxLayout>

#include "engine/core/number_list.h"
#include "ui/common/number_format.h"
#include "ui/common/palette.h"
#include "ui/common/plot_export.h"
#include "ui/common/plot_style.h"
#include "ui/common/qcustomplot_include.h"
#include "ui/common/table_tip.h"
#include "ui/results/accuracy_chart.h"
#include "ui/results/chart_legend.h"
#include "ui/results/export_legend.h"

#include <algorithm>
#include <cmath>
#include <set>

// What the mouse does on the chart (tooltips, selecting a point's runs) and its exports.

namespace ui {

void AccuracyChart::showTooltip(QMouseEvent *event)
{
    if (m_curves.empty())
        return;
    // The measured fraction nearest the cursor, within 24 pixels.
    double best = INFINITY, fraction = NAN;
    for (const Curve &c : m_curves)
        if (visible(c))
            for (const auto &p : c.points) {
                const double px = m_plot->xAxis->coordToPixel(100.0 * p.fraction);
                if (std::fabs(px - event->position().x()) < best) {
                    best = std::fabs(px - event->position().x());
                    fraction = p.fraction;
                }
            }
    if (!(best < 24)) {
        m_tip->hide();
        return;
    }
    // In difference mode the paired 95 % interval of the gain, beside the seeds' std.
    const auto spread = [this](const CurvePoint &d) {
        QString text = QString::fromUtf8("± %1").arg(100.0 * d.accuracy.std, 0, 'f', 2);
        if (m_difference) {
            const auto [low, high] = d.interval();
            text += QString::fromUtf8(" · 95 % CI [%1, %2]")
                        .arg(100.0 * low, 0, 'f', 2)
                        .arg(100.0 * high, 0, 'f', 2);
        }
        return text;
    };
    struct Line
    {
        double value;
        QString html;
    };
    std::vector<Line> lines;
    for (const Curve &c : m_curves) {
        if (!visible(c))
            continue;
        for (const auto &p : c.points) {
            if (p.fraction != fraction)
                continue;
            // In difference mode every figure is a paired per-seed gain, in points.
            const auto d = shown(c, p);
            if (!d)
                continue;
            const double value = 100.0 * d->accuracy.mean;
            QStringList seeds;
            for (size_t i = 0; i < d->seeds.size(); ++i)
                seeds << QString("%1: %2").arg(d->seeds[i]).arg(100.0 * d->values[i], 0, 'f', 2);
            const QColor color = methodColor(QString::fromStdString(c.method));
            const auto cell = [](const QString &text) {
                return text.toHtmlEscaped();
            };
            lines.push_back(
                { value,
                  QString("<tr><td><span style='color:%1'>■</span>&nbsp;%2</td><td>%3</td>"
                          "<td align=right><b>%4</b></td><td align=right>%5</td><td>%6</td>"
                          "<td>%7</td></tr>")
                      .arg(color.name(), cell(c.methodLabel()), cell(c.kdLabel()))
                      .arg(value, 0, 'f', 2)
                      .arg(d->accuracy.n > 1 ? cell(spread(*d)) : QString())
                      .arg(cell(QString("n = %1").arg(d->accuracy.n)))
                      .arg(cell(seeds.join(", "))) });
        }
    }
    std::sort(lines.begin(), lines.end(),
              [](const Line &a, const Line &b) { return a.value > b.value; });
    QString html
        = QString("<b>kept fraction %1 %</b>%2<table cellspacing=4>")
              .arg(formatNumber(100.0 * fraction))
              .arg(m_difference ? tr(" — gain over α = 0, points") : tr(" — test accuracy, %"));
    for (const auto &l : lines)
        html += l.html;
    html += "</table>";
    m_tip->showAt(event->globalPosition().toPoint(), html);
}

void AccuracyChart::handleClick(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return;
    double best = 12; // pixels
    QVector<qint64> runs;
    for (const Curve &c : m_curves) {
        if (!visible(c))
            continue;
        for (const auto &p : c.points) {
            const auto point = shown(c, p);
            if (!point)
                continue;
            const double value = 100.0 * point->accuracy.mean;
            const double dx
                = m_plot->xAxis->coordToPixel(100.0 * p.fraction) - event->position().x();
            const double dy = m_plot->yAxis->coordToPixel(value) - event->position().y();
            const double d = std::hypot(dx, dy);
            if (d < best) {
                best = d;
                runs = QVector<qint64>(p.runIds.begin(), p.runIds.end());
            }
        }
    }
    if (!runs.isEmpty())
        Q_EMIT runsClicked(runs);
}

QString AccuracyChart::csv() const
{
    // What the chart shows: visible curves only, gains in points in difference mode.
    const QString quantity = m_difference ? "gain_points" : "accuracy_pct";
    QString text = QString("method,class_balanced,setting,alpha,tau,teacher,kept_fraction,n,%1_"
                           "mean,%1_std,%1_min,"
                           "%1_max\r\n")
                       .arg(quantity);
    for (const Curve &c : m_curves) {
        if (!visible(c))
            continue;
        for (const auto &raw : c.points) {
            const auto p = shown(c, raw);
            if (!p)
                continue;
            text += QString("%1,%2,%3,%4,%5,%6,%7,%8,%9,%10,%11,%12\r\n")
                        .arg(QString::fromStdString(c.method), c.classBalanced ? "yes" : "no")
                        .arg(c.setting.contains(',')
                                 ? '"' + QString(c.setting).replace('"', "\"\"") + '"'
                                 : c.setting)
                        .arg(formatNumber(raw.alpha),
                             raw.alpha > 0 ? formatNumber(c.tau) : QString(),
                             QString::fromStdString(c.teacher), formatNumber(raw.fraction))
                        .arg(p->accuracy.n)
                        .arg(formatNumber(100.0 * p->accuracy.mean),
                             p->accuracy.n > 1 ? formatNumber(100.0 * p->accuracy.std) : QString(),
                             formatNumber(100.0 * p->min), formatNumber(100.0 * p->max));
        }
    }
    return text;
}

/// Exports what the chart shows with the legend and subtitle the widget draws outside the plot:
/// the legend's shown entries under the plot, no selection rings.
QString AccuracyChart::exportTo(const QString &path, const ExportOptions &options)
{
    const QVector<qint64> selected = m_highlighted;
    m_highlighted.clear();
    rebuild();
    const QFont tick = m_plot->xAxis->tickLabelFont();
    QCPLegend *legend = nullptr;
    if (!m_curves.empty())
        legend
            = addExportLegend(m_plot, m_legend->shownMethods(), m_legend->shownKdSettings(),
                              int(options.sizeFor(m_plot->size()).width()),
                              exportFont(tick, options.paper ? 8.0 : tick.pointSizeF(), options));
    const QString error = exportPlotWithTitle(m_plot, m_subtitle->text(), path, options);
    if (legend)
        removeExportLegend(m_plot, legend);
    m_highlighted = selected;
    rebuild();
    return error;
}

} // namespace ui
