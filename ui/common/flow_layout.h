#pragma once

#include <QLayout>
#include <QList>

namespace ui {

/// Lays its items out left to right and wraps them onto further lines when the width runs out,
/// so a row of legend entries never forces its window wider than the screen.
class FlowLayout : public QLayout
{
public:
    explicit FlowLayout(QWidget *parent = nullptr, int spacing = 2);
    ~FlowLayout() override;

    void addItem(QLayoutItem *item) override;
    int count() const override { return int(m_items.size()); }
    QLayoutItem *itemAt(int index) const override { return m_items.value(index); }
    QLayoutItem *takeAt(int index) override;
    Qt::Orientations expandingDirections() const override { return {}; }
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override { return arrange(QRect(0, 0, width, 0), false); }
    QSize minimumSize() const override;
    QSize sizeHint() const override { return minimumSize(); }
    void setGeometry(const QRect &rect) override;

private:
    /// Places the items within rect (or only measures); returns the height used.
    int arrange(const QRect &rect, bool place) const;
    QList<QLayoutItem *> m_items;
};

} // namespace ui
