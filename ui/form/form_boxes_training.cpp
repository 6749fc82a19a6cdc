#include <QAction>
#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QFrame>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include "engine/models/model_registry.h"
#include "engine/prune/method_registry.h"
#include "engine/quality/injection_settings.h"
#include "ui/form/cluster_target_box.h"
#include "ui/form/experiment_form.h"
#include "ui/form/form_support.h"
#include "ui/form/method_settings_editor.h"

namespace ui {

// The boxes of how it trains: the teacher, distillation, the student's recipe, seeds and device.

QGroupBox *ExperimentForm::buildDistillationBox()
{
    auto *kdBox = new QGroupBox(tr("Distillation"), this);
    auto *kdForm = new QFormLayout(kdBox);
    m_formula = new QLabel(kdBox);
    m_formula->setTextFormat(Qt::RichText);
    m_formula->setWordWrap(true);
    kdForm->addRow(m_formula);
    auto *modeRow = new QWidget(kdBox);
    auto *modeLayout = new QHBoxLayout(modeRow);
    modeLayout->setContentsMargins(0, 0, 0, 0);
    m_alphaList = new QRadioButton(tr("fixed α values"), modeRow);
    m_alphaSchedule = new QRadioButton(tr("α(f) schedule"), modeRow);
    auto *modeGroup = new QButtonGroup(modeRow);
    modeGroup->addButton(m_alphaList);
    modeGroup->addButton(m_alphaSchedule);
    modeLayout->addWidget(m_alphaList);
    modeLayout->addWidget(m_alphaSchedule);
    modeLayout->addStretch();
    kdForm->addRow(tr("KD weight"), modeRow);
    m_alphas = new QLineEdit(kdBox);
    m_alphas->setPlaceholderText("0, 0.5, 0.9");
    field(kdForm, QString::fromUtf8("α values"), m_alphas, "distillation.alphas",
          tr("Each kept fraction runs with each α in [0, 1]; α = 0 is plain training"));
    auto *scheduleRow = new QWidget(kdBox);
    auto *scheduleLayout = new QVBoxLayout(scheduleRow);
    scheduleLayout->setContentsMargins(0, 0, 0, 0);
    m_scheduleTable = new QTableWidget(0, 2, scheduleRow);
    m_scheduleTable->setHorizontalHeaderLabels({ tr("kept fraction f"), QString::fromUtf8("α") });
    m_scheduleTable->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_scheduleTable->verticalHeader()->hide();
    m_scheduleTable->setMaximumHeight(m_scheduleTable->fontMetrics().height() * 8);
    auto *pointButtons = new QHBoxLayout;
    m_addPoint = new QPushButton(tr("Add point"), scheduleRow);
    m_removePoint = new QPushButton(tr("Remove point"), scheduleRow);
    m_baseline = new QCheckBox(tr("also run α = 0"), scheduleRow);
    m_baseline->setToolTip(tr("Add plain-training runs as the baseline of the schedule"));
    pointButtons->addWidget(m_addPoint);
    pointButtons->addWidget(m_removePoint);
    pointButtons->addWidget(m_baseline);
    pointButtons->addStretch();
    scheduleLayout->addWidget(m_scheduleTable);
    scheduleLayout->addLayout(pointButtons);
    field(kdForm, QString::fromUtf8("α(f)"), scheduleRow, "distillation.alpha_schedule",
          tr("Points (f, α): α is interpolated linearly in log f and held beyond the ends"));
    m_tau = new QDoubleSpinBox(kdBox);
    m_tau->setRange(0.0, 1000.0);
    m_tau->setDecimals(2);
    m_tau->setSingleStep(0.5);
    field(kdForm, QString::fromUtf8("Temperature τ"), m_tau, "distillation.tau",
          QString::fromUtf8("Softens both softmaxes; τ > 0"));
    m_tauSquared = new QCheckBox(QString::fromUtf8("multiply the KD term by τ²"), kdBox);
    field(kdForm, QString::fromUtf8("τ² scaling"), m_tauSquared, "distillation.tau_squared",
          tr("Keeps the KD gradients' scale independent of τ (Hinton et al.)"));
    return kdBox;
}

QGroupBox *ExperimentForm::buildTrainingBox()
{
    auto *trainBox = new QGroupBox(tr("Student training"), this);
    auto *trainForm = new QFormLayout(trainBox);
    auto *budgetRow = new QWidget(trainBox);
    auto *budgetLayout = new QHBoxLayout(budgetRow);
    budgetLayout->setContentsMargins(0, 0, 0, 0);
    m_budget = new QSpinBox(budgetRow);
    m_budget->setRange(1, 100000000);
    m_budgetUnit = new QComboBox(budgetRow);
    m_budgetUnit->addItem(tr("steps (same for every fraction)"), "steps");
    m_budgetUnit->addItem(tr("epochs of the kept subset"), "epochs");
    budgetLayout->addWidget(m_budget);
    budgetLayout->addWidget(m_budgetUnit, 1);
    field(trainForm, tr("Budget"), budgetRow, "student.train",
          tr("Same steps: every fraction gets the same number of SGD steps. Same epochs: small "
             "fractions take "
             "fewer steps"));
    m_batch = new QSpinBox(trainBox);
    m_batch->setRange(1, 65536);
    m_batch->setSuffix(tr(" images"));
    field(trainForm, tr("Batch size"), m_batch, "student.train.batch_size",
          tr("Images per SGD step"));
    m_lr = new QDoubleSpinBox(trainBox);
    m_lr->setDecimals(4);
    m_lr->setRange(0.0, 100.0);
    m_lr->setSingleStep(0.01);
    field(trainForm, tr("Peak learning rate"), m_lr, "student.train.lr",
          tr("The schedule's largest learning rate"));
    m_schedule = new QComboBox(trainBox);
    for (const char *s : { "onecycle", "cosine", "constant" })
        m_schedule->addItem(s, s);
    field(trainForm, tr("Schedule"), m_schedule, "student.train.schedule",
          tr("onecycle: warm-up over 30 % of the steps, then cosine decay (as PyTorch's "
             "OneCycleLR)"));
    m_momentum = new QDoubleSpinBox(trainBox);
    m_momentum->setRange(0.0, 0.999);
    m_momentum->setDecimals(3);
    m_momentum->setSingleStep(0.05);
    field(trainForm, tr("Momentum"), m_momentum, "student.train.momentum",
          tr("SGD momentum in [0, 1)"));
    m_nesterov = new QCheckBox(tr("Nesterov momentum"), trainBox);
    field(trainForm, QString(), m_nesterov, "student.train.nesterov",
          tr("Needs a momentum above 0"));
    m_weightDecay = new QDoubleSpinBox(trainBox);
    m_weightDecay->setDecimals(6);
    m_weightDecay->setRange(0.0, 1.0);
    m_weightDecay->setSingleStep(0.0001);
    field(trainForm, tr("Weight decay"), m_weightDecay, "student.train.weight_decay",
          tr("L2 penalty of SGD"));
    m_crop = new QSpinBox(trainBox);
    m_crop->setRange(-1, 16);
    m_crop->setSpecialValueText(tr("dataset default"));
    m_crop->setSuffix(tr(" px"));
    field(trainForm, tr("Random crop padding"), m_crop, "student.train.crop_padding",
          tr("Zero padding before the random crop, done on the device (CIFAR default 4, 28×28 "
             "default 2)"));
    m_flip = new QComboBox(trainBox);
    m_flip->addItem(tr("dataset default"), QString());
    m_flip->addItem(tr("on"), "on");
    m_flip->addItem(tr("off"), "off");
    field(trainForm, tr("Horizontal flips"), m_flip, "student.train.flip",
          tr("Random horizontal flips (CIFAR default on, others off)"));
    return trainBox;
}

QGroupBox *ExperimentForm::buildRunBox()
{
    auto *runBox = new QGroupBox(tr("Seeds and device"), this);
    auto *runForm = new QFormLayout(runBox);
    m_seeds = new QLineEdit(runBox);
    m_seeds->setPlaceholderText("0, 1, 2");
    field(runForm, tr("Seeds"), m_seeds, "seeds",
          tr("One run per seed; a seed fixes the subset, the initialisation, batch order and "
             "augmentation"));
    m_device = new QComboBox(runBox);
    m_device->addItem(tr("auto (CUDA when present)"), "auto");
    m_device->addItem(tr("CPU"), "cpu");
    m_device->addItem(tr("CUDA"), "cuda");
    field(runForm, tr("Device"), m_device, "device", tr("Where the runs train"));
    m_runsAtOnce = new QComboBox(runBox);
    m_runsAtOnce->addItem(tr("auto (2 on a CPU, 4 on a GPU)"), "auto");
    for (int k : { 1, 2, 3, 4, 6, 8 })
        m_runsAtOnce->addItem(QString::number(k), k);
    field(runForm, tr("Runs at once"), m_runsAtOnce, "runs_at_once",
          tr("Student runs trained side by side: on a CPU each gets its share of the cores (two "
             "one-thread runs of the small CNN train 1.25× more images per second than one "
             "two-thread run), on a GPU its own stream"));
    return runBox;
}

void ExperimentForm::buildQueueButton()
{
    m_actionBar = new QFrame(this);
    m_actionBar->setObjectName("formActionBar");
    static_cast<QFrame *>(m_actionBar)->setFrameShape(QFrame::StyledPanel);
    auto *bar = new QVBoxLayout(m_actionBar);
    bar->setContentsMargins(6, 4, 6, 4);
    bar->setSpacing(2);
    m_problemLink = new QLabel(m_actionBar);
    m_problemLink->setObjectName("firstProblem");
    m_problemLink->setWordWrap(true);
    m_problemLink->setTextFormat(Qt::RichText);
    m_problemLink->hide();
    connect(m_problemLink, &QLabel::linkActivated, this,
            [this](const QString &link) { focusField(link.mid(int(qstrlen("field:")))); });
    m_runsEcho = noteLabel(m_actionBar);
    m_queue = new QPushButton(tr("Queue runs"), m_actionBar);
    m_queue->setDefault(true);
    bar->addWidget(m_problemLink);
    bar->addWidget(m_runsEcho);
    bar->addWidget(m_queue);
    m_queueAction = new QAction(tr("Queue runs"), this);
    m_queueAction->setObjectName("action.experiment.queue");
    m_queueAction->setShortcuts(
        { QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter) });
    m_queueAction->setToolTip(tr("Queue the runs of this spec (Ctrl+Enter)"));
    connect(m_queue, &QPushButton::clicked, m_queueAction, &QAction::trigger);
    connect(m_queueAction, &QAction::triggered, this, [this] {
        validateNow();
        if (!m_problems.isEmpty()) {
            Q_EMIT message(tr("The spec has problems: %1").arg(m_problems.join("; ")));
            return;
        }
        if (!m_ready) {
            Q_EMIT message(tr("The dataset is still being read; queue again in a moment"));
            return;
        }
        if (m_target->onCluster()) {
            if (const QStringList p = m_target->problems(); !p.isEmpty()) {
                Q_EMIT message(tr("Cannot submit: %1").arg(p.join("; ")));
                return;
            }
            m_target->remember();
            Q_EMIT clusterSubmitRequested(specJson());
            return;
        }
        Q_EMIT queueRequested(specJson());
    });
}

} // namespace ui
