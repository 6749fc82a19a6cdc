#include "ui/samples/pixel_view.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace ui {

PixelView::PixelView(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    setMinimumHeight(96);
}

void PixelView::setImage(const QImage &image)
{
    m_image = image;
    updateGeometry();
    update();
}

int PixelView::heightForWidth(int w) const
{
    if (m_image.isNull())
        return 96;
    return std::clamp(w * m_image.height() / std::max(1, m_image.width()), 96, 360);
}

void PixelView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().window().color().darker(110));
    if (m_image.isNull())
        return;
    double scale = std::min(double(width()) / m_image.width(), double(height()) / m_image.height());
    if (scale >= 1)
        scale = std::floor(scale);
    const QSizeF size(m_image.width() * scale, m_image.height() * scale);
    const QRectF target(QPointF((width() - size.width()) / 2, (height() - size.height()) / 2),
                        size);
    p.setRenderHint(QPainter::SmoothPixmapTransform, scale < 1);
    p.drawImage(target, m_image);
}

} // namespace ui
