#include "ui/form/method_settings_editor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QTimer>
#include <QToolButton>

#include "engine/prune/method_registry.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace ui {

using nlohmann::json;

MethodSettingsEditor::MethodSettingsEditor(QWidget *parent)
    : QWidget(parent)
    , m_form(new QFormLayout(this))
{
    m_form->setContentsMargins(0, 0, 0, 0);
}

json MethodSettingsEditor::values() const
{
    json out = json::object();
    for (auto it = m_editors.begin(); it != m_editors.end(); ++it) {
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

void MethodSettingsEditor::rebuild(const std::string &method, const json &values)
{
    using Kind = engine::ParamInfo::Kind;
    m_method = method;
    const engine::MethodInfo *info = engine::findMethod(method);
    while (m_form->rowCount() > 0)
        m_form->removeRow(0);
    m_editors.clear();
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
            auto *spin = new QSpinBox(this);
            spin->setRange(int(p.min), int(std::min(p.max, 1e9)));
            spin->setValue(value.is_number() ? value.get<int>() : int(p.min));
            connect(spin, &QSpinBox::valueChanged, this, &MethodSettingsEditor::edited);
            editor = spin;
            break;
        }
        case Kind::Number: {
            auto *spin = new QDoubleSpinBox(this);
            spin->setDecimals(4);
            spin->setSingleStep(p.max <= 1 ? 0.05 : 1.0);
            spin->setRange(p.min, std::min(p.max, 1e9) - (p.maxExclusive ? 1e-4 : 0.0));
            spin->setValue(value.is_number() ? value.get<double>() : p.min);
            if (p.key == "checkpoint")
                spin->setSpecialValueText(tr("end of proxy training"));
            connect(spin, &QDoubleSpinBox::valueChanged, this, &MethodSettingsEditor::edited);
            editor = spin;
            break;
        }
        case Kind::Choice: {
            auto *combo = new QComboBox(this);
            for (const auto &c : p.choices)
                combo->addItem(QString::fromStdString(c), QString::fromStdString(c));
            combo->setCurrentIndex(
                std::max(0,
                         combo->findData(QString::fromStdString(
                             value.is_string() ? value.get<std::string>() : ""))));
            connect(combo, &QComboBox::currentIndexChanged, this, &MethodSettingsEditor::edited);
            if (method == "ccs" && p.key == "score")
                connect(combo, &QComboBox::currentIndexChanged, this, [this] {
                    QTimer::singleShot(0, this, [this] { rebuild(m_method, this->values()); });
                });
            editor = combo;
            break;
        }
        case Kind::Boolean: {
            auto *check = new QCheckBox(this);
            check->setChecked(value.is_boolean() ? value.get<bool>() : false);
            connect(check, &QCheckBox::toggled, this, &MethodSettingsEditor::edited);
            editor = check;
            break;
        }
        case Kind::Path: {
            auto *row = new QWidget(this);
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
            connect(line, &QLineEdit::textChanged, this, &MethodSettingsEditor::edited);
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
        m_form->addRow(QString::fromStdString(p.key), editor);
        m_editors.insert(QString::fromStdString(p.key), editor);
    }
    if (params.empty()) {
        auto *none = new QLabel(tr("none"), this);
        none->setEnabled(false);
        m_form->addRow(none);
    }
    Q_EMIT rebuilt();
}

} // namespace ui
