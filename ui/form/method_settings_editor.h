#pragma once

#include <QHash>
#include <QWidget>

#include <nlohmann/json_fwd.hpp>
#include <string>

class QFormLayout;

namespace ui {

/// The settings of the chosen pruning method as a small form: one editor per ParamInfo of the
/// method registry (for CCS also its base score's), each named "pruning.settings.<key>".
class MethodSettingsEditor : public QWidget
{
    Q_OBJECT

public:
    explicit MethodSettingsEditor(QWidget *parent = nullptr);

    /// One editor per setting of method, filled from values where they hold the key, else from
    /// the registry's defaults; emits rebuilt().
    void rebuild(const std::string &method, const nlohmann::json &values);
    /// The editors' current values as pruning.settings.
    nlohmann::json values() const;
    const std::string &method() const { return m_method; }

Q_SIGNALS:
    /// A value changed.
    void edited();
    /// The editors were replaced (another method, or CCS's base score changed).
    void rebuilt();

private:
    QFormLayout *m_form;
    QHash<QString, QWidget *> m_editors; ///< setting key → its editor
    std::string m_method;
};

} // namespace ui
