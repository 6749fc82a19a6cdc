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
#include "ui/common/plot_export.h"
#include "ui/common/qcustomplot_include.h"
#include "ui/results/accuracy_chart.h"
#include "ui/results/heat_map_widget.h"

#include <set>

namespace ui {

namespace {

QString num(double v)
{
    return QString::fromStdString(engine::formatNumber(v));
}

/// Fills a combo with values, keeping the current choice when it is still offered.
void refill(QComboBox *combo, const QStringList &values, const QString &anyLabel = QString())
{
    const QString current = combo->currentData().toString();
    combo->blockSignals(true);
    combo->clear();
    if (!anyLabel.isEmpty())
        combo->addItem(anyLabel, QString());
    for (const QString &v : values)
        combo->addItem(v, v);
    const int at = combo->findData(current);
    combo->setCurrentIndex(at >= 0 ? at : 0);
    combo->blockSignals(false);
}

QStandardItem *numberItem(double value, int decimals, const QString &suffix = QString())
{
    auto *item = new QStandardItem(
        std::isfinite(value) ? QString::number(value, 'f', decimals) + suffix : QString());
    item->setData(std::isfinite(value) ? value : -1e300, Qt::UserRole);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QStandardItem *textItem(const QString &text)
{
    auto *item = new QStandardItem(text);
    item->setData(text, Qt::UserRole);
    return item;
}

QString latexEscape(QString s)
{
    s.replace('\\', "\\textbackslash{}")
        .replace('_', "\\_")
        .replace('%', "\\%")
        .replace('&', "\\&")
        .replace('#', "\\#");
    return s.replace(QString::fromUtf8("α"), "$\\alpha$")
        .replace(QString::fromUtf8("τ"), "$\\tau$");
}

} // namespace

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
    m_method = makeCombo(tr("Pruning method of the heat map and the teacher-capacity chart"));
    m_teacher = makeCombo(tr("Teacher of the heat map's α > 0 cells"));
    m_band = makeCombo(tr("What the band around each mean shows"));
    for (Band b : { Band::Std, Band::StandardError, Band::MinMax, Band::None })
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
    auto *filters = new QHBoxLayout;
    for (auto [label, widget] :
         std::initializer_list<std::pair<QString, QWidget *>> { { tr("Dataset"), m_dataset },
                                                                { tr("Student"), m_student },
                                                                { tr("Method"), m_method },
                                                                { tr("Teacher"), m_teacher } }) {
        filters->addWidget(new QLabel(label, this));
        filters->addWidget(widget);
    }
    filters->addStretch();
    filters->addWidget(exportButton);
    auto *options = new QHBoxLayout;
    options->addWidget(new QLabel(tr("Band"), this));
    options->addWidget(m_band);
    options->addWidget(m_logX);
    options->addWidget(m_difference);
    options->addStretch();

    m_accuracy = new AccuracyChart(this);

    auto *heatPage = new QWidget(this);
    m_heatMap = new HeatMapWidget(heatPage);
    m_heatMode = makeCombo(
        tr("Colour the cells by mean accuracy, or by the gain over α = 0 at the same fraction"));
    m_heatMode->addItem(tr("accuracy"), 0);
    m_heatMode->addItem(tr("gain over α = 0"), 1);
    m_fitLabel = new QLabel(heatPage);
    m_useSchedule = new QPushButton(tr("Use as α(f) schedule"), heatPage);
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
    m_tabs->addTab(m_table, tr("Table"));

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
    connect(m_heatMode, &QComboBox::currentIndexChanged, this, [this] {
        m_heatMap->setMode(m_heatMode->currentData().toInt() == 0 ? HeatMapWidget::Mode::Accuracy
                                                                  : HeatMapWidget::Mode::Gain);
    });
    connect(exportButton, &QPushButton::clicked, this, &ResultsPanel::exportCurrent);
    connect(m_accuracy, &AccuracyChart::runsClicked, this, &ResultsPanel::runsSelected);
    connect(m_teacherChart, &AccuracyChart::runsClicked, this, &ResultsPanel::runsSelected);
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
    refill(m_dataset, datasets);
    for (const auto &r : m_runs)
        if (r.status == storage::RunStatus::Done
            && QString::fromStdString(r.dataset) == m_dataset->currentData().toString()
            && !students.contains(QString::fromStdString(r.studentModel)))
            students << QString::fromStdString(r.studentModel);
    refill(m_student, students);
    const auto runs = filteredRuns();
    for (const auto &r : runs)
        if (!r.teacherModel.empty() && !teachers.contains(QString::fromStdString(r.teacherModel)))
            teachers << QString::fromStdString(r.teacherModel);
    // One entry per setting the heat map can compare α in: method, selection, recipe.
    const QString current = m_method->currentData().toString();
    m_method->blockSignals(true);
    m_method->clear();
    QStringList seen;
    for (const auto &c : accuracyCurves(storage::summariseGroups(runs))) {
        const QString key = QString::fromStdString(c.baseKey);
        if (seen.contains(key))
            continue;
        seen << key;
        int sameLabel = 0;
        for (int i = 0; i < m_method->count(); ++i)
            sameLabel += m_method->itemText(i).startsWith(c.methodLabel()) ? 1 : 0;
        m_method->addItem(sameLabel ? tr("%1 · setting %2").arg(c.methodLabel()).arg(sameLabel + 1)
                                    : c.methodLabel(),
                          key);
    }
    m_method->setCurrentIndex(std::max(0, m_method->findData(current)));
    m_method->blockSignals(false);
    refill(m_teacher, teachers, teachers.size() > 1 ? tr("first teacher") : QString());
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

void ResultsPanel::refreshViews()
{
    const auto runs = filteredRuns();
    const auto groups = storage::summariseGroups(runs);
    const auto curves = accuracyCurves(groups);

    // Reference lines: the full-data teachers these runs distilled from.
    std::set<int64_t> teacherIds;
    for (const auto &r : runs)
        if (r.teacherId)
            teacherIds.insert(*r.teacherId);
    std::vector<AccuracyChart::TeacherLine> lines;
    for (const auto &t : m_teachers)
        if (teacherIds.count(t.id) && t.testAccuracy)
            lines.push_back({ tr("teacher %1 on all data: %2 %")
                                  .arg(QString::fromStdString(t.model))
                                  .arg(100.0 * *t.testAccuracy, 0, 'f', 2),
                              *t.testAccuracy });
    m_accuracy->setCurves(curves, lines);

    // Heat map of one method (and teacher).
    const std::string baseKey = m_method->currentData().toString().toStdString();
    std::string method;
    for (const auto &c : curves)
        if (c.baseKey == baseKey)
            method = c.methodLabel().toStdString();
    std::string teacher = m_teacher->currentData().toString().toStdString();
    if (teacher.empty())
        for (const auto &c : curves)
            if (c.baseKey == baseKey && !c.teacher.empty()) {
                teacher = c.teacher;
                break;
            }
    double tau = 0;
    for (const auto &c : curves)
        if (c.baseKey == baseKey && c.teacher == teacher && c.tau > 0) {
            tau = c.tau;
            break;
        }
    m_heatData = ui::heatMap(curves, baseKey, teacher, tau);
    m_fit = fitAlpha(m_heatData);
    const bool enoughAlphas = m_heatData.alphas.size() >= 2;
    QString emptyText = curves.empty()
        ? tr("No results yet — queue an experiment with at least two α values "
             "(Ctrl+Enter) to compare KD weights per kept fraction.")
        : tr("Needs at least two α values for method %1: add α values to the "
             "sweep in the form (e.g. 0, 0.5, 0.9).")
              .arg(QString::fromStdString(method));
    m_heatMap->setData(enoughAlphas ? m_heatData : HeatMapData {}, m_fit, emptyText);
    m_useSchedule->setEnabled(enoughAlphas && m_fit.valid);
    m_fitLabel->setText(
        enoughAlphas && m_fit.valid
            ? QString::fromUtf8("fitted α(f) = clamp(%1 %2 %3·ln f, 0, 1) · τ = %4 · teacher %5")
                  .arg(m_fit.intercept, 0, 'f', 3)
                  .arg(m_fit.slope < 0 ? "−" : "+")
                  .arg(std::fabs(m_fit.slope), 0, 'f', 3)
                  .arg(num(tau), QString::fromStdString(teacher))
            : QString());

    // Teacher capacity: one curve per teacher architecture at the chosen α, plus α = 0.
    QStringList alphaValues;
    for (const auto &c : curves)
        if (c.baseKey == baseKey && c.alpha > 0 && !c.scheduled
            && !alphaValues.contains(num(c.alpha)))
            alphaValues << num(c.alpha);
    refill(m_teacherAlpha, alphaValues);
    std::vector<Curve> byTeacher;
    std::set<std::string> teacherModels;
    const double alpha = m_teacherAlpha->currentData().toString().toDouble();
    for (const auto &c : curves) {
        if (c.baseKey != baseKey || c.scheduled)
            continue;
        if (c.alpha == 0) {
            Curve base = c;
            base.method = "no teacher";
            byTeacher.push_back(base);
        } else if (c.alpha == alpha) {
            Curve t = c;
            t.method = "teacher " + c.teacher;
            t.variant = 0;
            teacherModels.insert(c.teacher);
            byTeacher.push_back(t);
        }
    }
    if (teacherModels.size() < 2) {
        byTeacher.clear();
        m_teacherChart->setEmptyText(
            tr("Needs runs of method %1 with at least two teacher architectures at the same "
               "α: queue the sweep again with another teacher (smaller, equal or larger "
               "than the student) to compare capacity.")
                .arg(QString::fromStdString(method)));
    }
    m_teacherChart->setCurves(byTeacher, {});
    fillTable(groups);
    showSelection(m_selection);
}

void ResultsPanel::fillTable(const std::vector<storage::GroupSummary> &groups)
{
    m_tableModel->clear();
    m_tableModel->setHorizontalHeaderLabels(
        { tr("Dataset"), tr("Student"), tr("Method"), tr("Kept f"), tr("Kept n"),
          QString::fromUtf8("α"), QString::fromUtf8("τ"), tr("Teacher"), tr("n"), tr("Test acc. %"),
          tr("± std"), tr("min"), tr("max") });
    for (const auto &g : groups) {
        QList<QStandardItem *> row;
        row << textItem(QString::fromStdString(g.key.dataset))
            << textItem(QString::fromStdString(g.key.studentModel))
            << textItem(QString::fromStdString(g.key.method)
                        + (g.key.classBalanced ? tr(" (balanced)") : QString()))
            << numberItem(100.0 * g.key.fraction, 1, " %") << numberItem(double(g.keptCount), 0)
            << numberItem(g.key.alpha, 2) << numberItem(g.key.alpha > 0 ? g.key.tau : NAN, 1)
            << textItem(QString::fromStdString(g.key.teacherModel))
            << numberItem(double(g.accuracy.n), 0) << numberItem(100.0 * g.accuracy.mean, 1)
            << numberItem(100.0 * g.accuracy.std, 1) << numberItem(100.0 * g.minAccuracy, 1)
            << numberItem(100.0 * g.maxAccuracy, 1);
        QStringList ids;
        for (auto id : g.runIds)
            ids << QString::number(id);
        for (auto *item : row) {
            item->setEditable(false);
            item->setToolTip(tr("runs %1").arg(ids.join(", ")));
        }
        m_tableModel->appendRow(row);
    }
    m_table->resizeColumnsToContents();
}

QString ResultsPanel::tableCsv() const
{
    QString text;
    for (int c = 0; c < m_tableModel->columnCount(); ++c)
        text += (c ? "," : "") + m_tableModel->horizontalHeaderItem(c)->text();
    text += "\r\n";
    for (int r = 0; r < m_tableModel->rowCount(); ++r) {
        for (int c = 0; c < m_tableModel->columnCount(); ++c) {
            QString cell = m_tableModel->item(r, c)->text();
            if (cell.contains(',') || cell.contains('"'))
                cell = '"' + cell.replace('"', "\"\"") + '"';
            text += (c ? "," : "") + cell;
        }
        text += "\r\n";
    }
    return text;
}

QString ResultsPanel::heatMapCsv() const
{
    QString text = "kept_fraction,alpha,n,accuracy_mean_pct,accuracy_std_pct,gain_over_alpha0_"
                   "points,best\r\n";
    for (double f : m_heatData.fractions)
        for (double a : m_heatData.alphas)
            if (const HeatCell *c = m_heatData.cell(f, a)) {
                const auto &best = m_heatData.bestAlphas.at(f);
                text += QString("%1,%2,%3,%4,%5,%6,%7\r\n")
                            .arg(num(f), num(a))
                            .arg(c->accuracy.n)
                            .arg(num(100.0 * c->accuracy.mean),
                                 c->accuracy.n > 1 ? num(100.0 * c->accuracy.std) : QString(),
                                 std::isfinite(c->gain) ? num(100.0 * c->gain) : QString(),
                                 std::find(best.begin(), best.end(), a) != best.end() ? "yes"
                                                                                      : "no");
            }
    return text;
}

QString ResultsPanel::tableLatex() const
{
    QString text = "\\begin{tabular}{" + QString(m_tableModel->columnCount(), 'l') + "}\n\\hline\n";
    QStringList header;
    for (int c = 0; c < m_tableModel->columnCount(); ++c)
        header << latexEscape(m_tableModel->horizontalHeaderItem(c)->text());
    text += header.join(" & ") + " \\\\\n\\hline\n";
    for (int r = 0; r < m_tableModel->rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < m_tableModel->columnCount(); ++c)
            cells << latexEscape(m_tableModel->item(r, c)->text());
        text += cells.join(" & ") + " \\\\\n";
    }
    return text + "\\hline\n\\end{tabular}\n";
}

QString ResultsPanel::exportCurrentTo(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    const Tab tab = Tab(m_tabs->currentIndex());
    if (suffix == "csv") {
        switch (tab) {
        case AccuracyTab:
            return writeTextFile(path, m_accuracy->csv());
        case TeacherTab:
            return writeTextFile(path, m_teacherChart->csv());
        case CurvesTab:
            return writeTextFile(path, m_curves->csv());
        case HeatMapTab:
            return writeTextFile(path, heatMapCsv());
        default:
            return writeTextFile(path, tableCsv());
        }
    }
    if (suffix == "tex")
        return writeTextFile(path, tableLatex());
    switch (tab) {
    case AccuracyTab:
        return m_accuracy->exportTo(path);
    case TeacherTab:
        return m_teacherChart->exportTo(path);
    case CurvesTab:
        return exportPlot(m_curves->plot(), path);
    case HeatMapTab:
        return exportWidget(m_heatMap, path);
    case TableTab:
        return tr("The table exports as CSV (.csv) or LaTeX (.tex)");
    }
    return {};
}

void ResultsPanel::exportCurrent()
{
    const bool table = m_tabs->currentIndex() == TableTab;
    const QString filter = table ? tr("CSV table (*.csv);;LaTeX table (*.tex)")
                                 : chartExportFilter() + tr(";;CSV numbers (*.csv)");
    QString chosen;
    QString path = QFileDialog::getSaveFileName(
        this, tr("Export %1").arg(m_tabs->tabText(m_tabs->currentIndex())), QString(), filter,
        &chosen);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty()) {
        const int star = chosen.indexOf("*.");
        path += chosen.mid(star + 1, chosen.indexOf(')', star) - star - 1);
    }
    const QString error = exportCurrentTo(path);
    Q_EMIT message(error.isEmpty() ? tr("Exported %1").arg(path) : error);
}

} // namespace ui
