#include "ui/form/experiment_form.h"

#include <QAction>
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
#include <QScrollArea>
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
#include "ui/form/form_support.h"
#include "ui/form/method_settings_editor.h"
#include "ui/form/pace_estimator.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

namespace ui {

using nlohmann::json;

ExperimentForm::ExperimentForm(QWidget *parent)
    : QWidget(parent)
    , m_base(std::make_unique<json>(defaultSpecWithPreferences()))
    , m_pace(new PaceEstimator(this))
{
    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(150);
    connect(m_debounce, &QTimer::timeout, this, &ExperimentForm::validate);
    m_typingPause = new QTimer(this);
    m_typingPause->setSingleShot(true);
    m_typingPause->setInterval(kTypingPauseMs);
    connect(m_typingPause, &QTimer::timeout, this, &ExperimentForm::validate);
    connect(m_pace, &PaceEstimator::probeFinished, this, &ExperimentForm::scheduleValidation);

    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_summary);
    for (QGroupBox *box : { buildDataBox(), buildPruningBox(), buildTeacherBox(),
                            buildDistillationBox(), buildTrainingBox(), buildRunBox() })
        layout->addWidget(box);
    m_target = new ClusterTargetBox(this);
    layout->addWidget(m_target);
    connect(m_target, &ClusterTargetBox::changed, this, &ExperimentForm::scheduleValidation);
    buildQueueButton();
    layout->addStretch();
    // Kept at the end of the form until the window pins it elsewhere.
    layout->addWidget(m_actionBar);
    connectEdits();

    fillFrom(*m_base);
    validate();
}

void ExperimentForm::connectEdits()
{
    // Every edit revalidates after a short pause.
    for (QLineEdit *e : { m_name, m_datasetPath, m_fractions, m_alphas, m_seeds, m_teacherFile,
                          m_teacherMean, m_teacherStd }) {
        connect(e, &QLineEdit::textChanged, this, &ExperimentForm::scheduleValidation);
        connect(e, &QLineEdit::textEdited, this, [this] { m_lastKey.restart(); });
        connect(e, &QLineEdit::editingFinished, this, [this] {
            m_lastKey.invalidate();
            validateNow();
        });
    }
    for (QComboBox *c :
         { m_datasetFormat, m_method, m_budgetUnit, m_teacherBudgetUnit, m_schedule, m_flip,
           m_device, m_runsAtOnce, m_imageChannels, m_teacherSource, m_teacherInput })
        connect(c, &QComboBox::currentIndexChanged, this, &ExperimentForm::scheduleValidation);
    for (QComboBox *c : { m_student, m_teacher })
        connect(c, &QComboBox::currentTextChanged, this, &ExperimentForm::scheduleValidation);
    for (QCheckBox *c : { m_classBalanced, m_tauSquared, m_nesterov, m_baseline, m_skipCorrupt })
        connect(c, &QCheckBox::toggled, this, &ExperimentForm::scheduleValidation);
    connect(m_method, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_filling)
            m_settings->rebuild(m_method->currentData().toString().toStdString(),
                                m_settings->values());
    });
    connect(m_direction, &QComboBox::currentIndexChanged, this,
            &ExperimentForm::scheduleValidation);
    connect(m_labelMode, &QComboBox::currentIndexChanged, this,
            &ExperimentForm::scheduleValidation);
    connect(m_injectSeed, &QSpinBox::valueChanged, this, &ExperimentForm::scheduleValidation);
    for (QSpinBox *s :
         { m_teacherSeed, m_teacherEpochs, m_budget, m_batch, m_crop, m_proxySteps, m_imageSize })
        connect(s, &QSpinBox::valueChanged, this, &ExperimentForm::scheduleValidation);
    for (QDoubleSpinBox *s :
         { m_tau, m_lr, m_momentum, m_weightDecay, m_labelNoise, m_corruptEach })
        connect(s, &QDoubleSpinBox::valueChanged, this, &ExperimentForm::scheduleValidation);
    connect(m_alphaList, &QRadioButton::toggled, this, &ExperimentForm::scheduleValidation);
    connect(m_scheduleTable, &QTableWidget::itemChanged, this, &ExperimentForm::scheduleValidation);
    connect(m_addPoint, &QPushButton::clicked, this, [this] {
        const int row = m_scheduleTable->rowCount();
        m_scheduleTable->insertRow(row);
        m_scheduleTable->setItem(row, 0, new QTableWidgetItem(row == 0 ? "0.1" : "1"));
        m_scheduleTable->setItem(row, 1, new QTableWidgetItem(row == 0 ? "0.9" : "0.3"));
        scheduleValidation();
    });
    connect(m_removePoint, &QPushButton::clicked, this, [this] {
        const int row = m_scheduleTable->currentRow();
        if (row >= 0)
            m_scheduleTable->removeRow(row);
        scheduleValidation();
    });
    connect(m_storedTeacher, &QComboBox::activated, this, [this](int index) {
        const int at = m_storedTeacher->itemData(index).toInt();
        if (at < 0 || at >= int(m_teachers.size()))
            return;
        const json identity = json::parse(m_teachers[size_t(at)].identityJson, nullptr, false);
        if (!identity.is_object() || !identity.contains("teacher"))
            return;
        *m_base = currentJson(); // keep the edits made since the last preset
        (*m_base)["teacher"] = identity["teacher"];
        m_filling = true;
        fillFrom(*m_base);
        m_filling = false;
        scheduleValidation();
    });
}

ExperimentForm::~ExperimentForm()
{
    // Closing the window takes the focus from a line edit, whose editingFinished would validate a
    // form already half destroyed.
    for (QLineEdit *e : findChildren<QLineEdit *>())
        disconnect(e, nullptr, this, nullptr);
}

QWidget *ExperimentForm::field(QFormLayout *form, const QString &label, QWidget *editor,
                               const QString &path, const QString &tip, QLabel **note)
{
    auto *box = new QWidget(editor->parentWidget());
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(1);
    editor->setToolTip(tip);
    editor->setObjectName(path);
    layout->addWidget(editor);
    if (note) {
        *note = noteLabel(box);
        layout->addWidget(*note);
    }
    auto *error = new QLabel(box);
    error->setWordWrap(true);
    error->setStyleSheet("color: #c62828;");
    error->hide();
    layout->addWidget(error);
    m_errors.insert(path, error);
    if (label.isEmpty())
        form->addRow(box);
    else {
        auto *l = new QLabel(label, form->parentWidget());
        l->setToolTip(tip);
        form->addRow(l, box);
    }
    return box;
}

void ExperimentForm::focusField(const QString &path)
{
    QWidget *editor = findChild<QWidget *>(path);
    if (!editor)
        return;
    for (QWidget *w = parentWidget(); w; w = w->parentWidget())
        if (auto *scroll = qobject_cast<QScrollArea *>(w)) {
            scroll->ensureWidgetVisible(editor, 20, 60);
            break;
        }
    editor->setFocus(Qt::OtherFocusReason);
}

void ExperimentForm::updateCorruptionLabel()
{
    QStringList chosen;
    const auto actions = m_corruptKinds->menu()->actions();
    for (QAction *a : actions)
        if (a->isChecked())
            chosen << a->text();
    m_corruptKinds->setText(chosen.size() == actions.size() ? tr("all %1 kinds").arg(actions.size())
                                : chosen.isEmpty()          ? tr("no kind chosen")
                                                            : chosen.join(", "));
}

void ExperimentForm::scheduleValidation()
{
    if (!m_filling)
        m_debounce->start();
}

void ExperimentForm::validateNow()
{
    m_debounce->stop();
    validate();
}

void ExperimentForm::setKnownRuns(const RunRows &runs)
{
    m_storedKeys.clear();
    for (const auto &r : runs)
        if (r.status == storage::RunStatus::Done)
            m_storedKeys.insert(r.key);
    m_pace->setKnownRuns(runs);
    scheduleValidation();
}

void ExperimentForm::setTeachers(const std::vector<storage::TeacherRow> &teachers)
{
    m_teachers = teachers;
    m_storedTeacher->clear();
    m_storedTeacher->addItem(
        teachers.empty() ? tr("none stored yet") : tr("choose a stored teacher…"), -1);
    for (size_t i = 0; i < teachers.size(); ++i)
        // Imported teachers are chosen by their file (Source), not from this list.
        if (!engine::isImportedTeacherModel(teachers[i].model))
            m_storedTeacher->addItem(
                QString("%1 · %2 · %3 % test accuracy")
                    .arg(QString::fromStdString(teachers[i].model),
                         QString::fromStdString(teachers[i].dataset))
                    .arg(teachers[i].testAccuracy ? 100.0 * *teachers[i].testAccuracy : NAN, 0, 'f',
                         2),
                int(i));
    updateDependentStates();
}

void ExperimentForm::setSchedule(const std::vector<engine::AlphaPoint> &schedule)
{
    m_filling = true;
    m_alphaSchedule->setChecked(true);
    m_scheduleTable->setRowCount(0);
    for (const auto &p : schedule) {
        const int row = m_scheduleTable->rowCount();
        m_scheduleTable->insertRow(row);
        m_scheduleTable->setItem(row, 0, new QTableWidgetItem(formatNumber(p.fraction)));
        m_scheduleTable->setItem(row, 1, new QTableWidgetItem(formatNumber(p.alpha)));
    }
    m_baseline->setChecked(true);
    m_filling = false;
    validateNow();
    Q_EMIT message(tr("α(f) schedule copied into the form: %1 points").arg(schedule.size()));
}

void ExperimentForm::resetToDefault()
{
    loadSpec(QString::fromStdString(defaultSpecWithPreferences().dump()));
}

void ExperimentForm::markQueued()
{
    m_lastQueued = specJson();
    validate();
}

bool ExperimentForm::methodUsesTeacher() const
{
    const std::string method = m_method->currentData().toString().toStdString();
    if (!engine::findMethod(method))
        return false;
    const json settings = m_settings->values();
    return engine::scoreUsesTeacher(engine::scoringMethod(method, settings), settings);
}

QString ExperimentForm::summaryText() const
{
    return m_summary->text() + " " + m_runsEcho->text();
}

QString ExperimentForm::fieldError(const QString &path) const
{
    const QLabel *label = m_errors.value(path);
    return label ? label->text() : QString();
}

QString ExperimentForm::commandLine(const QString &storePath) const
{
    // The spec travels inline on standard input, so the command is complete on its own.
    QString quoted = storePath;
    quoted.replace('\'', "'\\''");
    return QString("prunescope-cli run /dev/stdin --store '%1' <<'SPEC'\n%2\nSPEC\n")
        .arg(quoted, specJson());
}

void ExperimentForm::savePresetTo(const QString &path)
{
    const QString error = writeTextFile(path, specJson());
    Q_EMIT message(error.isEmpty() ? tr("Preset saved to %1").arg(path) : error);
}

} // namespace ui
