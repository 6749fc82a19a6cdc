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
#include "engine/core/json_reader.h"
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
#include "ui/form/experiment_form.h"
#include "ui/form/form_support.h"
#include "ui/form/method_settings_editor.h"
#include "ui/form/pace_estimator.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

// The form ⇄ the spec JSON: what the form describes, and a spec filled into it.

namespace ui {

using nlohmann::json;

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
    if (m_validationShare)
        spec["dataset"]["validation"] = *m_validationShare;
    else if (m_validation->value() >= 0)
        spec["dataset"]["validation"] = m_validation->value();
    if (m_validationSeed->value() != 0)
        spec["dataset"]["validation_seed"] = m_validationSeed->value();
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
    spec["pruning"]["settings"] = m_settings->values();
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
    m_channelsChosen = dataset.contains("channels");
    m_skipCorrupt->setChecked(str(dataset, "on_corrupt", "error") == "skip");
    {
        const double v = number(dataset, "validation", -1);
        m_validationShare.reset();
        if (v > 0 && v < 1) {
            m_validationShare = v;
            m_validation->setValue(-1);
            m_validation->setSpecialValueText(
                tr("%1 % of the training images").arg(formatNumber(100 * v)));
        } else {
            m_validation->setSpecialValueText(tr("default: 10 %, at most 5,000"));
            m_validation->setValue(v >= 0 ? int(std::min(v, 1e7)) : -1);
        }
        m_validationSeed->setValue(int(number(dataset, "validation_seed", 0)));
    }
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
    m_settings->rebuild(m_method->currentData().toString().toStdString(),
                        pruning.contains("settings") && pruning["settings"].is_object()
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
                                             ? formatNumber(p[c].get<double>())
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
                    parts << (v.is_number() ? formatNumber(v.get<double>()) : QString());
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
        spec = engine::parseUserJson(text.toStdString(), "the spec");
    } catch (const engine::ConfigError &e) {
        return { QString::fromStdString(e.what()) };
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

} // namespace ui
