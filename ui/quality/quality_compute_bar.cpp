#include "ui/quality/quality_compute_bar.h"

#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

#include "storage/flag_sets.h"
#include "storage/store.h"
#include "ui/quality/quality_worker.h"

#include <algorithm>

namespace ui {

QualityComputeBar::QualityComputeBar(QWidget *parent)
    : QWidget(parent)
    , m_worker(new QualityWorker(this))
{
    const QSettings settings;
    m_folds = new QSpinBox(this);
    m_folds->setRange(2, 20);
    m_folds->setValue(settings.value("samples/folds", 4).toInt());
    m_folds->setSuffix(tr(" folds"));
    m_folds->setToolTip(tr("Out-of-sample probabilities: each fold's model trains on the other "
                           "folds and predicts this one"));
    m_epochs = new QSpinBox(this);
    m_epochs->setRange(1, 200);
    m_epochs->setValue(settings.value("samples/epochs", 2).toInt());
    m_epochs->setSuffix(tr(" epochs"));
    m_epochs->setToolTip(tr("Training epochs of each fold's model"));
    m_repeats = new QSpinBox(this);
    m_repeats->setRange(1, 10);
    m_repeats->setValue(settings.value("samples/repeats", 2).toInt());
    m_repeats->setSuffix(tr(" repeats"));
    m_repeats->setSpecialValueText(tr("1 repeat")); // shown at the minimum, 1
    m_repeats->setToolTip(tr("Repeats of the cross-validation (other splits and seeds), their "
                             "probabilities averaged: two rank and pick label issues better than "
                             "one (README, \"Label issues\") at twice the training; each repeat "
                             "is kept in the workspace"));
    m_compute = new QPushButton(tr("Compute flags for this experiment's data"), this);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_progress->setMaximumWidth(160);
    m_stage = new QLabel(this);
    // Stage texts vary in length ("Loading /a/long/path…"); they must not widen the window.
    m_stage->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    // Wide enough for the longest stage with its percentage ("Repeat 2/2: Training fold 4/4…"),
    // so Cancel never cuts it.
    m_stage->setMinimumWidth(
        fontMetrics().horizontalAdvance(tr("Repeat 2/2: Training fold 10/10 (epoch 2)… 100 %")));
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setToolTip(tr("Stop computing the flags (within one training step)"));
    m_savedRow = new QWidget(this);
    m_saved = new QComboBox(m_savedRow);
    m_saved->setObjectName("samples.savedFlagSets");
    m_saved->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_saved->setMinimumContentsLength(24);
    m_saved->setToolTip(tr("Flags computed earlier into this workspace: reopening one reads its "
                           "out-of-sample probabilities from the workspace, nothing is trained"));
    m_open = new QPushButton(tr("Open"), m_savedRow);
    m_open->setToolTip(m_saved->toolTip());
    auto *savedLayout = new QHBoxLayout(m_savedRow);
    savedLayout->setContentsMargins(0, 0, 0, 0);
    savedLayout->addWidget(new QLabel(tr("Computed before:"), m_savedRow));
    savedLayout->addWidget(m_saved, 1);
    savedLayout->addWidget(m_open);
    connect(m_open, &QPushButton::clicked, this, &QualityComputeBar::openSaved);

    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(4);
    auto *layout = new QHBoxLayout;
    outer->addLayout(layout);
    outer->addWidget(m_savedRow);
    layout->addWidget(m_folds);
    layout->addWidget(m_epochs);
    layout->addWidget(m_repeats);
    layout->addWidget(m_compute);
    layout->addWidget(m_progress);
    layout->addWidget(m_stage);
    layout->addWidget(m_cancel);
    connect(m_compute, &QPushButton::clicked, this, &QualityComputeBar::compute);
    connect(m_cancel, &QPushButton::clicked, this, &QualityComputeBar::cancel);

    connect(m_worker, &QualityWorker::progress, this, [this](const QString &stage, double f) {
        m_progress->setValue(int(1000 * std::clamp(f, 0.0, 1.0)));
        m_stage->setText(QString::fromUtf8("%1… %2 %").arg(stage).arg(int(100 * f)));
        m_stage->setToolTip(m_stage->text());
    });
    connect(m_worker, &QualityWorker::finished, this,
            [this](std::shared_ptr<SampleTable> table, const QString &description) {
                setBusy(false);
                refreshSaved();
                Q_EMIT computed(std::move(table), description);
            });
    connect(m_worker, &QualityWorker::failed, this, [this](const QString &text) {
        setBusy(false);
        Q_EMIT failed(tr("Computing the flags failed: %1").arg(text));
    });
    connect(m_worker, &QualityWorker::cancelled, this, [this] {
        setBusy(false);
        Q_EMIT message(tr("Computing the flags was cancelled"));
    });
    setBusy(false);
    setStorePath(QString());
}

QualityComputeBar::~QualityComputeBar()
{
    QSettings settings;
    settings.setValue("samples/folds", m_folds->value());
    settings.setValue("samples/epochs", m_epochs->value());
    settings.setValue("samples/repeats", m_repeats->value());
}

void QualityComputeBar::setStorePath(const QString &path)
{
    m_storePath = path;
    refreshSaved();
    if (m_worker->isRunning())
        return;
    m_compute->setEnabled(!path.isEmpty());
    // Disabled with the reason, as the form does.
    m_compute->setToolTip(path.isEmpty()
                              ? tr("Open or create a workspace first: the flags read its teacher, "
                                   "scores and runs")
                              : tr("Loads the form's dataset with its injected noise, trains the "
                                   "out-of-sample models (or reads them from the workspace) and "
                                   "measures every flag"));
}

void QualityComputeBar::compute()
{
    startWorker(m_specSource ? m_specSource() : QString(), QString(), tr("Starting…"));
}

void QualityComputeBar::startWorker(const QString &spec, const QString &source,
                                    const QString &stage)
{
    const QString problem = m_worker->start(spec, m_storePath, m_folds->value(), m_epochs->value(),
                                            m_repeats->value(), source);
    if (!problem.isEmpty()) {
        Q_EMIT failed(problem);
        return;
    }
    m_progress->setValue(0);
    m_stage->setText(stage);
    setBusy(true);
    Q_EMIT started();
}

void QualityComputeBar::refreshSaved()
{
    m_saved->clear();
    if (!m_storePath.isEmpty() && QFileInfo::exists(m_storePath)) {
        try {
            const storage::Store store(m_storePath.toStdString(),
                                       storage::OpenOptions { .readOnly = true });
            for (const storage::FlagSet &set : storage::flagSets(store)) {
                const QString when
                    = QString::fromStdString(set.createdAt).left(16).replace('T', ' ');
                m_saved->addItem(
                    tr("%1 · %2 folds × %3 epochs × %4 · %5")
                        .arg(QString::fromStdString(set.description))
                        .arg(set.folds)
                        .arg(set.epochs)
                        .arg(set.repeats == 1 ? tr("1 repeat") : tr("%1 repeats").arg(set.repeats))
                        .arg(when));
                m_saved->setItemData(m_saved->count() - 1, QString::fromStdString(set.specJson));
                m_saved->setItemData(m_saved->count() - 1,
                                     QVariantList { set.folds, set.epochs, set.repeats },
                                     Qt::UserRole + 1);
            }
        } catch (const std::exception &) {
            // A workspace that cannot be read lists nothing here; opening it reports why.
        }
    }
    m_savedRow->setVisible(m_saved->count() > 0);
}

void QualityComputeBar::openSaved()
{
    if (m_saved->currentIndex() < 0)
        return;
    const QString spec = m_saved->currentData().toString();
    const QVariantList settings = m_saved->currentData(Qt::UserRole + 1).toList();
    // The boxes show the settings of what is shown (Recompute then repeats them); the worker
    // starts with them.
    m_folds->setValue(settings.value(0).toInt());
    m_epochs->setValue(settings.value(1).toInt());
    m_repeats->setValue(settings.value(2).toInt());
    startWorker(spec, tr("The spec of '%1'").arg(m_saved->currentText()), tr("Opening…"));
}

void QualityComputeBar::cancel()
{
    if (!m_worker->isRunning())
        return;
    m_worker->cancel();
    m_stage->setText(tr("Cancelling…"));
    m_cancel->setEnabled(false);
}

void QualityComputeBar::setBusy(bool busy)
{
    m_progress->setVisible(busy);
    m_stage->setVisible(busy);
    m_cancel->setVisible(busy);
    m_cancel->setEnabled(busy);
    m_compute->setEnabled(!busy && !m_storePath.isEmpty());
    // While it runs, the progress takes the button's place (the row must stay narrow).
    m_compute->setVisible(!busy);
    m_folds->setVisible(!busy);
    m_epochs->setVisible(!busy);
    m_repeats->setVisible(!busy);
    m_open->setEnabled(!busy);
}

void QualityComputeBar::setCompact(bool compact)
{
    m_compute->setText(compact ? tr("Recompute") : tr("Compute flags for this experiment's data"));
    m_compute->setToolTip(compact ? tr("Compute the flags again for the data of the spec now in "
                                       "the experiment form")
                                  : QString());
}

} // namespace ui
