#include <QAction>
#include <QApplication>
#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSet>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "engine/core/errors.h"
#include "engine/core/number_list.h"
#include "engine/data/dataset_loader.h"
#include "engine/data/validation_split.h"
#include "engine/experiment/run_expansion.h"
#include "engine/experiment/runner.h"
#include "engine/experiment/spec_json.h"
#include "engine/experiment/teacher_check.h"
#include "engine/models/model_registry.h"
#include "engine/models/teacher_input.h"
#include "engine/train/budget.h"
#include "engine/train/device.h"
#include "engine/train/pace_probe.h"
#include "storage/recorder.h"
#include "ui/common/number_format.h"
#include "ui/common/plot_export.h"
#include "ui/form/cluster_target_box.h"
#include "ui/form/experiment_form.h"
#include "ui/form/form_support.h"
#include "ui/form/method_settings_editor.h"
#include "ui/form/pace_estimator.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

// Validation as the user types: problems under their fields, echoes, the formula, what is enabled.

namespace ui {

using nlohmann::json;

void ExperimentForm::updateFormula()
{
    const double tau = m_tau->value();
    QString alpha = m_alphaList->isChecked()
        ? (m_alphas->text().trimmed().isEmpty() ? QString::fromUtf8("α")
                                                : m_alphas->text().trimmed())
        : QString::fromUtf8("α(f)");
    m_formula->setText(
        QString::fromUtf8(
            "<i>L</i> = (1 − α)·CE(<i>z</i><sub>s</sub>, <i>y</i>) + α·%1KL(softmax(<i>z</i>"
            "<sub>t</sub>/τ) ‖ softmax(<i>z</i><sub>s</sub>/τ))<br>"
            "<span style='color:palette(dark)'>α ∈ {%2}, τ = %3 — batch mean on the kept "
            "subset; α = 0 is plain training</span>")
            .arg(m_tauSquared->isChecked() ? QString::fromUtf8("τ²·") : QString(),
                 alpha.toHtmlEscaped(), formatNumber(tau)));
}

void ExperimentForm::updateDependentStates()
{
    const bool list = m_alphaList->isChecked();
    m_alphas->setEnabled(list);
    m_scheduleTable->setEnabled(!list);
    m_addPoint->setEnabled(!list);
    m_removePoint->setEnabled(!list && m_scheduleTable->rowCount() > 0);
    m_baseline->setEnabled(!list);
    // Irrelevant fields are disabled with the reason, not hidden.
    bool distils = !list;
    if (list) {
        auto parsed = engine::parseNumberList(m_alphas->text().toStdString());
        if (auto *values = std::get_if<std::vector<double>>(&parsed))
            distils = std::any_of(values->begin(), values->end(), [](double a) { return a > 0; });
    }
    m_distils = distils;
    // The teacher also matters without distillation when the method reads it.
    distils = distils || methodUsesTeacher();
    const engine::MethodInfo *method
        = engine::findMethod(m_method->currentData().toString().toStdString());
    const bool scoreFree = !method || method->scoreFree;
    m_direction->setEnabled(!scoreFree && method->name != "ccs");
    m_direction->setToolTip(scoreFree
                                ? tr("%1 keeps no end of a score").arg(m_method->currentText())
                                : (method->name == "ccs" ? tr("CCS always selects stratified")
                                                         : tr("Which samples of the score the "
                                                              "subset keeps")));
    const bool proxy = method
        && engine::scoreUsesProxy(engine::scoringMethod(method->name, m_settings->values()),
                                  m_settings->values());
    m_proxySteps->setEnabled(proxy);
    m_proxySteps->setToolTip(
        proxy ? tr("Budget of each proxy model, trained on the full training set")
              : tr("%1 trains no proxy models").arg(m_method->currentText()));
    // Fields that do not apply stay in place, disabled with the reason as their tooltip; the
    // original tooltip comes back when they apply again.
    const auto explain = [this](QWidget *w, const QString &why, bool enabled = true) {
        if (!m_tips.contains(w))
            m_tips.insert(w, w->toolTip());
        w->setEnabled(why.isEmpty() && enabled);
        w->setToolTip(why.isEmpty() ? m_tips.value(w) : why);
    };
    const QString notImages = imageFolderSelected()
        ? QString()
        : tr("Only image folders are resized; the other formats have one fixed image shape");
    for (QWidget *w :
         std::initializer_list<QWidget *> { m_imageSize, m_imageChannels, m_skipCorrupt })
        explain(w, notImages);
    const bool imported = importsTeacher();
    const bool normalize = m_teacherInput->currentData().toString() == "normalize";
    const QString noTeacher = tr("No effect when every α = 0: no teacher is trained or used");
    for (QWidget *w : std::initializer_list<QWidget *> { m_tau, m_tauSquared, m_teacherSource })
        explain(w, distils ? QString() : noTeacher);
    for (QWidget *w : std::initializer_list<QWidget *> {
             m_teacher, m_teacherEpochs, m_teacherBudgetUnit, m_teacherSeed, m_storedTeacher })
        explain(w,
                !distils
                    ? noTeacher
                    : (imported ? tr("The teacher is imported from a file (Source)") : QString()),
                w != m_storedTeacher || !m_teachers.empty());
    // Browse… follows the file field it fills.
    auto *browseTeacher = findChild<QToolButton *>("teacher.browse");
    for (QWidget *w : std::initializer_list<QWidget *> {
             m_teacherFile, browseTeacher, m_teacherInput, m_teacherMean, m_teacherStd })
        explain(w,
                !distils        ? noTeacher
                    : !imported ? tr("The teacher is trained here (Source)")
                    : ((w == m_teacherMean || w == m_teacherStd) && !normalize)
                    ? tr("Only for Normalize(mean, std)")
                    : QString());
    m_nesterov->setEnabled(m_momentum->value() > 0);
}

void ExperimentForm::validate()
{
    updateDependentStates();
    updateFormula();
    inspectDataset();
    QSet<QString> shownBefore;
    for (auto it = m_errors.begin(); it != m_errors.end(); ++it) {
        if (!it.value()->isHidden())
            shownBefore.insert(it.key());
        it.value()->clear();
        it.value()->hide();
    }
    const QWidget *typing = m_lastKey.isValid() && m_lastKey.elapsed() < kTypingPauseMs
        ? QApplication::focusWidget()
        : nullptr;
    const json spec = currentJson();
    engine::ParsedSpec parsed = engine::parseSpec(spec.dump());
    std::vector<engine::Problem> problems = parsed.problems;
    std::vector<engine::RunConfig> runs;
    if (!m_datasetError.isEmpty())
        problems.push_back({ "dataset", m_datasetError.toStdString() });
    else if (m_dataset && parsed.problems.empty())
        runs = engine::expandRuns(parsed.spec, *m_dataset, problems);
    if (importsTeacher() && parsed.problems.empty() && parsed.spec.teacher && m_dataset
        && (m_distils || methodUsesTeacher())) {
        checkImportedTeacher(parsed.spec);
        if (!m_teacherCheckError.isEmpty())
            problems.push_back({ "teacher.file", m_teacherCheckError.toStdString() });
    } else {
        m_teacherFileInfo->clear();
        m_teacherCheckKey.clear();
    }
    if (parsed.problems.empty()) {
        try {
            engine::resolveDevice(parsed.spec.device); // "cuda" on a machine without one
        } catch (const engine::ConfigError &e) {
            const std::string message = e.what();
            problems.push_back({ "device", message.substr(message.find(": ") + 2) });
            runs.clear();
        }
    }

    // Each problem goes under the field with the longest matching path.
    m_problems.clear();
    m_firstProblemField.clear();
    QStringList unplaced;
    for (const auto &p : problems) {
        const QString path = QString::fromStdString(p.field);
        QString best;
        for (auto it = m_errors.begin(); it != m_errors.end(); ++it)
            if ((path == it.key() || path.startsWith(it.key() + ".")
                 || path.startsWith(it.key() + "["))
                && it.key().size() > best.size())
                best = it.key();
        const QString text = QString::fromStdString(p.message);
        m_problems << (path.isEmpty() ? text : path + ": " + text);
        if (best.isEmpty()) {
            unplaced << m_problems.back();
            continue;
        }
        if (m_firstProblemField.isEmpty())
            m_firstProblemField = best;
        QLabel *label = m_errors[best];
        // "[0]" (a JSON index) reads as "value 1" under the field it belongs to.
        QString rest = path.mid(best.size());
        static const QRegularExpression index(QStringLiteral("^\\[(\\d+)\\]$"));
        if (const auto m = index.match(rest); m.hasMatch())
            rest = tr("value %1").arg(m.captured(1).toInt() + 1);
        const QString prefix = path == best ? QString() : rest + ": ";
        label->setText(label->text().isEmpty() ? prefix + text
                                               : label->text() + "\n" + prefix + text);
        if (typing && typing->objectName() == best && !shownBefore.contains(best)) {
            m_typingPause->start(); // shown when the typing pauses or the field is left
            continue;
        }
        label->show();
    }

    updateFieldNotes(parsed);

    // The summary atop the form and the run count above the button.
    int stored = 0;
    std::vector<engine::RunConfig> toRun;
    if (!runs.empty()) {
        for (const auto &run : runs) {
            const bool isStored
                = m_storedKeys.count(storage::identityKey(engine::runIdentityJson(run))) > 0;
            stored += isStored ? 1 : 0;
            if (!isStored)
                toRun.push_back(run);
        }
    }
    const bool pending = !m_dataset && m_datasetError.isEmpty();
    const bool changed = !m_lastQueued.isEmpty() && m_lastQueued != specJson();
    if (!m_problems.isEmpty()) {
        m_summary->setText(
            QString::fromUtf8("<span style='color:#c62828'>✗ %1</span>")
                .arg(tr("%n problem(s): fix the fields marked below", "", int(m_problems.size()))));
        if (!unplaced.isEmpty())
            m_summary->setText(m_summary->text() + "<br>" + unplaced.join("<br>").toHtmlEscaped());
        m_runsEcho->clear();
    } else if (pending) {
        m_summary->setText(tr("Reading the dataset…"));
        m_runsEcho->clear();
    } else {
        const auto &spec = parsed.spec;
        const QString alphaText = spec.alphaSchedule.empty()
            ? tr("%1 α").arg(spec.alphas.size())
            : (spec.alphas.empty() ? QString::fromUtf8("α(f)")
                                   : tr("(α(f) + %1 fixed α)").arg(spec.alphas.size()));
        m_summary->setText(
            QString::fromUtf8("<span style='color:#2e7d32'>✓</span> ")
            + tr("ready to queue %n run(s), %1 already stored%2", "", int(runs.size()))
                  .arg(stored)
                  .arg(changed ? tr(" · changed since the last queued spec") : QString()));
        m_runsEcho->setText(
            tr("%1 × %2 × %3 = <b>%4 runs</b>, %5 already stored · %6")
                .arg(spec.fractions.size() == 1 ? tr("1 fraction")
                                                : tr("%1 fractions").arg(spec.fractions.size()))
                .arg(alphaText)
                .arg(spec.seeds.size() == 1 ? tr("1 seed") : tr("%1 seeds").arg(spec.seeds.size()))
                .arg(runs.size())
                .arg(stored)
                .arg(m_pace->estimate(
                    toRun, engine::runsAtOnce(spec, engine::resolveDevice(spec.device)),
                    m_dataset ? std::optional<int64_t>(m_dataset->trainSize()) : std::nullopt)));
    }
    const bool ready = m_problems.isEmpty() && !pending;
    m_ready = ready;
    // The pinned bar names the first problem, linked to its field, wherever the form is scrolled.
    if (!m_problems.isEmpty()) {
        // "pruning.fractions[0]: …" reads "pruning.fractions, value 1: …", as under the field.
        QString firstText = m_problems.first();
        static const QRegularExpression jsonIndex(QStringLiteral("^([\\w.]+)\\[(\\d+)\\]: "));
        if (const auto m = jsonIndex.match(firstText); m.hasMatch())
            firstText.replace(
                0, m.capturedLength(),
                tr("%1, value %2: ").arg(m.captured(1)).arg(m.captured(2).toInt() + 1));
        const QString first = firstText.toHtmlEscaped();
        const QString more = m_problems.size() > 1
            ? tr(" (and %n more)", "", int(m_problems.size()) - 1)
            : QString();
        m_problemLink->setText(
            m_firstProblemField.isEmpty()
                ? QString::fromUtf8("<span style='color:#c62828'>✗ %1</span>%2").arg(first, more)
                : QString::fromUtf8(
                      "<span style='color:#c62828'>✗</span> <a href='field:%1'>%2</a>%3")
                      .arg(m_firstProblemField.toHtmlEscaped(), first, more));
        m_problemLink->setToolTip(tr("Click to go to the field"));
        m_problemLink->show();
    } else {
        m_problemLink->clear();
        m_problemLink->hide();
    }
    // The target's own problems (a time limit Slurm would refuse) hold the button too.
    const QStringList targetProblems = m_target->problems();
    const bool slurm = m_target->onCluster();
    m_queue->setText(slurm ? tr("Submit to Slurm") : tr("Queue runs"));
    m_queueAction->setText(m_queue->text());
    m_queue->setEnabled(ready && targetProblems.isEmpty());
    m_queueAction->setEnabled(ready && targetProblems.isEmpty());
    m_queue->setToolTip(!ready ? (pending ? tr("Waiting for the dataset to be read")
                                          : tr("Cannot queue: %1").arg(m_problems.join("; ")))
                            : !targetProblems.isEmpty()
                            ? tr("Cannot submit: %1").arg(targetProblems.join("; "))
                            : slurm ? tr("Submit the runs not yet stored to Slurm (Ctrl+Enter)")
                                    : tr("Queue the runs (Ctrl+Enter)"));
}

} // namespace ui
