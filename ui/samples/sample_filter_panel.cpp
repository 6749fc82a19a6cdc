#include "ui/samples/sample_filter_panel.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalBlocker>
#include <QToolButton>
#include <QVBoxLayout>

#include "engine/experiment/quality_assessment.h"
#include "ui/samples/flag_style.h"
#include "ui/samples/label_choice_items.h"
#include "ui/samples/noise_matrix_view.h"
#include "ui/samples/sample_table.h"

#include <cmath>

namespace ui {

namespace {
QString counted(const QString &label, int64_t n)
{
    return QString("%1 (%2)").arg(label, QLocale().toString(qint64(n)));
}

void fitListHeight(QListWidget *list, int maxRows)
{
    // Rows with a flag badge are taller than the plain "Any flag" row.
    int row = list->fontMetrics().height() + 4;
    for (int i = 0; i < list->count(); ++i)
        row = std::max(row, list->sizeHintForRow(i));
    const int rows = std::min(std::max(1, list->count()), maxRows);
    list->setFixedHeight(rows * row + 2 * list->frameWidth() + 2);
}
} // namespace

SampleFilterPanel::SampleFilterPanel(QWidget *parent)
    : QWidget(parent)
{
    m_clear = new QPushButton(this);
    m_clear->setToolTip(tr("Clear every filter (run membership, classes, flags, score range)"));
    connect(m_clear, &QPushButton::clicked, this, &SampleFilterPanel::clearFilters);

    auto *runBox = new QGroupBox(tr("Run"), this);
    m_run = new QComboBox(runBox);
    m_run->setToolTip(tr("A finished run on this data: show which samples it kept or pruned"));
    m_run->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_run->setMinimumContentsLength(16);
    m_membershipGroup = new QButtonGroup(this);
    auto *radios = new QHBoxLayout;
    const QString names[] = { tr("All"), tr("Kept"), tr("Pruned") };
    for (int m = 0; m < 3; ++m) {
        m_membership[m] = new QRadioButton(names[m], runBox);
        m_membershipGroup->addButton(m_membership[m], m);
        radios->addWidget(m_membership[m]);
    }
    m_membership[SampleFilter::All]->setChecked(true);
    auto *runLayout = new QVBoxLayout(runBox);
    runLayout->addWidget(m_run);
    runLayout->addLayout(radios);

    auto *classBox = new QGroupBox(tr("Class"), this);
    m_classes = new QListWidget(classBox);
    m_classes->setToolTip(tr("Tick classes to show only them; none ticked shows every class"));
    (new QVBoxLayout(classBox))->addWidget(m_classes);

    auto *flagBox = new QGroupBox(tr("Flag"), this);
    m_flags = new QListWidget(flagBox);
    m_flags->setToolTip(tr("Tick flags to show only samples carrying one of them"));
    (new QVBoxLayout(flagBox))->addWidget(m_flags);

    m_noiseBox = new QGroupBox(tr("Label noise"), this);
    m_noiseBox->setToolTip(tr("Confident learning's estimate from the out-of-sample "
                              "probabilities: rows are given labels, columns likely true classes"));
    m_noise = new NoiseMatrixView(m_noiseBox);
    m_noiseCaption = new QLabel(m_noiseBox);
    m_noiseCaption->setWordWrap(true);
    m_noiseCaption->setForegroundRole(QPalette::PlaceholderText);
    m_labelFilter = new QComboBox(m_noiseBox);
    m_labelRank = new QComboBox(m_noiseBox);
    fillLabelFilters(m_labelFilter);
    fillLabelRankings(m_labelRank);
    m_labelFilter->setToolTip(tr("Which samples the label-issue flag picks from the estimate"));
    m_labelRank->setToolTip(tr("The label-issue score: it orders the grid's label-issue column "
                               "and the lowest-quality pick"));
    for (QComboBox *c : { m_labelFilter, m_labelRank }) {
        c->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        c->setMinimumContentsLength(12);
        connect(c, &QComboBox::activated, this, [this] {
            Q_EMIT labelOptionsChosen(m_labelFilter->currentData().toInt(),
                                      m_labelRank->currentData().toInt());
        });
    }
    auto *choice = new QFormLayout;
    choice->setContentsMargins(0, 0, 0, 0);
    choice->addRow(tr("Pick"), m_labelFilter);
    choice->addRow(tr("Rank by"), m_labelRank);
    auto *noiseLayout = new QVBoxLayout(m_noiseBox);
    noiseLayout->addWidget(m_noise);
    noiseLayout->addWidget(m_noiseCaption);
    noiseLayout->addLayout(choice);

    m_range = new QGroupBox(tr("Score range"), this);
    m_range->setCheckable(true);
    m_range->setChecked(false);
    m_range->setToolTip(tr("Show only samples whose score in the chosen column lies in the "
                           "range (samples without that score are left out)"));
    m_rangeColumn = new QComboBox(m_range);
    m_rangeColumn->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_rangeColumn->setMinimumContentsLength(12);
    m_rangeMin = new QDoubleSpinBox(m_range);
    m_rangeMax = new QDoubleSpinBox(m_range);
    for (QDoubleSpinBox *s : { m_rangeMin, m_rangeMax }) {
        s->setDecimals(3);
        s->setRange(-1e9, 1e9);
        s->setSingleStep(0.01);
        s->setAccelerated(true);
    }
    m_rangeCount = new QLabel(m_range);
    auto *bounds = new QHBoxLayout;
    bounds->addWidget(m_rangeMin);
    bounds->addWidget(new QLabel(QString::fromUtf8("–"), m_range));
    bounds->addWidget(m_rangeMax);
    auto *rangeLayout = new QVBoxLayout(m_range);
    rangeLayout->addWidget(m_rangeColumn);
    rangeLayout->addLayout(bounds);
    rangeLayout->addWidget(m_rangeCount);

    m_sort = new QComboBox(this);
    m_sort->setToolTip(tr("Order of the grid: by index, or by a score column"));
    m_sort->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_sort->setMinimumContentsLength(12);
    m_direction = new QToolButton(this);
    m_direction->setCheckable(true);
    m_direction->setText(QString::fromUtf8("↑"));
    m_direction->setToolTip(tr("Ascending (↑) or descending (↓)"));
    connect(m_direction, &QToolButton::toggled, this,
            [this](bool down) { m_direction->setText(QString::fromUtf8(down ? "↓" : "↑")); });
    auto *sortRow = new QHBoxLayout;
    sortRow->addWidget(new QLabel(tr("Sort"), this));
    sortRow->addWidget(m_sort, 1);
    sortRow->addWidget(m_direction);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_clear);
    layout->addWidget(runBox);
    layout->addWidget(classBox);
    layout->addWidget(flagBox);
    layout->addWidget(m_noiseBox);
    layout->addWidget(m_range);
    layout->addLayout(sortRow);

    connect(m_run, &QComboBox::currentIndexChanged, this, &SampleFilterPanel::changed);
    connect(m_membershipGroup, &QButtonGroup::idToggled, this, [this](int, bool on) {
        if (on)
            changed();
    });
    connect(m_classes, &QListWidget::itemChanged, this, &SampleFilterPanel::changed);
    connect(m_flags, &QListWidget::itemChanged, this, &SampleFilterPanel::changed);
    connect(m_range, &QGroupBox::toggled, this, &SampleFilterPanel::changed);
    connect(m_noise, &NoiseMatrixView::cellChosen, this, &SampleFilterPanel::changed);
    connect(m_rangeColumn, &QComboBox::currentIndexChanged, this, [this] {
        fitRangeToColumn();
        changed();
    });
    connect(m_rangeMin, &QDoubleSpinBox::valueChanged, this, &SampleFilterPanel::changed);
    connect(m_rangeMax, &QDoubleSpinBox::valueChanged, this, &SampleFilterPanel::changed);
    connect(m_sort, &QComboBox::currentIndexChanged, this, &SampleFilterPanel::changed);
    connect(m_direction, &QToolButton::toggled, this, &SampleFilterPanel::changed);
    setTable(nullptr);
}

void SampleFilterPanel::setTable(const SampleTable *table)
{
    m_filling = true;
    m_table = table;
    m_run->clear();
    m_classes->clear();
    m_flags->clear();
    m_rangeColumn->clear();
    m_sort->clear();
    m_run->addItem(tr("All samples"), -1);
    m_sort->addItem(tr("Index"), -1);
    if (table) {
        const QLocale locale;
        for (int r = 0; r < table->runCount(); ++r)
            m_run->addItem(tr("%1 (%2 kept)")
                               .arg(table->runName(r))
                               .arg(locale.toString(qint64(table->run(r).kept.size()))),
                           r);
        for (int c = 0; c < table->numClasses(); ++c) {
            auto *item = new QListWidgetItem(table->className(c), m_classes);
            item->setData(Qt::UserRole, c);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(Qt::Unchecked);
        }
        auto *any = new QListWidgetItem(tr("Any flag"), m_flags);
        any->setData(Qt::UserRole, -1);
        any->setFlags(any->flags() | Qt::ItemIsUserCheckable);
        any->setCheckState(Qt::Unchecked);
        const int badge = fontMetrics().height() - 2;
        m_flags->setIconSize(QSize(badge * 3, badge));
        for (const FlagDef &f : table->flags()) {
            auto *item = new QListWidgetItem(flagIcon(f.name, badge), f.title, m_flags);
            item->setData(Qt::UserRole, f.id);
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(Qt::Unchecked);
            item->setToolTip(f.available ? f.definition
                                         : tr("Not available: %1").arg(f.unavailableReason));
            if (!f.available)
                item->setFlags(item->flags() & ~Qt::ItemIsEnabled);
        }
        for (size_t c = 0; c < table->columns().size(); ++c) {
            const ScoreColumn &col = table->columns()[c];
            m_rangeColumn->addItem(col.title, int(c));
            m_sort->addItem(col.title, int(c));
        }
    }
    fitListHeight(m_classes, 12);
    fitListHeight(m_flags, 12);
    m_noise->setTable(table);
    m_noiseBox->setVisible(m_noise->hasMatrix());
    if (table) {
        // activated() fires for the user's choices only, so this does not echo back.
        const auto &options = table->report().quality.labelIssues.options;
        m_labelFilter->setCurrentIndex(m_labelFilter->findData(int(options.filter)));
        m_labelRank->setCurrentIndex(m_labelRank->findData(int(options.ranking)));
    }
    m_membership[SampleFilter::All]->setChecked(true);
    m_range->setChecked(false);
    m_range->setEnabled(m_rangeColumn->count() > 0);
    fitRangeToColumn();
    m_direction->setChecked(false);
    m_filling = false;
    changed();
}

void SampleFilterPanel::fitRangeToColumn()
{
    const int c
        = m_rangeColumn->currentData().isValid() ? m_rangeColumn->currentData().toInt() : -1;
    if (!m_table || c < 0)
        return;
    float lo = INFINITY, hi = -INFINITY;
    for (float v : m_table->columns()[size_t(c)].values)
        if (!std::isnan(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    if (lo > hi)
        lo = hi = 0;
    const QSignalBlocker b1(m_rangeMin), b2(m_rangeMax);
    // Rounded outwards to the shown decimals, so the full range really contains every value.
    m_rangeMin->setValue(std::floor(double(lo) * 1000) / 1000);
    m_rangeMax->setValue(std::ceil(double(hi) * 1000) / 1000);
}

SampleFilter SampleFilterPanel::filter() const
{
    SampleFilter f;
    f.run = m_run->currentData().isValid() ? m_run->currentData().toInt() : -1;
    f.membership = SampleFilter::Membership(std::max(0, m_membershipGroup->checkedId()));
    for (int i = 0; i < m_classes->count(); ++i)
        if (m_classes->item(i)->checkState() == Qt::Checked)
            f.classes.insert(m_classes->item(i)->data(Qt::UserRole).toInt());
    for (int i = 0; i < m_flags->count(); ++i)
        if (m_flags->item(i)->checkState() == Qt::Checked) {
            const int id = m_flags->item(i)->data(Qt::UserRole).toInt();
            if (id < 0)
                f.anyFlag = true;
            else
                f.flags.insert(id);
        }
    if (m_range->isChecked() && m_rangeColumn->currentIndex() >= 0) {
        f.scoreColumn = m_rangeColumn->currentData().toInt();
        f.scoreMin = m_rangeMin->value();
        f.scoreMax = m_rangeMax->value();
    }
    f.cellGiven = m_noise->given();
    f.cellLikely = m_noise->likely();
    f.sortColumn = m_sort->currentData().isValid() ? m_sort->currentData().toInt() : -1;
    f.descending = m_direction->isChecked();
    return f;
}

void SampleFilterPanel::setCounts(const FilterOutcome &o)
{
    const SampleFilter f = filter();
    const bool runChosen = f.run >= 0;
    {
        const QSignalBlocker block(m_membershipGroup);
        m_membership[SampleFilter::All]->setText(counted(tr("All"), o.all));
        m_membership[SampleFilter::Kept]->setText(runChosen ? counted(tr("Kept"), o.kept)
                                                            : tr("Kept"));
        m_membership[SampleFilter::Pruned]->setText(runChosen ? counted(tr("Pruned"), o.pruned)
                                                              : tr("Pruned"));
        for (QRadioButton *b : m_membership) {
            // Disabled with the reason: kept and pruned mean something only for a chosen run.
            b->setEnabled(runChosen);
            b->setToolTip(runChosen ? QString() : tr("Choose a run above first"));
        }
    }
    if (m_table) {
        const QSignalBlocker b1(m_classes), b2(m_flags);
        for (int i = 0; i < m_classes->count(); ++i) {
            const int c = m_classes->item(i)->data(Qt::UserRole).toInt();
            m_classes->item(i)->setText(counted(m_table->className(c), o.classCounts[size_t(c)]));
        }
        for (int i = 0; i < m_flags->count(); ++i) {
            const int id = m_flags->item(i)->data(Qt::UserRole).toInt();
            if (id < 0)
                m_flags->item(i)->setText(counted(tr("Any flag"), o.anyFlag));
            else if (m_table->flags()[size_t(id)].available) {
                QString text
                    = counted(m_table->flags()[size_t(id)].title, o.flagCounts[size_t(id)]);
                // With ground truth, each label flag says how right it is.
                if (m_table->hasTruth() && (m_table->labelFlagMask() >> id & 1u)) {
                    const auto [precision, recall] = m_table->precisionRecall(id);
                    if (std::isfinite(precision) && std::isfinite(recall))
                        text += tr(" · P %1 · R %2")
                                    .arg(precision, 0, 'f', 3)
                                    .arg(recall, 0, 'f', 3);
                }
                m_flags->item(i)->setText(text);
                m_flags->item(i)->setToolTip(
                    m_table->hasTruth()
                        ? tr("P: precision, the share of its raised samples that are wrongly "
                             "labelled; R: recall, the share of the wrongly labelled samples it "
                             "raises (truth: %1)")
                              .arg(m_table->truthSource().isEmpty() ? tr("the injected noise")
                                                                    : m_table->truthSource())
                        : QString());
            }
        }
    }
    m_rangeCount->setText(f.scoreColumn >= 0
                              ? tr("%1 in range").arg(QLocale().toString(qint64(o.inRange)))
                              : tr("Tick the box to filter by this score"));
    if (m_noise->hasMatrix()) {
        const QLocale locale;
        if (f.cellGiven >= 0) {
            int64_t taken = 0; // whatever the other filters: what the flag took from the cell
            for (int64_t i = 0; i < m_table->size(); ++i)
                taken += m_table->labelIssueFromCell(i, f.cellGiven, f.cellLikely);
            m_noiseCaption->setText(
                tr("Given %1, likely %2: the label-issue flag takes %3 of the %4 estimated. "
                   "Click the cell again to show all.")
                    .arg(m_table->className(f.cellGiven), m_table->className(f.cellLikely),
                         locale.toString(qint64(taken)),
                         locale.toString(qint64(m_noise->count(f.cellGiven, f.cellLikely)))));
        } else {
            const auto &q = m_table->report().quality;
            m_noiseCaption->setText(
                tr("An estimated %1 wrong labels; the label-issue flag picks %2. Click a cell to "
                   "show its samples.")
                    .arg(locale.toString(qint64(q.labelIssues.joint.estimatedErrors())),
                         locale.toString(qint64(q.estimatedLabelErrors))));
        }
    }
    const int active = f.activeCount();
    m_clear->setText(active == 0       ? tr("No filters")
                         : active == 1 ? tr("1 filter · Clear")
                                       : tr("%1 filters · Clear").arg(active));
    m_clear->setEnabled(active > 0);
}

void SampleFilterPanel::clearFilters()
{
    m_filling = true;
    m_membership[SampleFilter::All]->setChecked(true);
    for (QListWidget *list : { m_classes, m_flags })
        for (int i = 0; i < list->count(); ++i)
            list->item(i)->setCheckState(Qt::Unchecked);
    m_range->setChecked(false);
    m_noise->setCell(-1, -1);
    m_filling = false;
    changed();
}

void SampleFilterPanel::changed()
{
    if (!m_filling)
        Q_EMIT filterChanged();
}

} // namespace ui
