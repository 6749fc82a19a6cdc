#pragma once

#include <QString>
#include <QStringList>

#include <optional>

class QPalette;
class QVariant;

namespace ui {

/// What a user sets once (Preferences…), kept in the application's settings: the theme, the
/// device, torch threads and runs at once that new experiments start with, where decoded images
/// are cached while the form reads a dataset, and the folder dataset dialogs open in.
struct Preferences
{
    enum class Theme { System, Light, Dark };
    Theme theme = Theme::System;
    QString device = "auto"; ///< "auto", "cpu" or "cuda": new experiments' device
    int threads = 0; ///< torch threads for training on the CPU; 0 = every core
    static constexpr int kMaxRunsAtOnce = 8; ///< the most the dialog offers and load() accepts
    int runsAtOnce = 0; ///< new experiments' runs at once; 0 = auto
    QString cacheFolder; ///< decoded image-folder datasets (form reads); empty = default
    QString dataFolder; ///< where dataset dialogs open; empty = /usr/share/datasets
    /// What load() could not use, one line each naming the settings file, the key, the value
    /// and what was expected (the default is used instead); empty when all was read.
    QStringList problems;

    static Preferences load();
    void save() const;
    /// The cache folder in use (the chosen one, or the user cache's "decoded").
    QString effectiveCacheFolder() const;
    QString effectiveDataFolder() const;
};

/// A dark palette for the Fusion style, with secondary text (Dark) light enough to read.
QPalette darkPalette();
/// Applies a theme to the application (System: the palette it started with).
void applyTheme(Preferences::Theme theme);

/// A whole number read from a settings value, when it is one within [low, high]; the caller says
/// what it does instead, so a hand-edited value is never clamped unnoticed.
std::optional<int> storedWholeNumber(const QVariant &value, int low, int high);

} // namespace ui
