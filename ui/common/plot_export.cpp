#include "ui/common/plot_export.h"

#include <QFile>
#include <QFileInfo>
#include <QPdfWriter>
#include <QSvgGenerator>

#include "engine/core/atomic_file.h"
#include "engine/core/errors.h"
#include "engine/core/output_path.h"
#include "storage/store.h"
#include "ui/common/qcustomplot_include.h"

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

QString exportPlot(QCustomPlot *plot, const QString &path)
{
    const QString suffix = suffixOf(path);
    if (suffix != "png" && suffix != "pdf" && suffix != "svg")
        return unknownSuffix(path);
    const int w = plot->width(), h = plot->height();
    return writeOutputFile(path, [&](const QString &temporary) {
        if (suffix == "png")
            return plot->savePng(temporary, w, h, 2.0);
        if (suffix == "pdf")
            return plot->savePdf(temporary, w, h);
        QSvgGenerator svg;
        svg.setFileName(temporary);
        svg.setSize(QSize(w, h));
        svg.setViewBox(QRect(0, 0, w, h));
        svg.setTitle("Prunescope chart");
        QCPPainter painter;
        if (!painter.begin(&svg))
            return false;
        plot->toPainter(&painter, w, h);
        return painter.end();
    });
}

QString exportWidget(QWidget *widget, const QString &path)
{
    const QString suffix = suffixOf(path);
    if (suffix != "png" && suffix != "pdf" && suffix != "svg")
        return unknownSuffix(path);
    const QSize size = widget->size();
    return writeOutputFile(path, [&](const QString &temporary) {
        if (suffix == "png") {
            QImage image(size * 2, QImage::Format_ARGB32);
            image.setDevicePixelRatio(2.0);
            image.fill(widget->palette().base().color());
            widget->render(&image);
            return image.save(temporary, "PNG");
        }
        if (suffix == "svg") {
            QSvgGenerator svg;
            svg.setFileName(temporary);
            svg.setSize(size);
            svg.setViewBox(QRect(QPoint(0, 0), size));
            QPainter painter;
            if (!painter.begin(&svg))
                return false;
            widget->render(&painter);
            return painter.end();
        }
        QPdfWriter pdf(temporary);
        pdf.setPageSize(QPageSize(QSizeF(size), QPageSize::Point));
        pdf.setPageMargins({});
        pdf.setResolution(72);
        QPainter painter;
        if (!painter.begin(&pdf))
            return false;
        widget->render(&painter);
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

QString exportPlotWithTitle(QCustomPlot *plot, const QString &title, const QString &path)
{
    auto *element = new QCPTextElement(plot, title);
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, element);
    plot->replot();
    const QString error = exportPlot(plot, path);
    plot->plotLayout()->remove(element);
    plot->plotLayout()->simplify();
    plot->replot();
    return error;
}

} // namespace ui
