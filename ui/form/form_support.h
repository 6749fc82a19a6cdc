#pragma once

// What the experiment form's parts share: the default spec, list text, note labels and the model
// names offered.

#include <QString>

#include <nlohmann/json_fwd.hpp>
#include <vector>

class QLabel;
class QWidget;

namespace ui {

/// The default sweep on the embedded Fashion-MNIST.
nlohmann::json defaultSpec();
/// The default sweep with the Preferences' device and runs at once: where a new experiment
/// starts in the window.
nlohmann::json defaultSpecWithPreferences();

/// "0.02, 0.1, 0.3" from a JSON list (or the text itself).
QString listText(const nlohmann::json &value);

/// A small rich-text label in the palette's secondary colour, for echoes under fields.
QLabel *noteLabel(QWidget *parent);

/// The model names the student and teacher menus offer (any registry name can be typed).
const std::vector<const char *> &offeredModels();

} // namespace ui
