#pragma once

#include <QImage>
#include <QWidget>

namespace ui {

/// The image enlarged with nearest neighbour by the largest whole factor that fits, so every
/// pixel stays a sharp square (shrunk smoothly only when it does not fit at 1:1).
class PixelView : public QWidget
{
public:
    explicit PixelView(QWidget *parent = nullptr);
    void setImage(const QImage &image);
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int w) const override;
    QSize sizeHint() const override { return QSize(240, heightForWidth(240)); }

protected:
    void paintEvent(QPaintEvent *) override;

private:
    QImage m_image;
};

} // namespace ui
