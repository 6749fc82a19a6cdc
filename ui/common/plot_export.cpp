#include "ui/common/plot_export.h"

#include <QFile>
#include <QFileInfo>
#include <QPdfWriter>
#include <QSvgGenerator>

#include "engine/core/atomic_file.h"
#include "engine/core/errors.h"
#include "engine/core/output_path.h"
#include "storage/store.h"
#include "ui/common/plot_style.h"
#include "ui/common/qcustomplot_include.h"

#include <cmath>
#include <vector>

namespace ui {

QString chartExportFilter()
{
    return QObject::tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)");
}

namespace {

std::vector<engine::ProtectedPath> &protectedOutputs()
{
    static std::vector<engine::ProtectedPath> paths;
    return paths;
}

QString suffixOf(const QString &path)
{
    return QFileInfo(path).suffix().toLower();
}
QString unknownSuffix(const QString &path)
{
    return QObject::tr("Cannot export to '%1': use a .png, .svg or .pdf file name").arg(path);
}
} // namespace

void setWorkspaceForExports(const QString &storeFile)
{
    protectedOutputs() = storage::Store::protectedPathsOf(storeFile.toStdString());
}

QString writeOutputFile(const QString &path, const std::function<bool(const QString &)> &write)
{
    try {
        engine::checkOutputPath(path.toStdString(), protectedOutputs(),
                                QObject::tr("Export").toStdString());
        engine::AtomicFile file(path.toStdString());
        if (!write(QString::fromStdString(file.temporaryPath().string())))
            return QObject::tr("Could not write '%1' (is the folder writable? is the disk full?)")
                .arg(path);
        file.commit();
        return {};
    } catch (const engine::OutputError &e) {
        return QString::fromStdString(e.what());
    }
}

QFont exportFont(const QFont &base, double points, const ExportOptions &options)
{
    QFont font = base;
    if (options.paper) {
        font.setFamily("DejaVu Serif");
        font.setStyleHint(QFont::Serif);
    }
    font.setPixelSize(std::max(1, int(std::lround(options.fontUnits(points)))));
    return font;
}

namespace {

double pointsOf(const QFont &font)
{
    return font.pointSizeF() > 0 ? font.pointSizeF() : font.pixelSize() * 72.0 / 96.0;
}

/// Fonts and colours of a plot for one export, put back as they were when it ends. On paper
/// every text is at least 8 pt at the chosen width and the background is white whatever the
/// window's theme; the series keep their colours.
class ExportStyle
{
public:
    ExportStyle(QCustomPlot *plot, const ExportOptions &o)
        : m_plot(plot)
    {
        const auto size = [&](const QFont &f, double paperPoints) {
            return exportFont(f, o.paper ? paperPoints : pointsOf(f), o);
        };
        const QColor oldText = plot->xAxis->labelColor();
        const QColor text = o.paper ? QColor(Qt::black) : oldText;
        for (QCPAxis *axis : plot->axisRect()->axes()) {
            remember(axis, &QCPAxis::labelFont, &QCPAxis::setLabelFont);
            remember(axis, &QCPAxis::tickLabelFont, &QCPAxis::setTickLabelFont);
            axis->setLabelFont(size(axis->labelFont(), 9));
            axis->setTickLabelFont(size(axis->tickLabelFont(), 8));
        }
        for (QCPLayoutElement *element : plot->plotLayout()->elements(true)) {
            if (auto *title = qobject_cast<QCPTextElement *>(element)) {
                remember(title, &QCPTextElement::font, &QCPTextElement::setFont);
                remember(title, &QCPTextElement::textColor, &QCPTextElement::setTextColor);
                title->setFont(size(title->font(), 9));
                title->setTextColor(text);
            } else if (auto *item = qobject_cast<QCPAbstractLegendItem *>(element)) {
                remember(item, &QCPAbstractLegendItem::font, &QCPAbstractLegendItem::setFont);
                remember(item, &QCPAbstractLegendItem::textColor,
                         &QCPAbstractLegendItem::setTextColor);
                item->setFont(size(item->font(), 8));
                item->setTextColor(text);
            } else if (auto *legend = qobject_cast<QCPLegend *>(element)) {
                remember(legend, &QCPLegend::brush, &QCPLegend::setBrush);
                if (o.paper)
                    legend->setBrush(Qt::white);
            }
        }
        for (int i = 0; i < plot->itemCount(); ++i) {
            if (auto *label = qobject_cast<QCPItemText *>(plot->item(i))) {
                remember(label, &QCPItemText::font, &QCPItemText::setFont);
                remember(label, &QCPItemText::color, &QCPItemText::setColor);
                label->setFont(size(label->font(), 8));
                if (label->color() == oldText)
                    label->setColor(text);
            } else if (auto *line = qobject_cast<QCPItemStraightLine *>(plot->item(i))) {
                remember(line, &QCPItemStraightLine::pen, &QCPItemStraightLine::setPen);
                if (line->pen().color() == oldText) {
                    QPen pen = line->pen();
                    pen.setColor(text);
                    line->setPen(pen);
                }
            }
        }
        // Pixels become points (×0.75); the paper style draws lighter still, as journal figures
        // do at column width (1 pt lines, 4 pt markers).
        if (o.onPaper())
            thinLines(plot, o.paper ? 0.5 : 72.0 / 96.0);
        if (o.paper) {
            m_restorePalette = true;
            QPalette light;
            light.setColor(QPalette::Base, Qt::white);
            light.setColor(QPalette::Text, Qt::black);
            light.setColor(QPalette::Mid, QColor(170, 170, 170));
            applyPalette(plot, light);
        }
    }
    ~ExportStyle()
    {
        for (auto it = m_restore.rbegin(); it != m_restore.rend(); ++it)
            (*it)();
        // The charts paint background, axes and grid from the widget's palette: that is what
        // they go back to (QCustomPlot has no getter for its background brush).
        if (m_restorePalette)
            applyPalette(m_plot, m_plot->palette());
    }
    ExportStyle(const ExportStyle &) = delete;
    ExportStyle &operator=(const ExportStyle &) = delete;

private:
    /// On paper one drawing unit is a point, not a pixel: pens, markers and ticks drawn in
    /// pixels for the screen are scaled to the same look in points (a 2 px line prints at 1.5 pt,
    /// as plotting libraries draw by default).
    void thinLines(QCustomPlot *plot, double k)
    {
        const auto thinner = [k](QPen pen) {
            pen.setWidthF(pen.widthF() * k);
            return pen;
        };
        for (int i = 0; i < plot->plottableCount(); ++i) {
            QCPAbstractPlottable *p = plot->plottable(i);
            remember(p, &QCPAbstractPlottable::pen, &QCPAbstractPlottable::setPen);
            p->setPen(thinner(p->pen()));
            if (auto *graph = qobject_cast<QCPGraph *>(p)) {
                remember(graph, &QCPGraph::scatterStyle, &QCPGraph::setScatterStyle);
                QCPScatterStyle scatter = graph->scatterStyle();
                scatter.setSize(scatter.size() * k);
                scatter.setPen(thinner(scatter.pen()));
                graph->setScatterStyle(scatter);
            } else if (auto *bars = qobject_cast<QCPErrorBars *>(p)) {
                remember(bars, &QCPErrorBars::whiskerWidth, &QCPErrorBars::setWhiskerWidth);
                bars->setWhiskerWidth(bars->whiskerWidth() * k);
            }
        }
        for (int i = 0; i < plot->itemCount(); ++i)
            if (auto *line = qobject_cast<QCPItemStraightLine *>(plot->item(i))) {
                remember(line, &QCPItemStraightLine::pen, &QCPItemStraightLine::setPen);
                line->setPen(thinner(line->pen()));
            }
        for (QCPAxis *axis : plot->axisRect()->axes()) {
            remember(axis, &QCPAxis::tickLengthIn, &QCPAxis::setTickLengthIn);
            remember(axis, &QCPAxis::subTickLengthIn, &QCPAxis::setSubTickLengthIn);
            axis->setTickLengthIn(int(std::lround(axis->tickLengthIn() * k)));
            axis->setSubTickLengthIn(int(std::lround(axis->subTickLengthIn() * k)));
        }
    }

    template<class Object, class Value, class Setter>
    void remember(Object *object, Value (Object::*get)() const, Setter set)
    {
        m_restore.push_back([object, set, value = (object->*get)()] { (object->*set)(value); });
    }

    QCustomPlot *m_plot;
    std::vector<std::function<void()>> m_restore;
    bool m_restorePalette = false;
};

} // namespace

QString exportPlot(QCustomPlot *plot, const QString &path, const ExportOptions &options)
{
    const QString suffix = suffixOf(path);
    if (suffix != "png" && suffix != "pdf" && suffix != "svg")
        return unknownSuffix(path);
    const QSizeF size = options.sizeFor(plot->size());
    const int w = int(std::lround(size.width())), h = int(std::lround(size.height()));
    QString error;
    {
        ExportStyle style(plot, options);
        error = writeOutputFile(path, [&](const QString &temporary) {
            if (suffix == "png")
                return plot->savePng(temporary, w, h, options.pngScale(), -1,
                                     options.onPaper() ? options.dpi : 192);
            if (suffix == "pdf")
                return plot->savePdf(temporary, w, h);
            QSvgGenerator svg;
            svg.setFileName(temporary);
            svg.setSize(QSize(w, h));
            svg.setViewBox(QRect(0, 0, w, h));
            if (options.onPaper())
                svg.setResolution(72); // one drawing unit is one point
            svg.setTitle("Prunescope chart");
            QCPPainter painter;
            if (!painter.begin(&svg))
                return false;
            plot->toPainter(&painter, w, h);
            return painter.end();
        });
    }
    plot->replot();
    return error;
}

QString exportWidget(QWidget *widget, const QString &path, const ExportOptions &options, QRect crop)
{
    const QString suffix = suffixOf(path);
    if (suffix != "png" && suffix != "pdf" && suffix != "svg")
        return unknownSuffix(path);
    const QRect area = crop.isEmpty() ? QRect(QPoint(0, 0), widget->size()) : crop;
    const QSize size = area.size();
    const auto draw = [&](QPainter &painter) {
        widget->render(&painter, QPoint(), QRegion(area),
                       QWidget::DrawWindowBackground | QWidget::DrawChildren);
    };
    return writeOutputFile(path, [&](const QString &temporary) {
        if (suffix == "png") {
            const double scale = options.pngScale();
            QImage image((QSizeF(size) * scale).toSize(), QImage::Format_ARGB32);
            image.setDevicePixelRatio(scale);
            const int dotsPerMetre
                = int(std::lround((options.onPaper() ? options.dpi : 192) / 0.0254));
            image.setDotsPerMeterX(dotsPerMetre);
            image.setDotsPerMeterY(dotsPerMetre);
            image.fill(widget->palette().base().color());
            QPainter painter(&image);
            draw(painter);
            painter.end();
            return image.save(temporary, "PNG");
        }
        if (suffix == "svg") {
            QSvgGenerator svg;
            svg.setFileName(temporary);
            svg.setSize(size);
            svg.setViewBox(QRect(QPoint(0, 0), size));
            if (options.onPaper())
                svg.setResolution(72);
            QPainter painter;
            if (!painter.begin(&svg))
                return false;
            draw(painter);
            return painter.end();
        }
        QPdfWriter pdf(temporary);
        pdf.setPageSize(QPageSize(QSizeF(size), QPageSize::Point));
        pdf.setPageMargins({});
        pdf.setResolution(72);
        QPainter painter;
        if (!painter.begin(&pdf))
            return false;
        draw(painter);
        return painter.end();
    });
}

QString writeTextFile(const QString &path, const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    return writeOutputFile(path, [&](const QString &temporary) {
        QFile file(temporary);
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate)
            && file.write(bytes) == bytes.size() && file.flush();
    });
}

QString exportPlotWithTitle(QCustomPlot *plot, const QString &title, const QString &path,
                            const ExportOptions &options)
{
    auto *element = new QCPTextElement(plot, title);
    element->setTextColor(plot->xAxis->labelColor());
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, element);
    const QString error = exportPlot(plot, path, options);
    plot->plotLayout()->remove(element);
    plot->plotLayout()->simplify();
    plot->replot();
    return error;
}

} // namespace ui
