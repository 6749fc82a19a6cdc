#pragma once

#include <QWidget>

#include <utility>

class QLabel;
class QListView;
class QPushButton;
class QSlider;
class QToolButton;

namespace ui {

class SampleGridDelegate;
class SampleGridModel;

/// The thumbnail grid with its tool row: the selection count, overlay toggles, the tile-size
/// slider (Ctrl+= / Ctrl+− / Ctrl+0) and the export button. Tile size and overlays persist.
class SampleGridPage : public QWidget
{
    Q_OBJECT

public:
    SampleGridPage(SampleGridModel *model, QWidget *parent = nullptr);
    ~SampleGridPage() override;

    QListView *view() const { return m_view; }
    QLabel *selectionLabel() const { return m_selection; }
    QPushButton *exportButton() const { return m_export; }
    /// Shows or hides the retained-noise chart (the panel connects it).
    QToolButton *noiseToggle() const { return m_showNoise; }
    void setTileSide(int side);
    int tileSide() const;
    /// Kept/pruned marks mean something only once a run is chosen.
    void setRunChosen(bool chosen);
    /// The first and last rows on screen, {−1, −1} when unknown.
    std::pair<int, int> visibleRows() const;

private:
    void zoomBy(int steps);
    void updateOverlays();

    SampleGridModel *m_model;
    SampleGridDelegate *m_delegate;
    QListView *m_view;
    QLabel *m_selection, *m_zoomLabel;
    QSlider *m_zoom;
    QToolButton *m_showLabel, *m_showFlags, *m_showKept, *m_showNoise;
    QPushButton *m_export;
    bool m_runChosen = false;
};

} // namespace ui
