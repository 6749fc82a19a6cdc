#include "ui/samples/samples_panel.h"

#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include "engine/experiment/quality_assessment.h"
#include "ui/quality/quality_compute_bar.h"
#include "ui/quality/retained_noise_chart.h"
#include "ui/quality/retained_noise_data.h"
#include "ui/samples/flag_threshold_box.h"
#include "ui/samples/sample_detail_pane.h"
#include "ui/samples/sample_filter.h"
#include "ui/samples/sample_filter_panel.h"
#include "ui/samples/sample_grid_model.h"
#include "ui/samples/sample_grid_page.h"
#include "ui/samples/sample_table.h"

#include <algorithm>

namespace ui {

SamplesPanel::SamplesPanel(QWidget *parent)
    : QWidget(parent)
{
    setObjectName("samplesPanel");
    m_model = new SampleGridModel(this);
    m_detail = new SampleDetailPane(nullptr); // the window docks it; owned here until then
    m_detail->setFocusPolicy(Qt::StrongFocus);

    // Message bar: errors stay until dismissed.
    m_errorBar = new QWidget(this);
    m_errorLabel = new QLabel(m_errorBar);
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorLabel->setStyleSheet("color: #c62828;");
    auto *dismiss = new QToolButton(m_errorBar);
    dismiss->setText(QString::fromUtf8("✕"));
    dismiss->setAutoRaise(true);
    dismiss->setToolTip(tr("Dismiss"));
    connect(dismiss, &QToolButton::clicked, m_errorBar, &QWidget::hide);
    auto *errorLayout = new QHBoxLayout(m_errorBar);
    errorLayout->setContentsMargins(6, 2, 2, 2);
    errorLayout->addWidget(new QLabel(QString::fromUtf8("✗"), m_errorBar));
    errorLayout->addWidget(m_errorLabel, 1);
    errorLayout->addWidget(dismiss, 0, Qt::AlignTop);
    m_errorBar->setAutoFillBackground(true);
    m_errorBar->hide();

    // Compute controls: one set, shown in the empty page or in the status row.
    m_computeBar = new QualityComputeBar(this);
    connect(m_computeBar, &QualityComputeBar::started, m_errorBar, &QWidget::hide);
    connect(m_computeBar, &QualityComputeBar::failed, this, &SamplesPanel::showError);
    connect(m_computeBar, &QualityComputeBar::message, this, &SamplesPanel::message);
    connect(m_computeBar, &QualityComputeBar::computed, this, &SamplesPanel::showComputed);

    m_emptyPage = new QWidget(this);
    m_emptyText = new QLabel(
        tr("<p><b>No flags yet.</b></p><p>Compute them for the training data of the spec in the "
           "experiment form (dataset and injected noise): label issues from out-of-sample "
           "probabilities, teacher disagreement and low AUM where the workspace has them, and "
           "image issues (dark, light, blurry, noisy, low information, duplicates).</p>"
           "<p>Then browse every sample, filter by run, class, flag and score, and see how much "
           "noise each pruning method keeps.</p>"),
        m_emptyPage);
    m_emptyText->setWordWrap(true);
    m_emptyText->setAlignment(Qt::AlignCenter);
    // A wrapped label placed by alignment gets its narrow size hint: give it a reading width.
    // Narrow enough to sit beside the form dock and the detail dock on a 1366-pixel screen.
    m_emptyText->setFixedWidth(std::min(420, fontMetrics().averageCharWidth() * 60));
    m_emptyText->setMinimumHeight(m_emptyText->heightForWidth(m_emptyText->width()));
    m_emptyHint = new QLabel(m_emptyPage);
    m_emptyHint->setAlignment(Qt::AlignCenter);
    m_emptyHint->setWordWrap(true);
    m_emptyHint->setFixedWidth(m_emptyText->width());
    auto *emptyLayout = new QVBoxLayout(m_emptyPage);
    emptyLayout->addStretch();
    emptyLayout->addWidget(m_emptyText, 0, Qt::AlignHCenter);
    emptyLayout->addWidget(m_computeBar, 0, Qt::AlignHCenter);
    emptyLayout->addWidget(m_emptyHint, 0, Qt::AlignHCenter);
    emptyLayout->addStretch();

    // Browser: sidebar | grid over the retained-noise chart.
    m_filters = new SampleFilterPanel(this);
    m_thresholds = new FlagThresholdBox(this);
    auto *sidebar = new QWidget(this);
    auto *sideLayout = new QVBoxLayout(sidebar);
    sideLayout->setContentsMargins(4, 4, 4, 4);
    sideLayout->addWidget(m_filters);
    sideLayout->addWidget(m_thresholds);
    sideLayout->addStretch();
    auto *sideScroll = new QScrollArea(this);
    sideScroll->setWidget(sidebar);
    sideScroll->setWidgetResizable(true);
    sideScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    sideScroll->setMinimumWidth(fontMetrics().averageCharWidth() * 30);

    m_gridPage = new SampleGridPage(m_model, this);
    m_grid = m_gridPage->view();
    connect(m_gridPage->exportButton(), &QPushButton::clicked, this, &SamplesPanel::exportCsv);

    m_noise = new RetainedNoiseChart(this);
    m_gridSplit = new QSplitter(Qt::Vertical, this);
    m_gridSplit->addWidget(m_gridPage);
    m_gridSplit->addWidget(m_noise);
    m_gridSplit->setStretchFactor(0, 3);
    m_gridSplit->setStretchFactor(1, 1);
    auto *browserSplit = new QSplitter(Qt::Horizontal, this);
    browserSplit->addWidget(sideScroll);
    browserSplit->addWidget(m_gridSplit);
    browserSplit->setStretchFactor(1, 1);
    browserSplit->setCollapsible(1, false);

    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *browser = new QWidget(this);
    auto *browserLayout = new QVBoxLayout(browser);
    browserLayout->setContentsMargins(0, 0, 0, 0);
    browserLayout->addWidget(browserSplit, 1);
    // The notes on how the flags were made take the full width; under them Ground truth… and
    // the compute controls (a narrow column of wrapped notes squeezed the grid).
    browserLayout->addWidget(m_status);
    m_statusRow = new QHBoxLayout;
    m_truthButton = new QPushButton(tr("Ground truth…"), this);
    m_truthButton->setToolTip(
        tr("Read which samples are wrongly labelled from a file (a CSV with one training-set "
           "index a line, or a 1-D .npy of indices), for data whose noise was not injected "
           "here: the label flags then show their precision and recall"));
    connect(m_truthButton, &QPushButton::clicked, this, &SamplesPanel::chooseTruthFile);
    m_statusRow->addWidget(m_truthButton, 0, Qt::AlignTop);
    m_statusRow->addStretch(1);
    browserLayout->addLayout(m_statusRow);

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_emptyPage);
    m_stack->addWidget(browser);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_errorBar);
    layout->addWidget(m_stack, 1);

    connect(m_filters, &SampleFilterPanel::filterChanged, this, &SamplesPanel::applyFilters);
    connect(m_filters, &SampleFilterPanel::labelOptionsChosen, this,
            &SamplesPanel::chooseLabelIssues);
    connect(m_thresholds, &FlagThresholdBox::thresholdChanged, this, [this](int flag, double v) {
        if (!m_table)
            return;
        m_table->setThreshold(flag, v);
        thresholdsChanged();
    });
    connect(m_thresholds, &FlagThresholdBox::defaultsRequested, this, [this] {
        if (!m_table)
            return;
        m_table->restoreDefaultThresholds();
        thresholdsChanged();
    });
    connect(m_grid->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &SamplesPanel::updateSelectionText);
    connect(m_grid->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid() && m_detail)
                    m_detail->showSample(m_model->sampleAt(current.row()));
            });
    connect(m_model, &QAbstractItemModel::modelReset, this, &SamplesPanel::updateSelectionText);
    connect(m_grid, &QListView::activated, this, [this] {
        Q_EMIT detailRequested();
        if (m_detail)
            m_detail->setFocus();
    });
    m_model->setVisibleRowsSource([this] { return m_gridPage->visibleRows(); });
    connect(m_detail, &SampleDetailPane::stepRequested, this, &SamplesPanel::stepDetail);
    connect(m_detail, &SampleDetailPane::sampleRequested, this, &SamplesPanel::showSample);
    connect(m_detail, &SampleDetailPane::backToGrid, this,
            [this] { m_grid->setFocus(Qt::ShortcutFocusReason); });
    connect(m_detail, &SampleDetailPane::message, this, &SamplesPanel::message);
    connect(m_gridPage->noiseToggle(), &QToolButton::toggled, m_noise, &QWidget::setVisible);
    m_noise->setVisible(m_gridPage->noiseToggle()->isChecked());
    setStorePath(QString());
    updateSelectionText();
}

SamplesPanel::~SamplesPanel()
{
    if (m_detail && !m_detail->parent())
        delete m_detail;
}

void SamplesPanel::setStorePath(const QString &path)
{
    m_computeBar->setStorePath(path);
    m_emptyHint->setText(path.isEmpty() ? tr("Open or create a workspace first (File ▸ Open "
                                             "workspace): the flags read its teacher, scores and "
                                             "runs.")
                                        : QString());
}

void SamplesPanel::setSpecSource(std::function<QString()> source)
{
    m_computeBar->setSpecSource(std::move(source));
}

void SamplesPanel::compute()
{
    m_computeBar->compute();
}

QualityWorker *SamplesPanel::worker() const
{
    return m_computeBar->worker();
}

QPushButton *SamplesPanel::computeButton() const
{
    return m_computeBar->computeButton();
}

void SamplesPanel::showError(const QString &text)
{
    m_errorLabel->setText(text);
    m_errorBar->show();
}

QString SamplesPanel::errorText() const
{
    return m_errorBar->isHidden() ? QString() : m_errorLabel->text();
}

void SamplesPanel::setTable(std::shared_ptr<SampleTable> table, const QString &description)
{
    m_table = std::move(table);
    m_description = description;
    m_model->setTable(m_table);
    if (m_detail)
        m_detail->setTable(m_table);
    m_filters->setTable(m_table.get());
    m_thresholds->setTable(m_table.get());
    if (!m_table) {
        m_stack->setCurrentWidget(m_emptyPage);
        m_computeBar->setCompact(false);
        static_cast<QVBoxLayout *>(m_emptyPage->layout())
            ->insertWidget(2, m_computeBar, 0, Qt::AlignHCenter);
        m_noise->setCurves({});
        return;
    }
    // The compute controls move to the status row, beside the notes on how the flags were made.
    m_statusRow->addWidget(m_computeBar);
    m_computeBar->setCompact(true);
    m_stack->setCurrentWidget(m_stack->widget(1));
    const engine::QualityReport &r = m_table->report();
    QStringList notes;
    if (!description.isEmpty())
        notes << description;
    notes << tr("%1 samples").arg(QLocale().toString(qint64(m_table->size())));
    if (!r.oosNote.empty())
        notes << QString::fromStdString(r.oosNote);
    if (!r.teacherNote.empty())
        notes << QString::fromStdString(r.teacherNote);
    m_status->setText(notes.join(QString::fromUtf8(" · ")));
    m_noise->setCurves(retainedNoiseCurves(*m_table));
    applyFilters();
}

void SamplesPanel::applyFilters()
{
    if (!m_table)
        return;
    const SampleFilter filter = m_filters->filter();
    FilterOutcome outcome = applyFilter(*m_table, filter);
    m_model->setRun(filter.run);
    m_gridPage->setRunChosen(filter.run >= 0);
    if (outcome.order != m_model->order()) {
        // Keep the selection and the current sample across the reset, where they still show.
        QItemSelectionModel *sel = m_grid->selectionModel();
        std::vector<int64_t> selected;
        for (const QItemSelectionRange &range : sel->selection())
            for (int row = range.top(); row <= range.bottom(); ++row)
                selected.push_back(m_model->sampleAt(row));
        const int64_t current = m_model->sampleAt(sel->currentIndex().row());
        m_model->setOrder(std::move(outcome.order));
        std::vector<int> rows;
        for (int64_t s : selected)
            if (const int row = m_model->rowOf(s); row >= 0)
                rows.push_back(row);
        std::sort(rows.begin(), rows.end());
        QItemSelection restored;
        for (size_t k = 0; k < rows.size();) {
            size_t end = k;
            while (end + 1 < rows.size() && rows[end + 1] == rows[end] + 1)
                ++end;
            restored.select(m_model->index(rows[k]), m_model->index(rows[end]));
            k = end + 1;
        }
        if (!restored.isEmpty())
            sel->select(restored, QItemSelectionModel::Select);
        if (const int row = m_model->rowOf(current); row >= 0) {
            sel->setCurrentIndex(m_model->index(row), QItemSelectionModel::NoUpdate);
            m_grid->scrollTo(m_model->index(row));
        }
    }
    m_filters->setCounts(outcome);
    updateSelectionText();
}

void SamplesPanel::thresholdsChanged()
{
    m_thresholds->refresh();
    m_model->flagsChanged();
    applyFilters();
    m_noise->setCurves(retainedNoiseCurves(*m_table));
    if (m_detail)
        m_detail->showSample(m_detail->sample());
}

void SamplesPanel::updateSelectionText()
{
    const QLocale locale;
    int64_t selected = 0;
    for (const QItemSelectionRange &range : m_grid->selectionModel()->selection())
        selected += range.height();
    const int64_t shown = int64_t(m_model->order().size());
    const int64_t total = m_table ? m_table->size() : 0;
    m_gridPage->selectionLabel()->setText(tr("%1 selected · %2 shown of %3")
                                              .arg(locale.toString(qint64(selected)),
                                                   locale.toString(qint64(shown)),
                                                   locale.toString(qint64(total))));
    m_gridPage->exportButton()->setText(
        selected > 0 ? tr("Export %1 selected…").arg(locale.toString(qint64(selected)))
                     : tr("Export %1 shown…").arg(locale.toString(qint64(shown))));
    m_gridPage->exportButton()->setToolTip(
        selected > 0 ? tr("Write the selected samples' labels, flags and scores "
                          "as CSV")
                     : tr("Nothing selected: write every sample the filters show "
                          "as CSV"));
    m_gridPage->exportButton()->setEnabled(m_table && (selected > 0 || shown > 0));
}

void SamplesPanel::stepDetail(int delta)
{
    const int rows = m_model->rowCount();
    if (rows == 0)
        return;
    int row = m_grid->currentIndex().isValid() ? m_grid->currentIndex().row() + delta : 0;
    row = std::clamp(row, 0, rows - 1);
    const QModelIndex index = m_model->index(row);
    m_grid->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    m_grid->scrollTo(index);
}

void SamplesPanel::showSample(qint64 sample)
{
    if (!m_table || sample < 0 || sample >= m_table->size())
        return;
    if (const int row = m_model->rowOf(sample); row >= 0) {
        const QModelIndex index = m_model->index(row);
        m_grid->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
        m_grid->scrollTo(index);
        return;
    }
    // Outside the filters: shown in the detail pane all the same, and said so.
    m_detail->showSample(sample);
    Q_EMIT message(tr("Sample #%1 is not in the grid's current filter").arg(sample));
}

void SamplesPanel::setTileSide(int side)
{
    m_gridPage->setTileSide(side);
}

QLabel *SamplesPanel::selectionLabel() const
{
    return m_gridPage->selectionLabel();
}

QPushButton *SamplesPanel::exportButton() const
{
    return m_gridPage->exportButton();
}

} // namespace ui
