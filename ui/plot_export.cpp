#include "ui/plot_export.h"

#include <QFile>
#include <QFileInfo>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>

#include "ui/qcustomplot_include.h"

namespace ui {

QString chartExportFilter()
{
    return QObject::tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)");
}

namespace {
QString suffixOf(const QString &path)
{
    return QFileInfo(path).suffix().toLower();
}
QString unknownSuffix(const QString &path)
{
    return QObject::tr("Cannot export to '%1': use a .png, .svg or .pdf file name").arg(path);
}
} // namespace

QString exportPlot(QCustomPlot *plot, const QString &path)
{
    const QString suffix = suffixOf(path);
    const int w = plot->width(), h = plot->height();
    bool ok = false;
    if (suffix == "png") {
        ok = plot->savePng(path, w, h, 2.0);
    } else if (suffix == "pdf") {
        ok = plot->savePdf(path, w, h);
    } else if (suffix == "svg") {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(QSize(w, h));
        svg.setViewBox(QRect(0, 0, w, h));
        svg.setTitle("Prunescope chart");
        QCPPainter painter;
        ok = painter.begin(&svg);
        if (ok) {
            plot->toPainter(&painter, w, h);
            painter.end();
        }
    } else {
        return unknownSuffix(path);
    }
    return ok ? QString() : QObject::tr("Could not write '%1' (is the folder writable?)").arg(path);
}

QString exportWidget(QWidget *widget, const QString &path)
{
    const QString suffix = suffixOf(path);
    const QSize size = widget->size();
    if (suffix == "png") {
        QImage image(size * 2, QImage::Format_ARGB32);
        image.setDevicePixelRatio(2.0);
        image.fill(widget->palette().base().color());
        widget->render(&image);
        return image.save(path) ? QString() : QObject::tr("Could not write '%1'").arg(path);
    }
    if (suffix == "svg") {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        QPainter painter;
        if (!painter.begin(&svg))
            return QObject::tr("Could not write '%1'").arg(path);
        widget->render(&painter);
        return {};
    }
    if (suffix == "pdf") {
        QPdfWriter pdf(path);
        pdf.setPageSize(QPageSize(QSizeF(size), QPageSize::Point));
        pdf.setPageMargins({});
        pdf.setResolution(72);
        QPainter painter;
        if (!painter.begin(&pdf))
            return QObject::tr("Could not write '%1'").arg(path);
        widget->render(&painter);
        return {};
    }
    return unknownSuffix(path);
}

QString writeTextFile(const QString &path, const QString &text)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return QObject::tr("Could not write '%1': %2").arg(path, file.errorString());
    file.write(text.toUtf8());
    return file.commit() ? QString()
                         : QObject::tr("Could not write '%1': %2").arg(path, file.errorString());
}

} // namespace ui
