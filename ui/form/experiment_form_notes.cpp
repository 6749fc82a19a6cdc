#include <QCheckBox>
#include <QComboBox>
#include <QLabel>

#include "engine/data/validation_split.h"
#include "engine/experiment/run_expansion.h"
#include "engine/models/model_registry.h"
#include "engine/prune/method_registry.h"
#include "ui/common/number_format.h"
#include "ui/form/experiment_form.h"
#include "ui/form/form_support.h"
#include "ui/form/method_settings_editor.h"

#include <cmath>
#include <nlohmann/json.hpp>

// The notes under the form's fields: what the dataset is, parameter counts, the method's
// definition, the teacher's recipe and the kept fractions in images.

namespace ui {

using nlohmann::json;

void ExperimentForm::updateFieldNotes(const engine::ParsedSpec &parsed)
{
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
        const json settings = engine::resolveSettings(method, m_settings->values(), ignored);
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
    m_teacherRecipe->setText(tr("recipe from the preset: batch %1, lr %2 %3, crop %4, flip %5")
                                 .arg(tt.value("batch_size", 128))
                                 .arg(formatNumber(tt.value("lr", 0.1)),
                                      QString::fromStdString(tt.value("schedule", "onecycle")))
                                 .arg(tt.contains("crop_padding") && tt["crop_padding"].is_number()
                                          ? QString::number(tt["crop_padding"].get<int>())
                                          : tr("default"))
                                 .arg(tt.contains("flip") && tt["flip"].is_boolean()
                                          ? (tt["flip"] == true ? "on" : "off")
                                          : tr("default")));
    if (parsed.problems.empty() && m_dataset) {
        // Fractions are of the training images left after the validation split.
        const int64_t held
            = engine::validationCountFor(parsed.spec.validation, m_dataset->trainSize());
        const int64_t n = m_dataset->trainSize() - std::max<int64_t>(held, 0);
        QStringList parts;
        for (double f : parsed.spec.fractions)
            parts << QString("%1 % (%2)")
                         .arg(formatNumber(100 * f), groupedNumber(engine::keptCountFor(f, n)));
        m_fractionsEcho->setText(tr("%n fraction(s): ", "", int(parsed.spec.fractions.size()))
                                 + parts.join(", ")
                                 + (held > 0 ? tr(" of %1 (%2 held out for validation)")
                                                   .arg(groupedNumber(n), groupedNumber(held))
                                             : QString()));
    } else {
        m_fractionsEcho->clear();
    }
}

} // namespace ui
