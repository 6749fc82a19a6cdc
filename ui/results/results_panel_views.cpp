#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHash>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "engine/core/number_list.h"
#include "storage/comparisons.h"
#include "ui/common/combo_refill.h"
#include "ui/common/number_format.h"
#include "ui/common/plot_export.h"
#include "ui/common/qcustomplot_include.h"
#include "ui/results/accuracy_chart.h"
#include "ui/results/compute_chart.h"
#include "ui/results/heat_map_widget.h"
#include "ui/results/results_panel.h"

#include <map>
#include <set>

// The views refilled from the filtered runs: the charts, the heat map and the table.

namespace ui {

namespace {

// csvValue: what the CSV export writes (the value itself at full precision, or the fraction
// where the cell shows a percentage), so exported numbers are not the rounded display.
QStandardItem *numberItem(double value, int decimals, const QString &suffix = QString(),
                          double csvValue = NAN)
{
    auto *item = new QStandardItem(
        std::isfinite(value) ? QString::number(value, 'f', decimals) + suffix : QString());
    item->setData(std::isfinite(value) ? value : -1e300, Qt::UserRole);
    item->setData(std::isfinite(value) ? QString::number(std::isnan(csvValue) ? value : csvValue,
                                                         'g', QLocale::FloatingPointShortest)
                                       : QString(),
                  ResultsPanel::CsvRole);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QStandardItem *textItem(const QString &text)
{
    auto *item = new QStandardItem(text);
    item->setData(text, Qt::UserRole);
    return item;
}

} // namespace

void ResultsPanel::refreshViews()
{
    const auto runs = filteredRuns();
    const auto allGroups = storage::summariseGroups(runs);
    const auto allCurves = accuracyCurves(allGroups);
    // The method filter: one setting, or every one ("all methods", an empty key). The heat map
    // and teacher chart compare within one setting: the chosen one, else the first.
    const std::string chosen = m_method->currentData().toString().toStdString();
    std::vector<storage::GroupSummary> groups;
    for (const auto &g : allGroups)
        if (chosen.empty() || g.baseKey == chosen)
            groups.push_back(g);
    std::vector<Curve> curves;
    for (const auto &c : allCurves)
        if (chosen.empty() || c.baseKey == chosen)
            curves.push_back(c);

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
    const std::string baseKey = !chosen.empty() ? chosen
        : allCurves.empty()                     ? std::string()
                                                : allCurves.front().baseKey;
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
    m_useSchedule->setToolTip(
        m_fit.valid ? tr("Put the fitted α(f) into the form as the KD weight schedule")
                    : tr("A fitted α(f) needs the best α at two or more kept fractions"));
    m_fitLabel->setText(
        enoughAlphas && m_fit.valid
            ? QString::fromUtf8("fitted α(f) = clamp(%1 %2 %3·ln f, 0, 1) · τ = %4 · teacher %5")
                    .arg(m_fit.intercept, 0, 'f', 3)
                    .arg(m_fit.slope < 0 ? "−" : "+")
                    .arg(std::fabs(m_fit.slope), 0, 'f', 3)
                    .arg(formatNumber(tau), QString::fromStdString(teacher))
                + (m_heatData.anySelectedOnTest()
                       ? tr(" · fitted to best α chosen on test: these runs have no validation "
                            "split")
                       : tr(" · fitted to best α chosen on validation"))
            : enoughAlphas && m_heatData.fractions.size() == 1
            ? tr("One kept fraction: no α(f) is fitted (it needs the best α at two or more)")
            : QString());

    // Teacher capacity: one curve per teacher architecture at the chosen α, plus α = 0.
    QStringList alphaValues;
    for (const auto &c : curves)
        if (c.baseKey == baseKey && c.alpha > 0 && !c.scheduled
            && !alphaValues.contains(formatNumber(c.alpha)))
            alphaValues << formatNumber(c.alpha);
    refillCombo(m_teacherAlpha, alphaValues);
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
    m_compute->setData(curves,
                       m_costSource ? m_costSource() : std::map<int64_t, storage::RunCost> {});
    // Comparisons pair a method with its partner (random, α = 0), which the filter would hide.
    m_groups = groups;
    m_comparisonGroups = allGroups;
    if (m_tableMode->currentData().toInt() == 1)
        fillComparisonTable(allGroups);
    else
        fillTable(groups);
    showSelection(m_selection);
}

void ResultsPanel::fillTable(const std::vector<storage::GroupSummary> &groups)
{
    m_tableModel->clear();
    m_tableModel->setHorizontalHeaderLabels(
        { tr("Dataset"), tr("Student"), tr("Method"), tr("Setting"), tr("Kept f"), tr("Kept n"),
          tr("Steps"), QString::fromUtf8("α"), QString::fromUtf8("τ"), tr("Teacher"), tr("n"),
          tr("Test acc. %"), tr("± std"), tr("min"), tr("max"), tr("Val. acc. %") });
    // Groups that the other columns do not tell apart (another recipe, injection, validation
    // split…) are named by what differs in their stored configs.
    std::vector<QString> settings(groups.size());
    {
        std::map<std::string, std::vector<size_t>> alike;
        for (size_t i = 0; i < groups.size(); ++i) {
            const auto &k = groups[i].key;
            alike[k.dataset + "|" + k.studentModel + "|" + k.method + "|"
                  + std::to_string(k.classBalanced) + "|" + std::to_string(k.fraction) + "|"
                  + std::to_string(k.alpha) + "|" + std::to_string(k.tau) + "|" + k.teacherModel]
                .push_back(i);
        }
        for (const auto &[key, members] : alike) {
            if (members.size() < 2)
                continue;
            std::vector<std::string> configs;
            for (size_t i : members)
                configs.push_back(groups[i].configJson);
            const auto labels = differenceLabels(configs, false);
            for (size_t k = 0; k < members.size(); ++k)
                settings[members[k]] = labels[k];
        }
    }
    // The training budget has its own column: groups that differ in it are not a kept-fraction
    // effect.
    QHash<qint64, qint64> stepsOf;
    for (const auto &r : m_runs)
        if (r.steps)
            stepsOf.insert(r.id, *r.steps);
    for (size_t gi = 0; gi < groups.size(); ++gi) {
        const auto &g = groups[gi];
        double steps = NAN;
        for (auto id : g.runIds)
            if (stepsOf.contains(id)) {
                steps = double(stepsOf.value(id));
                break;
            }
        QList<QStandardItem *> row;
        row << textItem(QString::fromStdString(g.key.dataset))
            << textItem(QString::fromStdString(g.key.studentModel))
            << textItem(QString::fromStdString(g.key.method)
                        + (g.key.classBalanced ? tr(" (balanced)") : QString()))
            << textItem(settings[gi]) << numberItem(100.0 * g.key.fraction, 1, " %", g.key.fraction)
            << numberItem(double(g.keptCount), 0) << numberItem(steps, 0)
            << numberItem(g.key.alpha, 2) << numberItem(g.key.alpha > 0 ? g.key.tau : NAN, 1)
            << textItem(QString::fromStdString(g.key.teacherModel))
            << numberItem(double(g.accuracy.n), 0) << numberItem(100.0 * g.accuracy.mean, 2)
            << numberItem(100.0 * g.accuracy.std, 2) << numberItem(100.0 * g.minAccuracy, 2)
            << numberItem(100.0 * g.maxAccuracy, 2)
            << numberItem(g.validation.n > 0 ? 100.0 * g.validation.mean : NAN, 2);
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

void ResultsPanel::fillComparisonTable(const std::vector<storage::GroupSummary> &groups)
{
    m_tableModel->clear();
    m_tableModel->setHorizontalHeaderLabels(
        { tr("Comparison"), tr("A"), tr("B"), tr("Kept f"), tr("A test acc. %"), tr("± std"),
          tr("B test acc. %"), tr("± std"), tr("n pairs"), tr("A − B (points)"), tr("95 % CI low"),
          tr("95 % CI high"), tr("p"), tr("Reading") });
    for (const auto &c : storage::pairedComparisons(groups)) {
        const auto &d = c.paired;
        const QString reading = d.n < 2 ? tr("one seed: no interval")
            : d.low > 0                 ? tr("A better")
            : d.high < 0                ? tr("B better")
                                        : tr("no clear difference");
        QList<QStandardItem *> row;
        row << textItem(QString::fromUtf8(storage::comparisonKindName(c.kind).data()))
            << textItem(QString::fromStdString(storage::sideLabel(c, true)))
            << textItem(QString::fromStdString(storage::sideLabel(c, false)))
            << numberItem(100.0 * c.a.key.fraction, 1, " %", c.a.key.fraction)
            << numberItem(100.0 * c.a.accuracy.mean, 2) << numberItem(100.0 * c.a.accuracy.std, 2)
            << numberItem(100.0 * c.b.accuracy.mean, 2) << numberItem(100.0 * c.b.accuracy.std, 2)
            << numberItem(double(d.n), 0) << numberItem(100.0 * d.mean, 2)
            << numberItem(d.n >= 2 ? 100.0 * d.low : NAN, 2)
            << numberItem(d.n >= 2 ? 100.0 * d.high : NAN, 2) << numberItem(d.n >= 2 ? d.p : NAN, 4)
            << textItem(reading);
        for (auto *item : row)
            item->setEditable(false);
        m_tableModel->appendRow(row);
    }
    m_table->resizeColumnsToContents();
}

} // namespace ui
