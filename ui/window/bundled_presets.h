#pragma once

// The presets shipped inside the program (resources/presets): single experiments and the studies
// that reproduce the paper's findings, for File ▸ New from preset.

#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace ui {

struct BundledPreset
{
    QString file; ///< "finding-1-kd-improves-every-fraction.json"
    QString title; ///< the study's or the spec's name
    QString summary; ///< one sentence: what it runs and shows
    std::optional<int> finding; ///< the paper's finding it reproduces (paper-notes.md)
    QStringList specs; ///< one JSON spec per experiment
};

/// Every bundled preset, findings first (by number), then the others by title. A preset whose
/// file cannot be read as a spec or a study is left out and named in problems.
std::vector<BundledPreset> bundledPresets(QStringList *problems = nullptr);

} // namespace ui
