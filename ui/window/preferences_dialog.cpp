#include "ui/window/preferences_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

#include "engine/train/device.h"

namespace ui {

namespace {

QWidget *folderRow(QLineEdit *edit, const QString &title, QWidget *parent)
{
    auto *row = new QWidget(parent);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    auto *browse = new QPushButton(QObject::tr("Browse…"), row);
    QObject::connect(browse, &QPushButton::clicked, row, [edit, title, row] {
        const QString dir = QFileDialog::getExistingDirectory(row, title, edit->text());
        if (!dir.isEmpty())
            edit->setText(dir);
    });
    layout->addWidget(browse);
    return row;
}

} // namespace

PreferencesDialog::PreferencesDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Preferences"));
    m_theme = new QComboBox(this);
    m_theme->setObjectName("preferences.theme");
    m_theme->addItem(tr("Follow the system"), int(Preferences::Theme::System));
    m_theme->addItem(tr("Light"), int(Preferences::Theme::Light));
    m_theme->addItem(tr("Dark"), int(Preferences::Theme::Dark));
    m_device = new QComboBox(this);
    m_device->setObjectName("preferences.device");
    m_device->addItem(tr("auto (CUDA when present)"), "auto");
    m_device->addItem(tr("CPU"), "cpu");
    m_device->addItem(tr("CUDA"), "cuda");
    m_threads = new QSpinBox(this);
    m_threads->setObjectName("preferences.threads");
    m_threads->setRange(0, std::max(1, QThread::idealThreadCount() * 2));
    m_threads->setSpecialValueText(tr("every core (%1)").arg(QThread::idealThreadCount()));
    m_runsAtOnce = new QComboBox(this);
    m_runsAtOnce->setObjectName("preferences.runsAtOnce");
    m_runsAtOnce->addItem(tr("auto (2 on a CPU, 4 on a GPU)"), 0);
    for (int k = 1; k <= Preferences::kMaxRunsAtOnce; ++k)
        m_runsAtOnce->addItem(QString::number(k), k);
    m_cacheFolder = new QLineEdit(this);
    m_cacheFolder->setObjectName("preferences.cacheFolder");
    m_cacheFolder->setPlaceholderText(Preferences().effectiveCacheFolder());
    m_dataFolder = new QLineEdit(this);
    m_dataFolder->setObjectName("preferences.dataFolder");
    m_dataFolder->setPlaceholderText(Preferences().effectiveDataFolder());

    auto *form = new QFormLayout;
    form->addRow(tr("Theme"), m_theme);
    form->addRow(tr("Device of new experiments"), m_device);
    form->addRow(tr("CPU threads"), m_threads);
    form->addRow(tr("Runs at once (new experiments)"), m_runsAtOnce);
    form->addRow(tr("Cache of decoded images"),
                 folderRow(m_cacheFolder, tr("Cache of decoded images"), this));
    form->addRow(tr("Dataset folders"), folderRow(m_dataFolder, tr("Dataset folders"), this));
    auto *note = new QLabel(tr("Device and runs at once are where a new experiment (File ▸ New "
                               "workspace, Experiment ▸ Reset) starts; an experiment's own "
                               "choice is kept in its spec. The cache holds image folders the "
                               "form reads; runs cache in their workspace."),
                            this);
    note->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &PreferencesDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &PreferencesDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);

    setPreferences(Preferences::load());
    m_themeBefore = preferences().theme;
    // The theme is previewed as it is chosen.
    connect(m_theme, &QComboBox::currentIndexChanged, this,
            [this] { applyTheme(preferences().theme); });
}

Preferences PreferencesDialog::preferences() const
{
    Preferences p;
    p.theme = Preferences::Theme(m_theme->currentData().toInt());
    p.device = m_device->currentData().toString();
    p.threads = m_threads->value();
    p.runsAtOnce = m_runsAtOnce->currentData().toInt();
    p.cacheFolder = m_cacheFolder->text().trimmed();
    p.dataFolder = m_dataFolder->text().trimmed();
    return p;
}

void PreferencesDialog::setPreferences(const Preferences &p)
{
    m_theme->setCurrentIndex(m_theme->findData(int(p.theme)));
    m_device->setCurrentIndex(std::max(0, m_device->findData(p.device)));
    m_threads->setValue(p.threads);
    m_runsAtOnce->setCurrentIndex(std::max(0, m_runsAtOnce->findData(p.runsAtOnce)));
    m_cacheFolder->setText(p.cacheFolder);
    m_dataFolder->setText(p.dataFolder);
}

void PreferencesDialog::accept()
{
    const Preferences p = preferences();
    p.save();
    applyTheme(p.theme);
    if (p.threads > 0)
        engine::useThreads(p.threads);
    else
        engine::useAllCores();
    QDialog::accept();
}

void PreferencesDialog::reject()
{
    applyTheme(m_themeBefore);
    QDialog::reject();
}

} // namespace ui
