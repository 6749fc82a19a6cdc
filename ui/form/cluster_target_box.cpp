#include "ui/form/cluster_target_box.h"

#include "cluster/submit.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSettings>
#include <QSpinBox>
#include <QStandardItemModel>

#include "ui/common/preferences.h"
#include "ui/form/form_support.h"

namespace ui {

QString slurmTimeProblem(const QString &text)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return {};
    static const QRegularExpression forms(
        "^(\\d+|\\d+:\\d{1,2}|\\d+:\\d{1,2}:\\d{1,2}|\\d+-\\d+|\\d+-\\d+:\\d{1,2}|"
        "\\d+-\\d+:\\d{1,2}:\\d{1,2})$");
    if (!forms.match(t).hasMatch())
        return QObject::tr(
                   "“%1” is not a Slurm time limit: expected minutes, hours:minutes:seconds "
                   "or days-hours:minutes (e.g. 90, 4:00:00, 1-12:00)")
            .arg(t);
    return {};
}

ClusterTargetBox::ClusterTargetBox(QWidget *parent)
    : QGroupBox(tr("Run on"), parent)
{
    auto *form = new QFormLayout(this);
    m_target = new QComboBox(this);
    m_target->setObjectName("runOn");
    m_target->addItem(tr("this computer"), "local");
    m_target->addItem(tr("Slurm cluster"), "slurm");
    m_target->setToolTip(tr("Train here, or submit the runs to Slurm as a job array (one "
                            "preparation job trains the teacher and scores once)"));
    form->addRow(tr("Run on"), m_target);
    m_note = noteLabel(this);
    m_note->setWordWrap(true);
    form->addRow(m_note);

    m_partition = new QLineEdit(this);
    m_partition->setObjectName("slurmPartition");
    m_partition->setPlaceholderText(tr("empty: the cluster's default partition"));
    m_partition->setToolTip(tr("sbatch --partition"));
    form->addRow(tr("Partition"), m_partition);
    m_gpus = new QSpinBox(this);
    m_gpus->setObjectName("slurmGpus");
    m_gpus->setRange(0, 16);
    m_gpus->setSpecialValueText(tr("none (CPU)"));
    m_gpus->setToolTip(tr("GPUs each task asks for (sbatch --gres gpu:N)"));
    form->addRow(tr("GPUs per task"), m_gpus);
    m_time = new QLineEdit(this);
    m_time->setObjectName("slurmTime");
    m_time->setPlaceholderText(tr("empty: the partition's limit; or e.g. 4:00:00"));
    m_time->setToolTip(tr("sbatch --time for each task; two minutes before it the task stops its "
                          "run cleanly and requeues itself for the runs left"));
    form->addRow(tr("Time limit"), m_time);
    m_runsPerTask = new QSpinBox(this);
    m_runsPerTask->setObjectName("slurmRunsPerTask");
    m_runsPerTask->setRange(1, 10000);
    m_runsPerTask->setToolTip(tr("Runs each array task trains one after the other"));
    form->addRow(tr("Runs per task"), m_runsPerTask);
    m_error = noteLabel(this);
    m_error->setStyleSheet("color:#c62828");
    m_error->setWordWrap(true);
    form->addRow(m_error);
    m_clusterFields = { m_partition, m_gpus, m_time, m_runsPerTask };

    connect(m_target, &QComboBox::currentIndexChanged, this, [this] {
        updateStates();
        Q_EMIT changed();
    });
    for (QLineEdit *e : { m_partition, m_time })
        connect(e, &QLineEdit::textChanged, this, [this] {
            updateStates();
            Q_EMIT changed();
        });
    for (QSpinBox *s : { m_gpus, m_runsPerTask })
        connect(s, &QSpinBox::valueChanged, this, &ClusterTargetBox::changed);
    restoreFields();
    recheck();
}

void ClusterTargetBox::restoreFields()
{
    const QSettings settings;
    // A hand-edited or stale number is named, not clamped into the spin box unnoticed.
    auto number = [&](const char *key, const QString &field, const QSpinBox *box, int fallback) {
        const QVariant stored = settings.value(key);
        if (!stored.isValid())
            return fallback;
        if (const auto v = storedWholeNumber(stored, box->minimum(), box->maximum()))
            return *v;
        m_restoreProblems << tr("%1 “%2” in %3 (%4) is not a whole number from %5 to %6; the "
                                "field starts at %7.")
                                 .arg(field, stored.toString(), settings.fileName(),
                                      QString::fromLatin1(key))
                                 .arg(box->minimum())
                                 .arg(box->maximum())
                                 .arg(fallback);
        return fallback;
    };
    const int gpus = number("slurm/gpus", tr("GPUs per task"), m_gpus, 0);
    const int runs = number("slurm/runsPerTask", tr("Runs per task"), m_runsPerTask, 1);
    setFields(settings.value("slurm/partition").toString(), gpus,
              settings.value("slurm/time").toString(), runs);
}

void ClusterTargetBox::remember() const
{
    QSettings settings;
    settings.setValue("slurm/partition", m_partition->text().trimmed());
    settings.setValue("slurm/gpus", m_gpus->value());
    settings.setValue("slurm/time", m_time->text().trimmed());
    settings.setValue("slurm/runsPerTask", m_runsPerTask->value());
}

void ClusterTargetBox::recheck()
{
    const auto why = cluster::cannotSubmitHere();
    m_unavailable = why ? QString::fromStdString(*why) : QString();
    // The item itself is disabled, so the choice cannot be made; its tooltip and the note say why.
    if (auto *model = qobject_cast<QStandardItemModel *>(m_target->model()))
        if (QStandardItem *item = model->item(1)) {
            item->setEnabled(m_unavailable.isEmpty());
            item->setToolTip(m_unavailable);
            item->setText(m_unavailable.isEmpty() ? tr("Slurm cluster")
                                                  : tr("Slurm cluster (sbatch not found)"));
        }
    if (!m_unavailable.isEmpty() && onCluster())
        m_target->setCurrentIndex(0);
    updateStates();
}

void ClusterTargetBox::updateStates()
{
    const bool on = onCluster();
    for (QWidget *w : m_clusterFields)
        w->setVisible(on);
    if (auto *form = qobject_cast<QFormLayout *>(layout()))
        for (QWidget *w : m_clusterFields)
            if (QWidget *label = form->labelForField(w))
                label->setVisible(on);
    if (!m_unavailable.isEmpty())
        m_note->setText(tr("Slurm cluster: %1.").arg(m_unavailable.toHtmlEscaped()));
    else if (on)
        m_note->setText(tr("Submits a preparation job (teacher and scores, trained once) and a "
                           "job array; each task writes its own shard beside the workspace, merged "
                           "into it as tasks end."));
    else
        m_note->setText(tr("Trains in this window's queue."));
    if (on && !m_restoreProblems.isEmpty())
        m_note->setText(m_note->text() + "<br><br>"
                        + m_restoreProblems.join("<br>").toHtmlEscaped());
    const QStringList p = problems();
    m_error->setText(p.join("<br>").toHtmlEscaped());
    m_error->setVisible(!p.isEmpty());
}

bool ClusterTargetBox::onCluster() const
{
    return m_target->currentData().toString() == "slurm";
}

QStringList ClusterTargetBox::problems() const
{
    if (!onCluster())
        return {};
    QStringList p;
    if (!m_unavailable.isEmpty())
        p << tr("Run on: %1").arg(m_unavailable);
    if (const QString t = slurmTimeProblem(m_time->text()); !t.isEmpty())
        p << tr("Time limit: %1").arg(t);
    static const QRegularExpression partitionName("^[A-Za-z0-9_.,-]*$");
    if (!partitionName.match(m_partition->text().trimmed()).hasMatch())
        p << tr("Partition: “%1” is not a partition name (letters, digits, _ . - and commas "
                "between several)")
                 .arg(m_partition->text().trimmed());
    return p;
}

cluster::SlurmResources ClusterTargetBox::resources() const
{
    cluster::SlurmResources r;
    r.partition = m_partition->text().trimmed().toStdString();
    r.time = m_time->text().trimmed().toStdString();
    if (m_gpus->value() > 0)
        r.gres = "gpu:" + std::to_string(m_gpus->value());
    return r;
}

int ClusterTargetBox::runsPerTask() const
{
    return m_runsPerTask->value();
}

void ClusterTargetBox::setCluster(bool on)
{
    m_target->setCurrentIndex(on && m_unavailable.isEmpty() ? 1 : 0);
}

void ClusterTargetBox::setFields(const QString &partition, int gpus, const QString &time,
                                 int runsPerTask)
{
    m_partition->setText(partition);
    m_gpus->setValue(gpus);
    m_time->setText(time);
    m_runsPerTask->setValue(runsPerTask);
}

} // namespace ui
