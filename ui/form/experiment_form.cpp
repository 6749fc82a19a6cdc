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
#include "engine/experiment/runner.h"
#include "engine/experiment/teacher_check.h"
#include "engine/models/model_registry.h"
#include "engine/models/teacher_input.h"
#include "engine/train/budget.h"
#include "engine/train/device.h"
#include "engine/train/pace_probe.h"
#include "storage/recorder.h"
#include "ui/common/plot_export.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

namespace ui {

using nlohmann::json;

namespace {

QString num(double v)
{
    return QString::fromStdString(engine::formatNumber(v));
}

QString groupedNumber(int64_t n)
{
    return QLocale::system().toString(qlonglong(n));
}

json defaultSpec()
{
    return json::parse(R"({
        "name": "fashion-mnist random kd",
        "dataset": {"path": "/usr/share/datasets/fashion-mnist", "format": "auto"},
        "student": {"model": "smallcnn", "train": {"steps": 1500, "batch_size": 128, "lr": 0.1, "momentum": 0.9,
                    "nesterov": true, "weight_decay": 0.0005, "schedule": "onecycle", "crop_padding": 2,
                    "flip": true}},
        "teacher": {"model": "smallcnn", "seed": 0, "train": {"epochs": 4, "batch_size": 128, "lr": 0.1,
                    "momentum": 0.9, "nesterov": true, "weight_decay": 0.0005, "schedule": "onecycle",
                    "crop_padding": 2, "flip": true}},
        "pruning": {"method": "random", "class_balanced": false, "fractions": [0.02, 0.1, 0.3]},
        "distillation": {"alphas": [0, 0.5], "tau": 4, "tau_squared": true},
        "seeds": [0, 1],
        "device": "auto"
    })");
}

/// "0.02, 0.1, 0.3" from a JSON list (or the text itself).
QString listText(const json &v)
{
    if (v.is_string())
        return QString::fromStdString(v.get<std::string>());
    QStringList parts;
    if (v.is_array())
        for (const auto &x : v)
            if (x.is_number())
                parts << num(x.get<double>());
    return parts.join(", ");
}

QLabel *noteLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    QFont f = label->font();
    f.setPointSizeF(f.pointSizeF() * 0.92);
    label->setFont(f);
    label->setStyleSheet("color: palette(dark);");
    return label;
}

const char *kModels[]
    = { "smallcnnx0.5", "smallcnn", "smallcnnx2", "resnet8",   "resnet14",  "resnet20",
        "resnet32",     "resnet44", "resnet56",   "resnet110", "resnet8x4", "resnet32x4" };

} // namespace

ExperimentForm::ExperimentForm(QWidget *parent)
    : QWidget(parent)
    , m_base(std::make_unique<json>(defaultSpec()))
{
    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(150);
    connect(m_debounce, &QTimer::timeout, this, &ExperimentForm::validate);

    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);

    // Data
    auto *dataBox = new QGroupBox(tr("Data"), this);
    auto *dataForm = new QFormLayout(dataBox);
    m_name = new QLineEdit(dataBox);
    field(dataForm, tr("Name"), m_name, "name",
          tr("A name for the experiment, shown in the store and the results"));
    auto *pathRow = new QWidget(dataBox);
    auto *pathLayout = new QHBoxLayout(pathRow);
    pathLayout->setContentsMargins(0, 0, 0, 0);
    m_datasetPath = new QLineEdit(pathRow);
    auto *browse = new QToolButton(pathRow);
    browse->setText(tr("Browse…"));
    browse->setToolTip(tr("Choose the dataset folder"));
    m_datasetFormat = new QComboBox(pathRow);
    for (const char *f : { "auto", "idx", "cifar10", "cifar100", "svhn", "imagefolder" })
        m_datasetFormat->addItem(f, f);
    m_datasetFormat->setToolTip(
        tr("auto recognises IDX (MNIST, Fashion-MNIST), CIFAR-10 and CIFAR-100 binary, SVHN "
           "(train_32x32.mat) and image folders (train/<class>/ and test/ or val/)"));
    pathLayout->addWidget(m_datasetPath, 1);
    pathLayout->addWidget(browse);
    pathLayout->addWidget(m_datasetFormat);
    field(dataForm, tr("Dataset"), pathRow, "dataset",
          tr("Folder of an IDX (MNIST, Fashion-MNIST), CIFAR-10/100 binary or SVHN dataset, or "
             "an image folder: train/<class>/ and test/<class>/ with JPEG or PNG files"),
          &m_datasetInfo);
    m_datasetPath->setObjectName("dataset");
    m_datasetFormat->setObjectName("dataset.format");
    auto *imagesRow = new QWidget(dataBox);
    auto *imagesLayout = new QHBoxLayout(imagesRow);
    imagesLayout->setContentsMargins(0, 0, 0, 0);
    m_imageSize = new QSpinBox(imagesRow);
    m_imageSize->setRange(8, 512);
    m_imageSize->setValue(32);
    m_imageSize->setSuffix(tr(" px"));
    m_imageSize->setToolTip(tr("Each image's shorter side is resized to this and the centre "
                               "cropped square"));
    m_imageChannels = new QComboBox(imagesRow);
    m_imageChannels->addItem(tr("RGB"), 3);
    m_imageChannels->addItem(tr("grey"), 1);
    m_skipCorrupt = new QCheckBox(tr("skip unreadable files"), imagesRow);
    m_skipCorrupt->setToolTip(tr("Leave damaged JPEG/PNG files out (they are counted) instead of "
                                 "refusing the dataset"));
    imagesLayout->addWidget(m_imageSize);
    imagesLayout->addWidget(m_imageChannels);
    imagesLayout->addWidget(m_skipCorrupt, 1);
    field(dataForm, tr("Images"), imagesRow, "dataset.image_size",
          tr("How image-folder pictures become tensors; decoded once and cached "
             "beside the store"));
    m_imageSize->setObjectName("dataset.image_size");

    auto *noiseRow = new QWidget(dataBox);
    auto *noiseLayout = new QHBoxLayout(noiseRow);
    noiseLayout->setContentsMargins(0, 0, 0, 0);
    m_labelNoise = new QDoubleSpinBox(noiseRow);
    m_labelNoise->setRange(0, 90);
    m_labelNoise->setDecimals(1);
    m_labelNoise->setSuffix(tr(" %"));
    m_labelNoise->setSpecialValueText(tr("none"));
    m_labelNoise->setToolTip(tr("Share of training labels changed on purpose, to measure how "
                                "pruning and KD cope with noise and how well the flags find it; "
                                "the truth is kept and shown in the Samples tab"));
    m_labelMode = new QComboBox(noiseRow);
    m_labelMode->addItem(tr("symmetric"), "symmetric");
    m_labelMode->addItem(tr("class pairs"), "pairs");
    m_labelMode->setToolTip(tr("symmetric: any other class, uniformly; class pairs: class c "
                               "becomes c + 1"));
    m_injectSeed = new QSpinBox(noiseRow);
    m_injectSeed->setRange(0, 1000000);
    m_injectSeed->setPrefix(tr("seed "));
    m_injectSeed->setToolTip(tr("The same seed corrupts the same samples"));
    noiseLayout->addWidget(m_labelNoise);
    noiseLayout->addWidget(m_labelMode);
    noiseLayout->addWidget(m_injectSeed);
    noiseLayout->addStretch(1);
    field(dataForm, tr("Label noise"), noiseRow, "dataset.inject.label_noise",
          tr("Injected into the training split only (dataset.inject)"));
    m_labelNoise->setObjectName("dataset.inject.label_noise");

    auto *corruptRow = new QWidget(dataBox);
    auto *corruptLayout = new QHBoxLayout(corruptRow);
    corruptLayout->setContentsMargins(0, 0, 0, 0);
    m_corruptEach = new QDoubleSpinBox(corruptRow);
    m_corruptEach->setRange(0, 10);
    m_corruptEach->setDecimals(1);
    m_corruptEach->setSuffix(tr(" % each"));
    m_corruptEach->setSpecialValueText(tr("none"));
    m_corruptEach->setToolTip(tr("Share of training images given each chosen corruption (the "
                                 "sets are disjoint)"));
    m_corruptKinds = new QToolButton(corruptRow);
    m_corruptKinds->setPopupMode(QToolButton::InstantPopup);
    m_corruptKinds->setToolTip(tr("Darken ×0.15, brighten to 0.15·x + 0.85·255, Gaussian blur "
                                  "σ 1.5, Gaussian noise σ 60, exact copies, copies shifted one "
                                  "pixel or brightened by 5"));
    auto *kindsMenu = new QMenu(m_corruptKinds);
    for (auto c : engine::allCorruptions()) {
        auto *action = kindsMenu->addAction(
            QString::fromStdString(std::string(engine::corruptionName(c))).replace('_', ' '));
        action->setData(QString::fromStdString(std::string(engine::corruptionName(c))));
        action->setCheckable(true);
        action->setChecked(true);
        connect(action, &QAction::toggled, this, [this] {
            updateCorruptionLabel();
            scheduleValidation();
        });
    }
    m_corruptKinds->setMenu(kindsMenu);
    corruptLayout->addWidget(m_corruptEach);
    corruptLayout->addWidget(m_corruptKinds);
    corruptLayout->addStretch(1);
    field(dataForm, tr("Corrupt images"), corruptRow, "dataset.inject.corrupt_each",
          tr("Image corruptions injected into the training split (dataset.inject)"));
    m_corruptEach->setObjectName("dataset.inject.corrupt_each");
    updateCorruptionLabel();

    m_student = new QComboBox(dataBox);
    m_student->setEditable(true);
    for (const char *m : kModels)
        m_student->addItem(m);
    field(dataForm, tr("Student"), m_student, "student.model",
          QString::fromStdString(engine::modelNameHelp()), &m_studentInfo);

    // Pruning
    auto *pruneBox = new QGroupBox(tr("Pruning"), this);
    auto *pruneForm = new QFormLayout(pruneBox);
    m_method = new QComboBox(pruneBox);
    for (const auto &m : engine::methodRegistry())
        m_method->addItem(QString::fromStdString(m.title), QString::fromStdString(m.name));
    field(pruneForm, tr("Method"), m_method, "pruning.method", tr("How the kept subset is chosen"),
          &m_methodDefinition);
    m_methodDefinition->setTextFormat(Qt::PlainText);
    m_direction = new QComboBox(pruneBox);
    m_direction->addItem(tr("the method's default"), QString());
    m_direction->addItem(tr("hardest samples"), "hardest");
    m_direction->addItem(tr("easiest samples"), "easiest");
    m_direction->addItem(tr("middle band"), "middle");
    m_direction->addItem(tr("stratified over the score"), "stratified");
    field(pruneForm, tr("Keep"), m_direction, "pruning.direction",
          tr("Which samples of the score the subset keeps; \"hard\" is the method's own meaning"));
    m_settingsBox = new QWidget(pruneBox);
    m_settingsForm = new QFormLayout(m_settingsBox);
    m_settingsForm->setContentsMargins(0, 0, 0, 0);
    field(pruneForm, tr("Settings"), m_settingsBox, "pruning.settings",
          tr("The method's settings, stored with every run"));
    m_proxySteps = new QSpinBox(pruneBox);
    m_proxySteps->setRange(0, 100000000);
    m_proxySteps->setSpecialValueText(tr("the student's recipe"));
    m_proxySteps->setSuffix(tr(" steps"));
    field(pruneForm, tr("Proxy training"), m_proxySteps, "pruning.proxy",
          tr("Proxy models are trained on the full training set with the student's architecture "
             "and recipe; set a step budget to train them shorter (EL2N's proxies are usually read "
             "early)"));
    m_classBalanced = new QCheckBox(tr("keep fraction f of every class"), pruneBox);
    field(pruneForm, tr("Class balance"), m_classBalanced, "pruning.class_balanced",
          tr("Select within each class, so every class keeps its share"));
    m_fractions = new QLineEdit(pruneBox);
    m_fractions->setPlaceholderText("0.02, 0.1, 0.3   or   0.1, 0.2, ..., 1");
    field(pruneForm, tr("Kept fractions"), m_fractions, "pruning.fractions",
          tr("Kept fraction f = N_kept / N, each in (0, 1]; a list or an ellipsis range"),
          &m_fractionsEcho);

    // Teacher
    auto *teacherBox = new QGroupBox(tr("Teacher"), this);
    auto *teacherForm = new QFormLayout(teacherBox);
    m_teacherSource = new QComboBox(teacherBox);
    m_teacherSource->addItem(tr("train here on the full training set"), "train");
    m_teacherSource->addItem(tr("import a TorchScript file (torch.jit.save)"), "file");
    field(teacherForm, tr("Source"), m_teacherSource, "teacher.source",
          tr("Train the teacher here, or bring one trained elsewhere (PyTorch)"));
    auto *fileRow = new QWidget(teacherBox);
    auto *fileLayout = new QHBoxLayout(fileRow);
    fileLayout->setContentsMargins(0, 0, 0, 0);
    m_teacherFile = new QLineEdit(fileRow);
    m_teacherFile->setPlaceholderText(tr("path of a TorchScript module (.pt)"));
    auto *browseTeacher = new QToolButton(fileRow);
    browseTeacher->setText(tr("Browse…"));
    fileLayout->addWidget(m_teacherFile, 1);
    fileLayout->addWidget(browseTeacher);
    field(teacherForm, tr("File"), fileRow, "teacher.file",
          tr("A TorchScript module: N×C×H×W images in, N×classes logits out"), &m_teacherFileInfo);
    m_teacherFile->setObjectName("teacher.file");
    auto *inputRow = new QWidget(teacherBox);
    auto *inputLayout = new QHBoxLayout(inputRow);
    inputLayout->setContentsMargins(0, 0, 0, 0);
    m_teacherInput = new QComboBox(inputRow);
    m_teacherInput->addItem(tr("standardised by this dataset"), "standardized");
    m_teacherInput->addItem(tr("pixels in [0, 1]"), "unit");
    m_teacherInput->addItem(tr("Normalize(mean, std)"), "normalize");
    m_teacherMean = new QLineEdit(inputRow);
    m_teacherMean->setPlaceholderText(tr("mean, e.g. 0.286"));
    m_teacherStd = new QLineEdit(inputRow);
    m_teacherStd->setPlaceholderText(tr("std, e.g. 0.353"));
    inputLayout->addWidget(m_teacherInput, 1);
    inputLayout->addWidget(m_teacherMean);
    inputLayout->addWidget(m_teacherStd);
    field(teacherForm, tr("Input"), inputRow, "teacher.input",
          tr("The pixels the module was trained on: per-channel mean and std "
             "of transforms.Normalize are for pixels in [0, 1]"));
    m_teacherMean->setObjectName("teacher.input.mean");
    m_teacherStd->setObjectName("teacher.input.std");
    m_storedTeacher = new QComboBox(teacherBox);
    m_storedTeacher->setToolTip(
        tr("Reuse a teacher the workspace already trained: its settings fill the fields "
           "and it is not trained again"));
    field(teacherForm, tr("Stored"), m_storedTeacher, "teacher.stored", m_storedTeacher->toolTip());
    m_teacher = new QComboBox(teacherBox);
    m_teacher->setEditable(true);
    for (const char *m : kModels)
        m_teacher->addItem(m);
    field(teacherForm, tr("Architecture"), m_teacher, "teacher.model",
          tr("Smaller, equal or larger than the student: capacity is an axis to study"),
          &m_teacherInfo);
    auto *teacherBudgetRow = new QWidget(teacherBox);
    auto *teacherBudgetLayout = new QHBoxLayout(teacherBudgetRow);
    teacherBudgetLayout->setContentsMargins(0, 0, 0, 0);
    m_teacherEpochs = new QSpinBox(teacherBudgetRow);
    m_teacherEpochs->setRange(1, 100000000);
    m_teacherBudgetUnit = new QComboBox(teacherBudgetRow);
    m_teacherBudgetUnit->addItem(tr("epochs of the full training set"), "epochs");
    m_teacherBudgetUnit->addItem(tr("steps"), "steps");
    teacherBudgetLayout->addWidget(m_teacherEpochs);
    teacherBudgetLayout->addWidget(m_teacherBudgetUnit, 1);
    field(teacherForm, tr("Budget"), teacherBudgetRow, "teacher.train",
          tr("Passes over the full training set"), &m_teacherRecipe);
    m_teacherSeed = new QSpinBox(teacherBox);
    m_teacherSeed->setRange(0, 1000000);
    field(teacherForm, tr("Seed"), m_teacherSeed, "teacher.seed",
          tr("Seed of the teacher's training"));

    // Distillation
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

    // Training
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

    // Seeds and device
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

    m_runsEcho = noteLabel(this);
    m_queue = new QPushButton(tr("Queue runs"), this);
    m_queue->setDefault(true);
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
        Q_EMIT queueRequested(specJson());
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_summary);
    for (QGroupBox *box : { dataBox, pruneBox, teacherBox, kdBox, trainBox, runBox })
        layout->addWidget(box);
    layout->addWidget(m_runsEcho);
    layout->addWidget(m_queue);
    layout->addStretch();

    // Every edit revalidates after a short pause.
    for (QLineEdit *e : { m_name, m_datasetPath, m_fractions, m_alphas, m_seeds, m_teacherFile,
                          m_teacherMean, m_teacherStd })
        connect(e, &QLineEdit::textChanged, this, &ExperimentForm::scheduleValidation);
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
            rebuildMethodSettings(methodSettingsJson());
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
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString dir
            = QFileDialog::getExistingDirectory(this, tr("Dataset folder"), m_datasetPath->text());
        if (!dir.isEmpty())
            m_datasetPath->setText(dir);
    });
    connect(browseTeacher, &QToolButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(
            this, tr("TorchScript teacher"), m_teacherFile->text(),
            tr("TorchScript modules (*.pt *.pth *.ts);;All files (*)"));
        if (!file.isEmpty())
            m_teacherFile->setText(file);
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

    fillFrom(*m_base);
    validate();
}

ExperimentForm::~ExperimentForm() = default;

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

json ExperimentForm::currentJson() const
{
    json spec = *m_base;
    spec["name"] = m_name->text().toStdString();
    spec["dataset"] = { { "path", m_datasetPath->text().toStdString() },
                        { "format", m_datasetFormat->currentData().toString().toStdString() } };
    if (imageFolderSelected()) {
        spec["dataset"]["image_size"] = m_imageSize->value();
        spec["dataset"]["channels"] = m_imageChannels->currentData().toInt();
        spec["dataset"]["on_corrupt"] = m_skipCorrupt->isChecked() ? "skip" : "error";
    }
    if (m_labelNoise->value() > 0 || m_corruptEach->value() > 0) {
        json kinds = json::array();
        for (QAction *a : m_corruptKinds->menu()->actions())
            if (a->isChecked())
                kinds.push_back(a->data().toString().toStdString());
        if (kinds.size() == engine::allCorruptions().size())
            kinds = json::array(); // all: the spec's default
        spec["dataset"]["inject"]
            = { { "label_noise", m_labelNoise->value() / 100 },
                { "label_mode", m_labelMode->currentData().toString().toStdString() },
                { "corrupt_each", m_corruptEach->value() / 100 },
                { "corruptions", kinds },
                { "seed", m_injectSeed->value() } };
    }
    spec["student"]["model"] = m_student->currentText().trimmed().toStdString();
    json &train = spec["student"]["train"];
    train.erase("steps");
    train.erase("epochs");
    train[m_budgetUnit->currentData().toString().toStdString()] = m_budget->value();
    train["batch_size"] = m_batch->value();
    train["lr"] = m_lr->value();
    train["momentum"] = m_momentum->value();
    train["nesterov"]
        = m_nesterov->isChecked() && m_momentum->value() > 0; // disabled without momentum
    train["weight_decay"] = m_weightDecay->value();
    train["schedule"] = m_schedule->currentData().toString().toStdString();
    if (m_crop->value() < 0)
        train.erase("crop_padding");
    else
        train["crop_padding"] = m_crop->value();
    if (m_flip->currentData().toString().isEmpty())
        train.erase("flip");
    else
        train["flip"] = m_flip->currentData().toString() == "on";
    const std::string method = m_method->currentData().toString().toStdString();
    if (spec["pruning"].value("method", "") != method) {
        spec["pruning"].erase("settings"); // the base's settings belong to its own method
        spec["pruning"].erase("direction");
    }
    spec["pruning"]["method"] = method;
    spec["pruning"]["class_balanced"] = m_classBalanced->isChecked();
    spec["pruning"]["settings"] = methodSettingsJson();
    if (m_direction->currentData().toString().isEmpty())
        spec["pruning"].erase("direction");
    else
        spec["pruning"]["direction"] = m_direction->currentData().toString().toStdString();
    if (m_proxySteps->value() > 0) {
        json proxyTrain = train;
        proxyTrain.erase("epochs");
        proxyTrain["steps"] = m_proxySteps->value();
        spec["pruning"]["proxy"]["train"] = proxyTrain;
    } else if (spec["pruning"].contains("proxy")) {
        spec["pruning"]["proxy"].erase("train");
    }
    spec["pruning"]["fractions"] = m_fractions->text().toStdString();
    json &kd = spec["distillation"];
    kd.erase("alphas");
    kd.erase("alpha_schedule");
    if (m_alphaList->isChecked()) {
        kd["alphas"] = m_alphas->text().toStdString();
    } else {
        json points = json::array();
        for (int r = 0; r < m_scheduleTable->rowCount(); ++r) {
            auto cell = [&](int c) {
                const auto *item = m_scheduleTable->item(r, c);
                bool ok = false;
                const double v = item ? item->text().toDouble(&ok) : 0.0;
                return ok ? json(v) : json(item ? item->text().toStdString() : std::string());
            };
            points.push_back({ cell(0), cell(1) });
        }
        kd["alpha_schedule"] = points;
        if (m_baseline->isChecked())
            kd["alphas"] = json::array({ 0 });
    }
    kd["tau"] = m_tau->value();
    kd["tau_squared"] = m_tauSquared->isChecked();
    if (importsTeacher()) {
        json teacher { { "file", m_teacherFile->text().trimmed().toStdString() } };
        const std::string input = m_teacherInput->currentData().toString().toStdString();
        if (input == "normalize")
            teacher["input"] = { { "mean", m_teacherMean->text().trimmed().toStdString() },
                                 { "std", m_teacherStd->text().trimmed().toStdString() } };
        else
            teacher["input"] = input;
        spec["teacher"] = teacher;
    } else {
        if (!spec["teacher"].is_object())
            spec["teacher"] = json::object();
        for (const char *key : { "file", "input", "file_hash" })
            spec["teacher"].erase(key);
        spec["teacher"]["model"] = m_teacher->currentText().trimmed().toStdString();
        spec["teacher"]["seed"] = m_teacherSeed->value();
        json &teacherTrain = spec["teacher"]["train"];
        if (!teacherTrain.is_object()) // the base held an imported teacher: the student's recipe
            teacherTrain = spec["student"]["train"];
        teacherTrain.erase("steps");
        teacherTrain.erase("epochs");
        teacherTrain[m_teacherBudgetUnit->currentData().toString().toStdString()]
            = m_teacherEpochs->value();
    }
    if (!m_distils && !methodUsesTeacher())
        spec.erase("teacher"); // no run uses it; the preset keeps it for when α > 0 again
    spec["seeds"] = m_seeds->text().toStdString();
    spec["device"] = m_device->currentData().toString().toStdString();
    const QVariant side = m_runsAtOnce->currentData();
    spec["runs_at_once"]
        = side.typeId() == QMetaType::Int ? nlohmann::json(side.toInt()) : nlohmann::json("auto");
    return spec;
}

QString ExperimentForm::specJson() const
{
    // The canonical form when the spec is valid (lists expanded, every default explicit).
    const json spec = currentJson();
    const auto parsed = engine::parseSpec(spec.dump());
    return QString::fromStdString(parsed.problems.empty() ? engine::specToJson(parsed.spec)
                                                          : spec.dump(2));
}

void ExperimentForm::fillFrom(const json &spec)
{
    auto str = [](const json &j, const char *key, const std::string &fallback = {}) {
        return QString::fromStdString(
            j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : fallback);
    };
    auto number = [](const json &j, const char *key, double fallback) {
        return j.contains(key) && j[key].is_number() ? j[key].get<double>() : fallback;
    };
    const json empty = json::object();
    const json &dataset
        = spec.contains("dataset") && spec["dataset"].is_object() ? spec["dataset"] : empty;
    const json &student
        = spec.contains("student") && spec["student"].is_object() ? spec["student"] : empty;
    const json &train
        = student.contains("train") && student["train"].is_object() ? student["train"] : empty;
    const json &teacher
        = spec.contains("teacher") && spec["teacher"].is_object() ? spec["teacher"] : empty;
    const json &teacherTrain
        = teacher.contains("train") && teacher["train"].is_object() ? teacher["train"] : empty;
    const json &pruning
        = spec.contains("pruning") && spec["pruning"].is_object() ? spec["pruning"] : empty;
    const json &kd = spec.contains("distillation") && spec["distillation"].is_object()
        ? spec["distillation"]
        : empty;

    m_name->setText(str(spec, "name", "experiment"));
    m_datasetPath->setText(str(dataset, "path", engine::kDefaultDatasetPath));
    m_datasetFormat->setCurrentIndex(
        std::max(0, m_datasetFormat->findData(str(dataset, "format", "auto"))));
    m_imageSize->setValue(int(number(dataset, "image_size", 32)));
    m_imageChannels->setCurrentIndex(number(dataset, "channels", 3) == 1 ? 1 : 0);
    m_skipCorrupt->setChecked(str(dataset, "on_corrupt", "error") == "skip");
    {
        const json inject = dataset.contains("inject") && dataset["inject"].is_object()
            ? dataset["inject"]
            : json::object();
        m_labelNoise->setValue(100 * number(inject, "label_noise", 0));
        m_labelMode->setCurrentIndex(str(inject, "label_mode", "symmetric") == "pairs" ? 1 : 0);
        m_corruptEach->setValue(100 * number(inject, "corrupt_each", 0));
        m_injectSeed->setValue(int(number(inject, "seed", 0)));
        std::vector<std::string> kinds;
        if (inject.contains("corruptions") && inject["corruptions"].is_array())
            for (const auto &k : inject["corruptions"])
                if (k.is_string())
                    kinds.push_back(k.get<std::string>());
        for (QAction *a : m_corruptKinds->menu()->actions())
            a->setChecked(
                kinds.empty()
                || std::find(kinds.begin(), kinds.end(), a->data().toString().toStdString())
                    != kinds.end());
        updateCorruptionLabel();
    }
    m_student->setCurrentText(str(student, "model", "smallcnn"));
    const bool steps = train.contains("steps");
    m_budgetUnit->setCurrentIndex(steps ? 0 : 1);
    m_budget->setValue(int(number(train, steps ? "steps" : "epochs", 1500)));
    m_batch->setValue(int(number(train, "batch_size", 128)));
    m_lr->setValue(number(train, "lr", 0.1));
    m_momentum->setValue(number(train, "momentum", 0.9));
    m_nesterov->setChecked(!train.contains("nesterov") || train["nesterov"] == true);
    m_weightDecay->setValue(number(train, "weight_decay", 5e-4));
    m_schedule->setCurrentIndex(
        std::max(0, m_schedule->findData(str(train, "schedule", "onecycle"))));
    m_crop->setValue(train.contains("crop_padding") && train["crop_padding"].is_number()
                         ? train["crop_padding"].get<int>()
                         : -1);
    m_flip->setCurrentIndex(!train.contains("flip") || !train["flip"].is_boolean()
                                ? 0
                                : (train["flip"] == true ? 1 : 2));
    m_method->setCurrentIndex(std::max(0, m_method->findData(str(pruning, "method", "random"))));
    m_direction->setCurrentIndex(std::max(0, m_direction->findData(str(pruning, "direction", ""))));
    rebuildMethodSettings(pruning.contains("settings") && pruning["settings"].is_object()
                              ? pruning["settings"]
                              : json::object());
    {
        const json *proxyTrain = pruning.contains("proxy") && pruning["proxy"].is_object()
                && pruning["proxy"].contains("train") && pruning["proxy"]["train"].is_object()
            ? &pruning["proxy"]["train"]
            : nullptr;
        m_proxySteps->setValue(proxyTrain && proxyTrain->contains("steps")
                                       && (*proxyTrain)["steps"].is_number_integer()
                                   ? (*proxyTrain)["steps"].get<int>()
                                   : 0);
    }
    m_classBalanced->setChecked(pruning.contains("class_balanced")
                                && pruning["class_balanced"] == true);
    m_fractions->setText(pruning.contains("fractions") ? listText(pruning["fractions"])
                                                       : QString());
    const bool scheduled = kd.contains("alpha_schedule");
    m_alphaSchedule->setChecked(scheduled);
    m_alphaList->setChecked(!scheduled);
    m_alphas->setText(kd.contains("alphas") ? listText(kd["alphas"]) : QString("0"));
    m_scheduleTable->setRowCount(0);
    if (scheduled && kd["alpha_schedule"].is_array())
        for (const auto &p : kd["alpha_schedule"]) {
            const int row = m_scheduleTable->rowCount();
            m_scheduleTable->insertRow(row);
            for (int c = 0; c < 2; ++c)
                m_scheduleTable->setItem(
                    row, c,
                    new QTableWidgetItem(p.is_array() && p.size() == 2 && p[c].is_number()
                                             ? num(p[c].get<double>())
                                             : QString()));
        }
    m_baseline->setChecked(scheduled && kd.contains("alphas"));
    m_tau->setValue(number(kd, "tau", 4.0));
    m_tauSquared->setChecked(!kd.contains("tau_squared") || kd["tau_squared"] == true);
    m_teacherSource->setCurrentIndex(teacher.contains("file") ? 1 : 0);
    m_teacherFile->setText(str(teacher, "file", ""));
    {
        const json input = teacher.contains("input") ? teacher["input"] : json("standardized");
        const auto listText = [&](const char *key) {
            QStringList parts;
            if (input.is_object() && input.contains(key) && input[key].is_array())
                for (const auto &v : input[key])
                    parts << (v.is_number() ? num(v.get<double>()) : QString());
            else if (input.is_object() && input.contains(key) && input[key].is_string())
                parts << QString::fromStdString(input[key].get<std::string>());
            return parts.join(", ");
        };
        m_teacherInput->setCurrentIndex(
            input.is_object()
                ? 2
                : std::max(0,
                           m_teacherInput->findData(QString::fromStdString(
                               input.is_string() ? input.get<std::string>() : "standardized"))));
        m_teacherMean->setText(listText("mean"));
        m_teacherStd->setText(listText("std"));
    }
    m_teacher->setCurrentText(str(teacher, "model", "smallcnn") == "torchscript"
                                  ? QString("smallcnn")
                                  : str(teacher, "model", "smallcnn"));
    m_teacherSeed->setValue(int(number(teacher, "seed", 0)));
    const bool teacherSteps = teacherTrain.contains("steps");
    m_teacherBudgetUnit->setCurrentIndex(teacherSteps ? 1 : 0);
    m_teacherEpochs->setValue(int(number(teacherTrain, teacherSteps ? "steps" : "epochs", 4)));
    m_seeds->setText(spec.contains("seeds") ? listText(spec["seeds"]) : QString("0"));
    m_device->setCurrentIndex(std::max(0, m_device->findData(str(spec, "device", "auto"))));
    const auto side = spec.find("runs_at_once");
    int sideIndex = 0;
    if (side != spec.end() && side->is_number_integer()) {
        const int k = side->get<int>();
        sideIndex = m_runsAtOnce->findData(k);
        if (sideIndex < 0 && k >= 1 && k <= 64) { // a value the menu does not list
            m_runsAtOnce->addItem(QString::number(k), k);
            sideIndex = m_runsAtOnce->count() - 1;
        }
    }
    m_runsAtOnce->setCurrentIndex(std::max(0, sideIndex));
}

QStringList ExperimentForm::loadSpec(const QString &text)
{
    json spec;
    try {
        spec = json::parse(text.toStdString());
    } catch (const json::parse_error &e) {
        return { tr("not valid JSON: %1").arg(e.what()) };
    }
    if (!spec.is_object())
        return { tr("the spec must be a JSON object {...}") };
    *m_base = spec;
    if (!m_base->contains("teacher"))
        (*m_base)["teacher"] = defaultSpec()["teacher"];
    m_filling = true;
    fillFrom(*m_base);
    m_filling = false;
    validateNow();
    return m_problems;
}

void ExperimentForm::setKnownRuns(const RunRows &runs)
{
    // Derived once here, not at every keystroke: finished runs' keys, and their seconds per step
    // by student, batch size and device kind.
    m_storedKeys.clear();
    m_measuredPaces.clear();
    for (const auto &r : runs) {
        if (r.status != storage::RunStatus::Done)
            continue;
        m_storedKeys.insert(r.key);
        if (!r.steps || *r.steps <= 0 || !r.wallSeconds)
            continue;
        const auto config = json::parse(r.configJson, nullptr, false);
        if (!config.is_object() || !config.contains("student")
            || !config["student"].contains("train"))
            continue;
        const int64_t batch = config["student"]["train"].value("batch_size", int64_t(0));
        m_measuredPaces[paceKey(r.studentModel, batch,
                                QString::fromStdString(r.device).startsWith("CPU"))]
            .push_back(*r.wallSeconds / double(*r.steps));
    }
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
        m_scheduleTable->setItem(row, 0, new QTableWidgetItem(num(p.fraction)));
        m_scheduleTable->setItem(row, 1, new QTableWidgetItem(num(p.alpha)));
    }
    m_baseline->setChecked(true);
    m_filling = false;
    validateNow();
    Q_EMIT message(tr("α(f) schedule copied into the form: %1 points").arg(schedule.size()));
}

void ExperimentForm::resetToDefault()
{
    loadSpec(QString::fromStdString(defaultSpec().dump()));
}

void ExperimentForm::markQueued()
{
    m_lastQueued = specJson();
    validate();
}

bool ExperimentForm::importsTeacher() const
{
    return m_teacherSource->currentData().toString() == "file";
}

bool ExperimentForm::imageFolderSelected() const
{
    const QString format = m_datasetFormat->currentData().toString();
    return format == "imagefolder"
        || (format == "auto" && m_dataset
            && m_dataset->format == engine::DatasetFormat::ImageFolder);
}

engine::ImageFolderOptions ExperimentForm::imageOptions() const
{
    engine::ImageFolderOptions options;
    options.imageSize = m_imageSize->value();
    options.channels = m_imageChannels->currentData().toInt();
    options.skipCorrupt = m_skipCorrupt->isChecked();
    // The form reads datasets before a store is chosen: its decoded images live in the user's
    // cache folder (runs use the store's own).
    options.cacheDir
        = (QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + "/decoded")
              .toStdString();
    return options;
}

void ExperimentForm::checkImportedTeacher(const engine::ExperimentSpec &spec)
{
    const engine::TeacherSpec &teacher = *spec.teacher;
    std::error_code ec;
    const auto modified = std::filesystem::last_write_time(teacher.file, ec);
    const QString key = QString::fromStdString(teacher.file) + "|"
        + QString::number(ec ? 0 : modified.time_since_epoch().count()) + "|"
        + QString::fromStdString(teacher.input.kind) + "|"
        + QString::number(teacher.input.mean.empty() ? 0 : teacher.input.mean.front()) + "|"
        + QString::number(teacher.input.stdDev.empty() ? 0 : teacher.input.stdDev.front()) + "|"
        + m_inspectedKey;
    if (key == m_teacherCheckKey)
        return;
    m_teacherCheckKey = key;
    m_teacherCheckError.clear();
    m_teacherFileInfo->setText(tr("Checking the module against the dataset…"));
    const int generation = ++m_teacherCheckGeneration;
    using Result = std::pair<std::optional<engine::ImportedTeacherCheck>, QString>;
    auto *watcher = new QFutureWatcher<Result>(this);
    connect(watcher, &QFutureWatcher<Result>::finished, this, [this, watcher, generation] {
        const Result result = watcher->result();
        watcher->deleteLater();
        if (generation != m_teacherCheckGeneration)
            return;
        m_teacherCheckError = result.second;
        if (const auto &c = result.first)
            m_teacherFileInfo->setText(
                QString::fromUtf8("✓ ")
                + tr("takes %1×%2×%3 images, returns %4 logits · <b>%5 %</b> test accuracy on "
                     "%6 (%7 test images)")
                      .arg(c->channels)
                      .arg(c->height)
                      .arg(c->width)
                      .arg(c->outputs)
                      .arg(100.0 * c->testAccuracy, 0, 'f', 2)
                      .arg(QString::fromStdString(c->datasetName).toHtmlEscaped())
                      .arg(groupedNumber(c->testImages)));
        else
            m_teacherFileInfo->clear();
        validate();
    });
    const std::string path = spec.datasetPath;
    const engine::DatasetFormat format = spec.datasetFormat;
    const engine::ImageFolderOptions images = imageOptions();
    watcher->setFuture(QtConcurrent::run([path, format, images, teacher]() -> Result {
        try {
            return { engine::checkImportedTeacher(path, format, images, teacher.file,
                                                  teacher.input),
                     QString() };
        } catch (const std::exception &e) {
            return { std::nullopt, QString::fromStdString(e.what()) };
        }
    }));
}

void ExperimentForm::inspectDataset()
{
    const engine::ImageFolderOptions images = imageOptions();
    const QString key = m_datasetPath->text() + "|" + m_datasetFormat->currentData().toString()
        + "|" + QString::number(images.imageSize) + "|" + QString::number(images.channels) + "|"
        + (images.skipCorrupt ? "skip" : "error");
    // A failed read is retried after a few seconds: the user may be fixing the files on disk.
    if (key == m_inspectedKey && (m_datasetError.isEmpty() || m_errorAge.elapsed() < 3000))
        return;
    m_inspectedKey = key;
    m_dataset.reset();
    m_datasetError.clear();
    m_datasetInfo->setText(tr("Reading the dataset…"));
    const int generation = ++m_inspectGeneration;
    const std::string path = m_datasetPath->text().toStdString();
    const auto format
        = engine::parseDatasetFormat(m_datasetFormat->currentData().toString().toStdString())
              .value_or(engine::DatasetFormat::Auto);
    using Result = std::pair<std::optional<engine::DatasetInfo>, QString>;
    auto *watcher = new QFutureWatcher<Result>(this);
    connect(watcher, &QFutureWatcher<Result>::finished, this, [this, watcher, generation] {
        const Result result = watcher->result();
        watcher->deleteLater();
        if (generation != m_inspectGeneration)
            return; // a later path replaced this one
        m_dataset = result.first;
        m_datasetError = result.second;
        m_errorAge.restart();
        validate();
    });
    watcher->setFuture(QtConcurrent::run([path, format, images]() -> Result {
        try {
            return { engine::inspectDataset(path, format, images), QString() };
        } catch (const std::exception &e) {
            return { std::nullopt, QString::fromStdString(e.what()) };
        }
    }));
}

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
                 alpha.toHtmlEscaped(), num(tau)));
}

bool ExperimentForm::methodUsesTeacher() const
{
    const std::string method = m_method->currentData().toString().toStdString();
    if (!engine::findMethod(method))
        return false;
    const json settings = methodSettingsJson();
    return engine::scoreUsesTeacher(engine::scoringMethod(method, settings), settings);
}

json ExperimentForm::methodSettingsJson() const
{
    json out = json::object();
    for (auto it = m_settingEditors.begin(); it != m_settingEditors.end(); ++it) {
        const std::string key = it.key().toStdString();
        if (auto *spin = qobject_cast<QSpinBox *>(it.value()))
            out[key] = spin->value();
        else if (auto *dspin = qobject_cast<QDoubleSpinBox *>(it.value()))
            out[key] = dspin->value();
        else if (auto *combo = qobject_cast<QComboBox *>(it.value()))
            out[key] = combo->currentData().toString().toStdString();
        else if (auto *check = qobject_cast<QCheckBox *>(it.value()))
            out[key] = check->isChecked();
        else if (auto *line = it.value()->findChild<QLineEdit *>())
            out[key] = line->text().trimmed().toStdString();
    }
    return out;
}

void ExperimentForm::rebuildMethodSettings(const json &values)
{
    using Kind = engine::ParamInfo::Kind;
    const std::string method = m_method->currentData().toString().toStdString();
    const engine::MethodInfo *info = engine::findMethod(method);
    while (m_settingsForm->rowCount() > 0)
        m_settingsForm->removeRow(0);
    m_settingEditors.clear();
    std::vector<engine::ParamInfo> params = info ? info->params : std::vector<engine::ParamInfo> {};
    if (method == "ccs") {
        const std::string base
            = values.is_object() && values.contains("score") && values["score"].is_string()
            ? values["score"].get<std::string>()
            : "aum";
        if (const engine::MethodInfo *b = engine::findMethod(base))
            params.insert(params.end(), b->params.begin(), b->params.end());
    }
    for (const auto &p : params) {
        const json value
            = values.is_object() && values.contains(p.key) ? values[p.key] : p.defaultValue;
        const QString tip = QString::fromStdString(p.help);
        QWidget *editor = nullptr;
        switch (p.kind) {
        case Kind::Integer: {
            auto *spin = new QSpinBox(m_settingsBox);
            spin->setRange(int(p.min), int(std::min(p.max, 1e9)));
            spin->setValue(value.is_number() ? value.get<int>() : int(p.min));
            connect(spin, &QSpinBox::valueChanged, this, &ExperimentForm::scheduleValidation);
            editor = spin;
            break;
        }
        case Kind::Number: {
            auto *spin = new QDoubleSpinBox(m_settingsBox);
            spin->setDecimals(4);
            spin->setSingleStep(p.max <= 1 ? 0.05 : 1.0);
            spin->setRange(p.min, std::min(p.max, 1e9) - (p.maxExclusive ? 1e-4 : 0.0));
            spin->setValue(value.is_number() ? value.get<double>() : p.min);
            if (p.key == "checkpoint")
                spin->setSpecialValueText(tr("end of proxy training"));
            connect(spin, &QDoubleSpinBox::valueChanged, this, &ExperimentForm::scheduleValidation);
            editor = spin;
            break;
        }
        case Kind::Choice: {
            auto *combo = new QComboBox(m_settingsBox);
            for (const auto &c : p.choices)
                combo->addItem(QString::fromStdString(c), QString::fromStdString(c));
            combo->setCurrentIndex(
                std::max(0,
                         combo->findData(QString::fromStdString(
                             value.is_string() ? value.get<std::string>() : ""))));
            connect(combo, &QComboBox::currentIndexChanged, this,
                    &ExperimentForm::scheduleValidation);
            if (method == "ccs" && p.key == "score")
                connect(combo, &QComboBox::currentIndexChanged, this, [this] {
                    QTimer::singleShot(0, this,
                                       [this] { rebuildMethodSettings(methodSettingsJson()); });
                });
            editor = combo;
            break;
        }
        case Kind::Boolean: {
            auto *check = new QCheckBox(m_settingsBox);
            check->setChecked(value.is_boolean() ? value.get<bool>() : false);
            connect(check, &QCheckBox::toggled, this, &ExperimentForm::scheduleValidation);
            editor = check;
            break;
        }
        case Kind::Path: {
            auto *row = new QWidget(m_settingsBox);
            auto *layout = new QHBoxLayout(row);
            layout->setContentsMargins(0, 0, 0, 0);
            auto *line = new QLineEdit(row);
            line->setText(
                QString::fromStdString(value.is_string() ? value.get<std::string>() : ""));
            line->setPlaceholderText(tr("path of a score file (.csv or .npy)"));
            auto *browse = new QToolButton(row);
            browse->setText(tr("Browse…"));
            layout->addWidget(line, 1);
            layout->addWidget(browse);
            connect(line, &QLineEdit::textChanged, this, &ExperimentForm::scheduleValidation);
            connect(browse, &QToolButton::clicked, this, [this, line] {
                const QString file = QFileDialog::getOpenFileName(
                    this, tr("Choose a score or subset file"), line->text(),
                    tr("Scores or indices (*.csv *.npy);;All files (*)"));
                if (!file.isEmpty())
                    line->setText(file);
            });
            editor = row;
            break;
        }
        }
        editor->setToolTip(tip);
        editor->setObjectName("pruning.settings." + QString::fromStdString(p.key));
        m_settingsForm->addRow(QString::fromStdString(p.key), editor);
        m_settingEditors.insert(QString::fromStdString(p.key), editor);
    }
    if (params.empty()) {
        auto *none = new QLabel(tr("none"), m_settingsBox);
        none->setEnabled(false);
        m_settingsForm->addRow(none);
    }
    updateDependentStates();
    scheduleValidation();
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
        && engine::scoreUsesProxy(engine::scoringMethod(method->name, methodSettingsJson()),
                                  methodSettingsJson());
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
    for (QWidget *w : std::initializer_list<QWidget *> { m_teacherFile, m_teacherInput,
                                                         m_teacherMean, m_teacherStd })
        explain(w,
                !distils        ? noTeacher
                    : !imported ? tr("The teacher is trained here (Source)")
                    : ((w == m_teacherMean || w == m_teacherStd) && !normalize)
                    ? tr("Only for Normalize(mean, std)")
                    : QString());
    m_nesterov->setEnabled(m_momentum->value() > 0);
}

std::optional<double> ExperimentForm::probedPace(const engine::RunConfig &run)
{
    const engine::InputShape shape { run.dataset.channels, run.dataset.height, run.dataset.width };
    const int64_t classes = int64_t(run.dataset.classNames.size());
    const QString key = QString("%1|%2|%3x%4x%5|%6|%7")
                            .arg(QString::fromStdString(run.studentModel))
                            .arg(run.recipe.batchSize)
                            .arg(shape.channels)
                            .arg(shape.height)
                            .arg(shape.width)
                            .arg(classes)
                            .arg(QString::fromStdString(run.device));
    if (auto it = m_probes.find(key); it != m_probes.end())
        return it.value() > 0 ? std::optional<double>(it.value()) : std::nullopt;
    m_probes.insert(key, -1.0);
    auto *watcher = new QFutureWatcher<double>(this);
    connect(watcher, &QFutureWatcher<double>::finished, this, [this, watcher, key] {
        m_probes[key] = watcher->result();
        watcher->deleteLater();
        scheduleValidation();
    });
    const std::string model = run.studentModel, device = run.device;
    const int64_t batch = run.recipe.batchSize;
    watcher->setFuture(QtConcurrent::run([=]() -> double {
        try {
            return engine::measureStepSeconds(model, shape, classes, batch, device);
        } catch (const std::exception &) {
            return 0.0; // no estimate rather than a wrong one
        }
    }));
    return std::nullopt;
}

namespace {
bool torchHasCuda()
{
    try {
        return engine::resolveDevice("auto") != "cpu";
    } catch (const std::exception &) {
        return false;
    }
}
} // namespace

QString ExperimentForm::paceKey(const std::string &model, int64_t batch, bool cpu)
{
    return QString("%1|%2|%3")
        .arg(QString::fromStdString(model))
        .arg(batch)
        .arg(cpu ? "cpu" : "gpu");
}

QString ExperimentForm::estimate(const std::vector<engine::RunConfig> &runs, int runsAtOnce)
{
    if (runs.empty())
        return tr("nothing to train");
    // Seconds per step measured on finished runs of the same student, batch size and device kind,
    // else a probe.
    const bool cpu
        = runs.front().device == "cpu" || !torchHasCuda(); // validate() refused CUDA without one
    std::vector<double> paces = m_measuredPaces.value(
        paceKey(runs.front().studentModel, runs.front().recipe.batchSize, cpu));
    double pace = 0;
    QString source;
    if (!paces.empty()) {
        std::nth_element(paces.begin(), paces.begin() + long(paces.size() / 2), paces.end());
        pace = paces[paces.size() / 2];
        source = tr("measured on %n stored run(s)", "", int(paces.size()));
    } else if (const auto probed = probedPace(runs.front())) {
        pace = *probed;
        source = tr("from a short timing probe; evaluations add to it");
    } else {
        return m_probes.isEmpty() ? QString() : tr("estimating the time…");
    }
    if (!(pace > 0))
        return tr("time unknown");
    double seconds = 0;
    for (const auto &run : runs)
        seconds += pace * double(engine::totalSteps(run.recipe, run.keptCount));
    // Stored runs' paces are per run; runs trained side by side overlap. A probe times one run on
    // every core, so packing's gain is left out of that (a cautious) estimate.
    const int side = std::clamp(runsAtOnce, 1, int(runs.size()));
    if (!paces.empty() && side > 1) {
        seconds /= side;
        source += tr(", %1 runs at once").arg(side);
    }
    const auto duration = [this](double secs) {
        const int minutes = int(std::ceil(secs / 60.0));
        return minutes >= 60 ? tr("%1 h %2 min").arg(minutes / 60).arg(minutes % 60)
                             : tr("%1 min").arg(minutes);
    };
    QString text = tr("≈ %1 of student training at %2 s per step (%3); the teacher adds its own "
                      "unless stored")
                       .arg(duration(seconds))
                       .arg(pace, 0, 'f', 3)
                       .arg(source);
    // Proxy-based scores train K models on the full training set once for the whole sweep.
    const engine::RunConfig &first = runs.front();
    if (first.proxy && m_dataset) {
        const int64_t k = first.settings.value("proxies", int64_t(1));
        const int64_t steps = engine::totalSteps(first.proxy->recipe, m_dataset->trainSize());
        text += tr("; the %1 score adds ≈ %2 (%3 proxy model(s) × %4 steps on all samples) unless "
                   "stored")
                    .arg(QString::fromStdString(first.scoreMethod),
                         duration(pace * double(k * steps)))
                    .arg(k)
                    .arg(steps);
    }
    return text;
}

void ExperimentForm::validate()
{
    updateDependentStates();
    updateFormula();
    inspectDataset();
    for (QLabel *l : m_errors) {
        l->clear();
        l->hide();
    }
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
        QLabel *label = m_errors[best];
        const QString prefix = path == best ? QString() : path.mid(best.size()) + ": ";
        label->setText(label->text().isEmpty() ? prefix + text
                                               : label->text() + "\n" + prefix + text);
        label->show();
    }

    // Field notes.
    if (m_dataset) {
        m_datasetInfo->setText(
            tr("%1 · %2 train / %3 test images · %4 classes · %5×%6×%7")
                .arg(QString::fromStdString(m_dataset->name), groupedNumber(m_dataset->trainSize()),
                     groupedNumber(m_dataset->testSize()))
                .arg(m_dataset->classNames.size())
                .arg(m_dataset->channels)
                .arg(m_dataset->height)
                .arg(m_dataset->width)
            // How an image folder was read, without the cache file's path.
            + (m_dataset->loadNote.empty() ? QString()
                                           : " · "
                       + QString::fromStdString(m_dataset->loadNote).section("; cache ", 0, 0)));
    } else if (!m_datasetError.isEmpty()) {
        m_datasetInfo->clear();
    }
    const engine::InputShape shape = m_dataset
        ? engine::InputShape { m_dataset->channels, m_dataset->height, m_dataset->width }
        : engine::InputShape {};
    const int64_t classes = m_dataset ? int64_t(m_dataset->classNames.size()) : 10;
    const int64_t studentParams
        = engine::parameterCount(m_student->currentText().toStdString(), shape, classes);
    const int64_t teacherParams
        = engine::parameterCount(m_teacher->currentText().toStdString(), shape, classes);
    m_studentInfo->setText(studentParams ? tr("%1 parameters").arg(groupedNumber(studentParams))
                                         : QString());
    if (studentParams && teacherParams) {
        const double ratio = double(teacherParams) / double(studentParams);
        m_teacherInfo->setText(
            tr("%1 parameters — %2")
                .arg(groupedNumber(teacherParams))
                .arg(std::fabs(ratio - 1.0) < 0.02
                         ? tr("the same capacity as the student")
                         : (ratio > 1
                                ? tr("larger than the student (%1×)").arg(ratio, 0, 'f', 1)
                                : tr("smaller than the student (%1×)").arg(ratio, 0, 'f', 2))));
    } else {
        m_teacherInfo->clear();
    }
    {
        const std::string method = m_method->currentData().toString().toStdString();
        std::vector<std::pair<std::string, std::string>> ignored;
        const json settings = engine::resolveSettings(method, methodSettingsJson(), ignored);
        const auto direction
            = engine::parseDirection(m_direction->currentData().toString().toStdString());
        // The note is one line; the full stored definition is its tooltip.
        const engine::MethodInfo *info = engine::findMethod(method);
        QString note = QString::fromStdString(engine::methodFormula(method));
        if (info && !info->scoreFree)
            note += tr(" · hard = %1 · keeps the %2")
                        .arg(QString::fromStdString(info->hard),
                             QString::fromStdString(engine::directionName(
                                 direction.value_or(info->defaultDirection))));
        m_methodDefinition->setText(note);
        m_methodDefinition->setToolTip(QString::fromStdString(
            engine::methodDefinition(method, m_classBalanced->isChecked(), settings, direction)));
        if (info)
            m_direction->setItemText(0,
                                     info->scoreFree
                                         ? tr("the method's default")
                                         : tr("the method's default (%1)")
                                               .arg(QString::fromStdString(
                                                   engine::directionName(info->defaultDirection))));
    }
    // The teacher's recipe as the preset has it (the spec drops the teacher when every α = 0).
    static const json noRecipe = json::object();
    const json &tt = m_base->contains("teacher") && (*m_base)["teacher"].is_object()
            && (*m_base)["teacher"].contains("train") && (*m_base)["teacher"]["train"].is_object()
        ? (*m_base)["teacher"]["train"]
        : noRecipe;
    m_teacherRecipe->setText(
        tr("recipe from the preset: batch %1, lr %2 %3, crop %4, flip %5")
            .arg(tt.value("batch_size", 128))
            .arg(num(tt.value("lr", 0.1)), QString::fromStdString(tt.value("schedule", "onecycle")))
            .arg(tt.contains("crop_padding") && tt["crop_padding"].is_number()
                     ? QString::number(tt["crop_padding"].get<int>())
                     : tr("default"))
            .arg(tt.contains("flip") && tt["flip"].is_boolean()
                     ? (tt["flip"] == true ? "on" : "off")
                     : tr("default")));
    if (parsed.problems.empty() && m_dataset) {
        QStringList parts;
        for (double f : parsed.spec.fractions)
            parts << QString("%1 % (%2)")
                         .arg(num(100 * f),
                              groupedNumber(engine::keptCountFor(f, m_dataset->trainSize())));
        m_fractionsEcho->setText(tr("%n fraction(s): ", "", int(parsed.spec.fractions.size()))
                                 + parts.join(", "));
    } else {
        m_fractionsEcho->clear();
    }

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
            tr("%1 fractions × %2 × %3 seeds = <b>%4 runs</b>, %5 already stored · %6")
                .arg(spec.fractions.size())
                .arg(alphaText)
                .arg(spec.seeds.size())
                .arg(runs.size())
                .arg(stored)
                .arg(
                    estimate(toRun, engine::runsAtOnce(spec, engine::resolveDevice(spec.device)))));
    }
    const bool ready = m_problems.isEmpty() && !pending;
    m_ready = ready;
    m_queue->setEnabled(ready);
    m_queueAction->setEnabled(ready);
    m_queue->setToolTip(ready ? tr("Queue the runs (Ctrl+Enter)")
                              : (pending ? tr("Waiting for the dataset to be read")
                                         : tr("Cannot queue: %1").arg(m_problems.join("; "))));
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
