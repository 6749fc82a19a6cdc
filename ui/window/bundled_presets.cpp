#include "ui/window/bundled_presets.h"

#include <QDir>
#include <QFile>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace ui {

std::vector<BundledPreset> bundledPresets(QStringList *problems)
{
    std::vector<BundledPreset> presets;
    const QDir dir(":/presets");
    for (const QString &name : dir.entryList({ "*.json" }, QDir::Files, QDir::Name)) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const auto j = nlohmann::json::parse(file.readAll().toStdString(), nullptr, false);
        if (j.is_discarded() || !j.is_object()) {
            if (problems)
                *problems << name + QObject::tr(": not a JSON object");
            continue;
        }
        BundledPreset p;
        p.file = name;
        p.title = QString::fromStdString(j.value("name", name.toStdString()));
        if (j.contains("experiments") && j["experiments"].is_array()) {
            p.summary = QString::fromStdString(j.value("summary", ""));
            if (j.contains("finding") && j["finding"].is_number_integer())
                p.finding = j["finding"].get<int>();
            for (const auto &spec : j["experiments"])
                p.specs << QString::fromStdString(spec.dump(2));
        } else {
            p.specs << QString::fromStdString(j.dump(2));
        }
        if (p.specs.isEmpty()) {
            if (problems)
                *problems << name + QObject::tr(": a study without experiments");
            continue;
        }
        presets.push_back(p);
    }
    std::stable_sort(presets.begin(), presets.end(), [](const auto &a, const auto &b) {
        if (a.finding.has_value() != b.finding.has_value())
            return a.finding.has_value();
        if (a.finding && b.finding)
            return *a.finding < *b.finding;
        return a.title < b.title;
    });
    return presets;
}

} // namespace ui
