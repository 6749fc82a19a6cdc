#include <QAction>
#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
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
#include "ui/common/preferences.h"
#include "ui/form/experiment_form.h"
#include "ui/form/form_support.h"
#include "ui/form/method_settings_editor.h"

namespace ui {

// The boxes of what is pruned: the data (with injected noise), the student and the pruning method.

QGroupBox *ExperimentForm::buildDataBox()
{
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
    // Another folder: its images' channels are proposed afresh.
    connect(m_datasetPath, &QLineEdit::textEdited, this, [this] { m_channelsChosen = false; });
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
    m_imageChannels->setObjectName("dataset.channels");
    connect(m_imageChannels, &QComboBox::activated, this, [this] { m_channelsChosen = true; });
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

    auto *validationRow = new QWidget(dataBox);
    auto *validationLayout = new QHBoxLayout(validationRow);
    validationLayout->setContentsMargins(0, 0, 0, 0);
    m_validation = new QSpinBox(validationRow);
    m_validation->setRange(-1, 10000000);
    m_validation->setValue(-1);
    m_validation->setGroupSeparatorShown(true);
    m_validation->setSuffix(tr(" images"));
    m_validation->setSpecialValueText(tr("default: 10 %, at most 5,000"));
    m_validation->setToolTip(
        tr("Training images held out, class-stratified, before the teacher, scores and pruning "
           "see the data. Every \"best\" (α per fraction, the fitted α(f), method, teacher) is "
           "chosen on them and reported on the untouched test split; 0 = none, and every best is "
           "then labelled as chosen on test"));
    m_validationSeed = new QSpinBox(validationRow);
    m_validationSeed->setRange(0, 1000000);
    m_validationSeed->setPrefix(tr("seed "));
    m_validationSeed->setToolTip(tr("Which images are held out; runs of other seeds share them"));
    validationLayout->addWidget(m_validation);
    validationLayout->addWidget(m_validationSeed);
    validationLayout->addStretch(1);
    field(dataForm, tr("Validation"), validationRow, "dataset.validation",
          tr("Held out of the training split for every choice (dataset.validation)"));
    m_validation->setObjectName("dataset.validation");
    connect(m_validation, &QSpinBox::valueChanged, this, [this] {
        if (!m_filling && m_validationShare) {
            m_validationShare.reset();
            m_validation->setSpecialValueText(tr("default: 10 %, at most 5,000"));
        }
        scheduleValidation();
    });
    connect(m_validationSeed, &QSpinBox::valueChanged, this, &ExperimentForm::scheduleValidation);

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
    for (const char *m : offeredModels())
        m_student->addItem(m);
    field(dataForm, tr("Student"), m_student, "student.model",
          QString::fromStdString(engine::modelNameHelp()), &m_studentInfo);

    connect(browse, &QToolButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(
            this, tr("Dataset folder"),
            QFileInfo::exists(m_datasetPath->text()) ? m_datasetPath->text()
                                                     : Preferences::load().effectiveDataFolder());
        if (!dir.isEmpty())
            m_datasetPath->setText(dir);
        m_channelsChosen = false;
    });
    return dataBox;
}

QGroupBox *ExperimentForm::buildPruningBox()
{
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
    m_settings = new MethodSettingsEditor(pruneBox);
    connect(m_settings, &MethodSettingsEditor::edited, this, &ExperimentForm::scheduleValidation);
    connect(m_settings, &MethodSettingsEditor::rebuilt, this, [this] {
        updateDependentStates();
        scheduleValidation();
    });
    field(pruneForm, tr("Settings"), m_settings, "pruning.settings",
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
    return pruneBox;
}

QGroupBox *ExperimentForm::buildTeacherBox()
{
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
    browseTeacher->setObjectName("teacher.browse");
    browseTeacher->setText(tr("Browse…"));
    browseTeacher->setToolTip(tr("Choose the TorchScript file"));
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
    for (const char *m : offeredModels())
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

    connect(browseTeacher, &QToolButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(
            this, tr("TorchScript teacher"), m_teacherFile->text(),
            tr("TorchScript modules (*.pt *.pth *.ts);;All files (*)"));
        if (!file.isEmpty())
            m_teacherFile->setText(file);
    });
    return teacherBox;
}

} // namespace ui
