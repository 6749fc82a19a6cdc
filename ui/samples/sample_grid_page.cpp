#include "ui/samples/sample_grid_page.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QSettings>
#include <QSignalBlocker>
#include <QSlider>
#include <QStyleOptionViewItem>
#include <QToolButton>
#include <QVBoxLayout>

#include "ui/common/flow_layout.h"
#include "ui/samples/sample_grid_delegate.h"
#include "ui/samples/sample_grid_model.h"

#include <algorithm>
#include <tuple>

namespace ui {

namespace {
// The smallest step still fits many 28×28 images per row; the largest shows pixels crisply.
const int kTileSides[] = { 24, 28, 32, 40, 48, 64, 80, 96, 128, 160 };
constexpr int kTileSteps = int(std::size(kTileSides));
constexpr int kDefaultStep = 5; // 64 px

QToolButton *toggle(const QString &text, const QString &tip, QWidget *parent)
{
    auto *b = new QToolButton(parent);
    b->setText(text);
    b->setToolTip(tip);
    b->setCheckable(true);
    b->setChecked(true);
    b->setAutoRaise(true);
    return b;
}

int stepOf(int side)
{
    const int *step = std::find(std::begin(kTileSides), std::end(kTileSides), side);
    return step == std::end(kTileSides) ? -1 : int(step - std::begin(kTileSides));
}
} // namespace

SampleGridPage::SampleGridPage(SampleGridModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_delegate(new SampleGridDelegate(this))
{
    m_selection = new QLabel(this);
    // The count may be cut rather than widen the window.
    m_selection->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_showLabel = toggle(tr("Label"), tr("Show the given label on each tile"), this);
    m_showFlags = toggle(tr("Flags"), tr("Show flag badges on each tile"), this);
    m_showKept = toggle(tr("Kept/pruned"), QString(), this);
    m_showNoise = toggle(tr("Retained noise"),
                         tr("Show the chart of how much noise each method keeps"), this);
    m_zoom = new QSlider(Qt::Horizontal, this);
    m_zoom->setRange(0, kTileSteps - 1);
    m_zoom->setPageStep(1);
    m_zoom->setMaximumWidth(160);
    m_zoom->setToolTip(tr("Tile size (Ctrl+= / Ctrl+− / Ctrl+0 in the grid)"));
    m_zoomLabel = new QLabel(this);
    m_zoomLabel->setMinimumWidth(fontMetrics().horizontalAdvance("160 px"));
    m_export = new QPushButton(this);
    // The tools wrap onto a second line rather than widen the window beside the form.
    auto *tools = new QWidget(this);
    auto *flow = new FlowLayout(tools, 4);
    flow->setContentsMargins(0, 0, 0, 0);
    for (QWidget *w : std::initializer_list<QWidget *> {
             m_showLabel, m_showFlags, m_showKept, m_showNoise, m_zoom, m_zoomLabel, m_export })
        flow->addWidget(w);
    m_zoom->setFixedWidth(120);
    auto *bar = new QVBoxLayout;
    bar->setSpacing(2);
    bar->addWidget(m_selection);
    bar->addWidget(tools);

    // Uniform sizes and a batched layout keep 60,000 tiles cheap to lay out and scroll.
    m_view = new QListView(this);
    m_view->setObjectName("sampleGrid");
    m_view->setViewMode(QListView::IconMode);
    m_view->setMovement(QListView::Static);
    m_view->setResizeMode(QListView::Adjust);
    m_view->setWrapping(true);
    m_view->setFlow(QListView::LeftToRight);
    m_view->setUniformItemSizes(true);
    m_view->setLayoutMode(QListView::Batched);
    m_view->setBatchSize(2000);
    m_view->setSpacing(0);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setDragEnabled(false);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setItemDelegate(m_delegate);
    m_view->setModel(m_model);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);

    const std::tuple<QKeySequence, int, QString> zooms[]
        = { { QKeySequence(Qt::CTRL | Qt::Key_Equal), 1, tr("Larger tiles") },
            { QKeySequence(QKeySequence::ZoomIn), 1, tr("Larger tiles") },
            { QKeySequence(QKeySequence::ZoomOut), -1, tr("Smaller tiles") },
            { QKeySequence(Qt::CTRL | Qt::Key_0), 0, tr("Default tile size") } };
    for (const auto &[keys, steps, text] : zooms) {
        auto *zoom = new QAction(text, this); // named in Help ▸ Keyboard shortcuts
        zoom->setShortcut(keys);
        zoom->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(zoom, &QAction::triggered, this, [this, s = steps] { zoomBy(s); });
        addAction(zoom);
    }
    connect(m_zoom, &QSlider::valueChanged, this,
            [this](int step) { setTileSide(kTileSides[std::clamp(step, 0, kTileSteps - 1)]); });
    for (QToolButton *b : { m_showLabel, m_showFlags, m_showKept })
        connect(b, &QToolButton::toggled, this, &SampleGridPage::updateOverlays);

    const QSettings settings;
    m_showLabel->setChecked(settings.value("samples/showLabel", true).toBool());
    m_showFlags->setChecked(settings.value("samples/showFlags", true).toBool());
    m_showKept->setChecked(settings.value("samples/showKept", true).toBool());
    m_showNoise->setChecked(settings.value("samples/showNoise", true).toBool());
    const int step = stepOf(settings.value("samples/tileSide", kTileSides[kDefaultStep]).toInt());
    setTileSide(kTileSides[step < 0 ? kDefaultStep : step]);
    setRunChosen(false);
}

SampleGridPage::~SampleGridPage()
{
    QSettings settings;
    settings.setValue("samples/tileSide", m_delegate->tileSide());
    settings.setValue("samples/showLabel", m_showLabel->isChecked());
    settings.setValue("samples/showFlags", m_showFlags->isChecked());
    settings.setValue("samples/showKept", m_showKept->isChecked());
    settings.setValue("samples/showNoise", m_showNoise->isChecked());
}

int SampleGridPage::tileSide() const
{
    return m_delegate->tileSide();
}

void SampleGridPage::setTileSide(int side)
{
    m_delegate->setTileSide(side);
    m_model->setThumbnailSize(side, m_view->devicePixelRatioF());
    m_zoomLabel->setText(tr("%1 px").arg(side));
    m_view->setGridSize(m_delegate->sizeHint(QStyleOptionViewItem(), QModelIndex()));
    m_view->setIconSize(QSize(side, side));
    if (const int step = stepOf(side); step >= 0 && m_zoom->value() != step) {
        const QSignalBlocker block(m_zoom);
        m_zoom->setValue(step);
    }
    m_view->doItemsLayout();
    if (m_view->currentIndex().isValid())
        m_view->scrollTo(m_view->currentIndex());
}

void SampleGridPage::zoomBy(int steps)
{
    m_zoom->setValue(steps == 0 ? kDefaultStep : m_zoom->value() + steps);
}

void SampleGridPage::setRunChosen(bool chosen)
{
    m_runChosen = chosen;
    // Disabled with the reason rather than hidden.
    m_showKept->setEnabled(chosen);
    m_showKept->setToolTip(chosen ? tr("Mark each tile kept (filled corner) or pruned (open "
                                       "corner) by the chosen run")
                                  : tr("Choose a run in the sidebar to mark kept and pruned "
                                       "samples"));
    updateOverlays();
}

void SampleGridPage::updateOverlays()
{
    SampleGridDelegate::Overlays o;
    o.label = m_showLabel->isChecked();
    o.flags = m_showFlags->isChecked();
    o.kept = m_showKept->isChecked();
    m_delegate->setOverlays(o);
    m_view->viewport()->update();
}

std::pair<int, int> SampleGridPage::visibleRows() const
{
    if (!m_view->isVisible())
        return { -1, -1 };
    const QRect area = m_view->viewport()->rect();
    const QModelIndex first = m_view->indexAt(area.topLeft() + QPoint(2, 2));
    const QModelIndex last = m_view->indexAt(area.bottomRight() - QPoint(2, 2));
    if (!first.isValid())
        return { -1, -1 };
    // The bottom-right corner can fall beside the last tile of a row: then keep every row after.
    return { first.row(), last.isValid() ? last.row() : m_model->rowCount() - 1 };
}

} // namespace ui
