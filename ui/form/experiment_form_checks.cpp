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
#include "engine/data/formats/image_folder_reader.h"
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
#include "ui/common/preferences.h"
#include "ui/form/experiment_form.h"
#include "ui/form/form_support.h"
#include "ui/form/method_settings_editor.h"
#include "ui/form/pace_estimator.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

// Checks that need files, run off the GUI thread: the dataset read, an imported teacher tried.

namespace ui {

using nlohmann::json;

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
    options.cacheDir = Preferences::load().effectiveCacheFolder().toStdString();
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

QString ExperimentForm::datasetKey() const
{
    const engine::ImageFolderOptions images = imageOptions();
    return m_datasetPath->text() + "|" + m_datasetFormat->currentData().toString() + "|"
        + QString::number(images.imageSize) + "|" + QString::number(images.channels) + "|"
        + (images.skipCorrupt ? "skip" : "error");
}

void ExperimentForm::inspectDataset()
{
    const engine::ImageFolderOptions images = imageOptions();
    const QString key = datasetKey();
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
    struct Result
    {
        std::optional<engine::DatasetInfo> info;
        QString error;
        bool detectedGrey = false;
    };
    auto *watcher = new QFutureWatcher<Result>(this);
    connect(watcher, &QFutureWatcher<Result>::finished, this, [this, watcher, generation] {
        const Result result = watcher->result();
        watcher->deleteLater();
        if (generation != m_inspectGeneration)
            return; // a later path replaced this one
        if (result.detectedGrey && !m_channelsChosen) {
            // Grey pictures read as RGB would triple every tensor for nothing.
            const QSignalBlocker block(m_imageChannels);
            m_imageChannels->setCurrentIndex(m_imageChannels->findData(1));
            m_imageChannels->setToolTip(tr("grey: the folder's images are grey (looked at the "
                                           "first of each class); choose RGB to keep three "
                                           "channels"));
            m_inspectedKey = datasetKey(); // what was read: grey
        }
        m_dataset = result.info;
        m_datasetError = result.error;
        m_errorAge.restart();
        validate();
    });
    const bool propose = !m_channelsChosen && images.channels == 3
        && (format == engine::DatasetFormat::Auto || format == engine::DatasetFormat::ImageFolder);
    watcher->setFuture(QtConcurrent::run([path, format, images, propose]() -> Result {
        try {
            engine::ImageFolderOptions options = images;
            bool grey = false;
            if (propose && engine::detectImageFolderChannels(path) == 1) {
                options.channels = 1;
                grey = true;
            }
            return { engine::inspectDataset(path, format, options), QString(), grey };
        } catch (const std::exception &e) {
            return { std::nullopt, QString::fromStdString(e.what()), false };
        }
    }));
}

} // namespace ui
