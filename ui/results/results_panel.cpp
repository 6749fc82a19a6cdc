#include "ui/results/results_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "engine/core/number_list.h"
#include "ui/common/combo_refill.h"
#include "ui/common/flow_layout.h"
#include "ui/common/number_format.h"
#include "ui/common/plot_export.h"
#include "ui/common/qcustomplot_include.h"
#include "ui/results/accuracy_chart.h"
#include "ui/results/compute_chart.h"
#include "ui/results/heat_map_widget.h"

#include <set>

namespace ui {

ResultsPanel::ResultsPanel(QWidget *parent)
    : QWidget(parent)
{
    auto makeCombo = [this](const QString &tip) {
        auto *c = new QComboBox(this);
        c->setToolTip(tip);
        c->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        c->setMinimumContentsLength(12);
        return c;
    };
    m_dataset = makeCombo(tr("Dataset whose results every view shows"));
    m_student = makeCombo(tr("Student architecture whose results every view shows"));
    m_method = makeCombo(tr("The method (and its setting) the accuracy and compute charts and the "
                            "Table show, and whose α the heat map and the teacher chart compare "
                            "(the first, under “all methods”)"));
    m_teacher = makeCombo(tr("Teacher of the heat map's α > 0 cells"));
    m_band = makeCombo(tr("What the band around each mean shows"));
    for (Band b : { Band::Std, Band::StandardError, Band::Ci95, Band::MinMax, Band::None })
        m_band->addItem(bandName(b), int(b));
    m_logX = new QCheckBox(tr("log f"), this);
    m_logX->setToolTip(tr("Logarithmic kept-fraction axis"));
    m_difference = new QCheckBox(tr("difference to α = 0"), this);
    m_difference->setToolTip(
        tr("Plot each KD curve's gain over the α = 0 curve of the same method, in points"));
    auto *exportButton = new QPushButton(tr("Export…"), this);
    exportButton->setToolTip(
        tr("Export this view: PNG, SVG or PDF for charts, CSV or LaTeX for numbers (Ctrl+E)"));

    // Filters that drive every view on the first row; the charts' view options on the second.
    // Both rows wrap (each label stays with its box) rather than widen the window past a small
    // or 2×-scaled screen.
    const auto labelled = [this](const QString &label, QWidget *widget) {
        auto *pair = new QWidget(this);
        auto *row = new QHBoxLayout(pair);
        row->setContentsMargins(0, 0, 6, 0);
        row->addWidget(new QLabel(label, pair));
        row->addWidget(widget);
        return pair;
    };
    auto *filters = new FlowLayout(nullptr, 4);
    for (auto [label, widget] :
         std::initializer_list<std::pair<QString, QWidget *>> { { tr("Dataset"), m_dataset },
                                                                { tr("Student"), m_student },
                                                                { tr("Method"), m_method },
                                                                { tr("Teacher"), m_teacher } })
        filters->addWidget(labelled(label, widget));
    filters->addWidget(exportButton);
    auto *options = new FlowLayout(nullptr, 4);
    options->addWidget(labelled(tr("Band"), m_band));
    options->addWidget(m_logX);
    options->addWidget(m_difference);

    m_accuracy = new AccuracyChart(this);

    auto *heatPage = new QWidget(this);
    m_heatMap = new HeatMapWidget(heatPage);
    m_heatMode = makeCombo(
        tr("Colour the cells by mean accuracy, or by the gain over α = 0 at the same fraction"));
    m_heatMode->addItem(tr("accuracy"), 0);
    m_heatMode->addItem(tr("gain over α = 0"), 1);
    m_fitLabel = new QLabel(heatPage);
    // The fit's formula is long: it wraps rather than widening the panel (and narrowing the form
    // dock) whenever this tab is shown.
    m_fitLabel->setWordWrap(true);
    m_fitLabel->setMinimumWidth(fontMetrics().averageCharWidth() * 20);
    m_useSchedule = new QPushButton(tr("Use as α(f) schedule"), heatPage);
    m_useSchedule->setObjectName("results.useSchedule");
    m_useSchedule->setToolTip(
        tr("Copy the fitted α(f) into the experiment form's α(f) schedule for the next sweep"));
    auto *heatTop = new QHBoxLayout;
    heatTop->addWidget(new QLabel(tr("Colour"), heatPage));
    heatTop->addWidget(m_heatMode);
    heatTop->addWidget(m_fitLabel, 1);
    heatTop->addWidget(m_useSchedule);
    auto *heatScroll = new QScrollArea(heatPage);
    heatScroll->setWidget(m_heatMap);
    heatScroll->setWidgetResizable(true);
    heatScroll->setFrameShape(QFrame::NoFrame);
    auto *heatLayout = new QVBoxLayout(heatPage);
    heatLayout->setContentsMargins(0, 0, 0, 0);
    heatLayout->addLayout(heatTop);
    heatLayout->addWidget(heatScroll, 1);
    // Ctrl+= / Ctrl++ zoom in, Ctrl+− out, Ctrl+0 resets.
    const std::pair<QKeySequence, int> zooms[] = { { QKeySequence(Qt::CTRL | Qt::Key_Equal), 1 },
                                                   { QKeySequence(QKeySequence::ZoomIn), 1 },
                                                   { QKeySequence(QKeySequence::ZoomOut), -1 },
                                                   { QKeySequence(Qt::CTRL | Qt::Key_0), 0 } };
    for (const auto &[keys, steps] : zooms) {
        auto *zoom = new QAction(heatPage);
        zoom->setShortcut(keys);
        zoom->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(zoom, &QAction::triggered, this, [this, s = steps] { m_heatMap->zoom(s); });
        heatPage->addAction(zoom);
    }

    auto *teacherPage = new QWidget(this);
    m_teacherAlpha = makeCombo(tr("KD weight α of the compared teachers"));
    m_teacherChart = new AccuracyChart(teacherPage);
    auto *teacherTop = new QHBoxLayout;
    teacherTop->addWidget(new QLabel(tr("α"), teacherPage));
    teacherTop->addWidget(m_teacherAlpha);
    auto *teacherNote = new QLabel(tr("— each curve is one teacher architecture; the α = 0 "
                                      "curve trains without a teacher"),
                                   teacherPage);
    teacherNote->setWordWrap(true); // its width must not set the window's
    teacherTop->addWidget(teacherNote, 1);
    auto *teacherLayout = new QVBoxLayout(teacherPage);
    teacherLayout->setContentsMargins(0, 0, 0, 0);
    teacherLayout->addLayout(teacherTop);
    teacherLayout->addWidget(m_teacherChart, 1);

    m_curves = new TrainingCurvesChart(this);
    m_compute = new ComputeChart(this);

    m_tableModel = new QStandardItemModel(this);
    auto *proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_tableModel);
    proxy->setSortRole(Qt::UserRole);
    m_table = new QTableView(this);
    m_table->setModel(proxy);
    m_table->setSortingEnabled(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->setAlternatingRowColors(true);

    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_accuracy, tr("Accuracy vs kept fraction"));
    m_tabs->addTab(heatPage, tr("α × f heat map"));
    m_tabs->addTab(teacherPage, tr("Teacher capacity"));
    m_tabs->addTab(m_curves, tr("Training curves"));
    m_tabs->addTab(m_compute, tr("Accuracy vs compute"));
    auto *tablePage = new QWidget(this);
    m_tableMode = makeCombo(tr("The groups of runs (mean ± std over seeds), or every comparison of "
                               "two groups that differ only in α, method or teacher, paired by "
                               "seed"));
    m_tableMode->setObjectName("results.tableMode");
    m_tableMode->addItem(tr("groups: mean ± std over seeds"), 0);
    m_tableMode->addItem(tr("paired comparisons: A − B per seed, 95 % CI"), 1);
    auto *tableTop = new QHBoxLayout;
    tableTop->addWidget(new QLabel(tr("Show"), tablePage));
    tableTop->addWidget(m_tableMode);
    tableTop->addStretch();
    auto *tableLayout = new QVBoxLayout(tablePage);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addLayout(tableTop);
    tableLayout->addWidget(m_table, 1);
    m_tabs->addTab(tablePage, tr("Table"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    // The filters and view options act on the run results; tabs added after the table (the
    // sample browser) have their own controls, so the bar steps aside for them.
    auto *controls = new QWidget(this);
    auto *controlsLayout = new QVBoxLayout(controls);
    controlsLayout->setContentsMargins(0, 0, 0, 0);
    controlsLayout->addLayout(filters);
    controlsLayout->addLayout(options);
    layout->addWidget(controls);
    layout->addWidget(m_tabs, 1);
    connect(m_tabs, &QTabWidget::currentChanged, controls,
            [controls](int index) { controls->setVisible(index <= int(TableTab)); });

    for (QComboBox *c : { m_dataset, m_student })
        connect(c, &QComboBox::currentIndexChanged, this, [this] {
            if (!m_updating) {
                refreshFilters();
                refreshViews();
            }
        });
    for (QComboBox *c : { m_method, m_teacher, m_teacherAlpha })
        connect(c, &QComboBox::currentIndexChanged, this, [this] {
            if (!m_updating)
                refreshViews();
        });
    connect(m_band, &QComboBox::currentIndexChanged, this, [this] {
        m_accuracy->setBand(Band(m_band->currentData().toInt()));
        m_teacherChart->setBand(Band(m_band->currentData().toInt()));
    });
    connect(m_logX, &QCheckBox::toggled, this, [this](bool on) {
        m_accuracy->setLogX(on);
        m_teacherChart->setLogX(on);
    });
    connect(m_difference, &QCheckBox::toggled, m_accuracy, &AccuracyChart::setDifferenceToNoKd);
    connect(m_tableMode, &QComboBox::currentIndexChanged, this, [this] {
        if (m_tableMode->currentData().toInt() == 1)
            fillComparisonTable(m_comparisonGroups);
        else
            fillTable(m_groups);
    });
    connect(m_heatMode, &QComboBox::currentIndexChanged, this, [this] {
        m_heatMap->setMode(m_heatMode->currentData().toInt() == 0 ? HeatMapWidget::Mode::Accuracy
                                                                  : HeatMapWidget::Mode::Gain);
    });
    connect(exportButton, &QPushButton::clicked, this, &ResultsPanel::exportCurrent);
    connect(m_accuracy, &AccuracyChart::runsClicked, this, &ResultsPanel::runsSelected);
    connect(m_teacherChart, &AccuracyChart::runsClicked, this, &ResultsPanel::runsSelected);
    connect(m_compute, &ComputeChart::runsClicked, this, &ResultsPanel::runsSelected);
    connect(m_heatMap, &HeatMapWidget::cellClicked, this, &ResultsPanel::runsSelected);
    connect(m_useSchedule, &QPushButton::clicked, this,
            [this] { Q_EMIT scheduleRequested(scheduleFromFit(m_fit, m_heatData.fractions)); });
    // View options come back as they were left.
    QSettings settings;
    m_band->setCurrentIndex(
        std::max(0, m_band->findData(settings.value("charts/band", int(Band::Std)).toInt())));
    m_logX->setChecked(settings.value("charts/logX", false).toBool());
    m_difference->setChecked(settings.value("charts/difference", false).toBool());
    m_heatMode->setCurrentIndex(settings.value("charts/heatMode", 0).toInt() == 1 ? 1 : 0);
    auto save = [this] {
        QSettings settings;
        settings.setValue("charts/band", m_band->currentData().toInt());
        settings.setValue("charts/logX", m_logX->isChecked());
        settings.setValue("charts/difference", m_difference->isChecked());
        settings.setValue("charts/heatMode", m_heatMode->currentData().toInt());
    };
    connect(m_band, &QComboBox::currentIndexChanged, this, save);
    connect(m_heatMode, &QComboBox::currentIndexChanged, this, save);
    connect(m_logX, &QCheckBox::toggled, this, save);
    connect(m_difference, &QCheckBox::toggled, this, save);
    refreshFilters();
    refreshViews();
}

void ResultsPanel::setMetricsSource(TrainingCurvesChart::MetricsSource source)
{
    m_curves->setSource(std::move(source));
}

void ResultsPanel::setCostSource(CostSource source)
{
    m_costSource = std::move(source);
    refreshViews();
}

void ResultsPanel::setCurrentTab(Tab tab)
{
    m_tabs->setCurrentIndex(int(tab));
}

void ResultsPanel::setRuns(const RunRows &runs)
{
    m_runs = runs;
    refreshFilters();
    refreshViews();
}

void ResultsPanel::setTeachers(const std::vector<storage::TeacherRow> &teachers)
{
    m_teachers = teachers;
    refreshViews();
}

void ResultsPanel::showSelection(const QVector<qint64> &runIds)
{
    m_selection = runIds;
    m_accuracy->highlightRuns(runIds);
    m_heatMap->highlightRuns(runIds);
    // Training curves read each run's metrics from the store: the first 24 selected runs.
    RunRows selected;
    for (const auto &r : m_runs)
        if (runIds.contains(r.id) && selected.size() < 24)
            selected.push_back(r);
    m_curves->showRuns(selected);
}

void ResultsPanel::refreshFilters()
{
    m_updating = true;
    QStringList datasets, students, methods, teachers;
    for (const auto &r : m_runs)
        if (r.status == storage::RunStatus::Done
            && !datasets.contains(QString::fromStdString(r.dataset)))
            datasets << QString::fromStdString(r.dataset);
    refillCombo(m_dataset, datasets);
    for (const auto &r : m_runs)
        if (r.status == storage::RunStatus::Done
            && QString::fromStdString(r.dataset) == m_dataset->currentData().toString()
            && !students.contains(QString::fromStdString(r.studentModel)))
            students << QString::fromStdString(r.studentModel);
    refillCombo(m_student, students);
    const auto runs = filteredRuns();
    for (const auto &r : runs)
        if (!r.teacherModel.empty() && !teachers.contains(QString::fromStdString(r.teacherModel)))
            teachers << QString::fromStdString(r.teacherModel);
    // One entry per setting the heat map can compare α in: method, selection, recipe.
    // A single setting offered no choice: when more appear, the view shows them all.
    const QString current = m_method->count() > 1 ? m_method->currentData().toString() : QString();
    m_method->blockSignals(true);
    m_method->clear();
    // Settings of one method are named by what differs between them (steps, recipe, ...), so a
    // name stays the same when runs of another recipe are added.
    struct Setting
    {
        QString key, label;
        std::string config;
    };
    std::vector<Setting> settings;
    for (const auto &c : accuracyCurves(storage::summariseGroups(runs))) {
        const QString key = QString::fromStdString(c.baseKey);
        if (std::none_of(settings.begin(), settings.end(),
                         [&](const Setting &s) { return s.key == key; }))
            settings.push_back({ key, c.methodLabel(), c.configJson });
    }
    for (size_t i = 0; i < settings.size(); ++i) {
        std::vector<std::string> configs;
        size_t mine = 0;
        for (size_t j = 0; j < settings.size(); ++j)
            if (settings[j].label == settings[i].label) {
                if (j == i)
                    mine = configs.size();
                configs.push_back(settings[j].config);
            }
        QString label = settings[i].label;
        if (configs.size() > 1) {
            const QString difference = differenceLabels(configs, false)[mine];
            label += " · " + (difference.isEmpty() ? tr("setting %1").arg(mine + 1) : difference);
        }
        m_method->addItem(label, settings[i].key);
    }
    if (m_method->count() > 1)
        m_method->insertItem(0, tr("all methods"), QString());
    m_method->setCurrentIndex(std::max(0, m_method->findData(current)));
    m_method->blockSignals(false);
    refillCombo(m_teacher, teachers, teachers.size() > 1 ? tr("first teacher") : QString());
    m_updating = false;
}

std::vector<storage::RunRow> ResultsPanel::filteredRuns() const
{
    std::vector<storage::RunRow> runs;
    const std::string dataset = m_dataset->currentData().toString().toStdString();
    const std::string student = m_student->currentData().toString().toStdString();
    for (const auto &r : m_runs)
        if (r.status == storage::RunStatus::Done && r.dataset == dataset
            && r.studentModel == student)
            runs.push_back(r);
    return runs;
}

} // namespace ui
