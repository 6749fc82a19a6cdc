#include "ui/form/form_support.h"

#include <QLabel>
#include <QStringList>

#include "ui/common/number_format.h"
#include "ui/common/preferences.h"

#include <nlohmann/json.hpp>

namespace ui {

using nlohmann::json;

json defaultSpec()
{
    return json::parse(R"({
        "name": "fashion-mnist random kd",
        "dataset": {"path": "/usr/share/datasets/fashion-mnist", "format": "auto"},
        "student": {"model": "smallcnn", "train": {"steps": 1500, "batch_size": 128, "lr": 0.1, "momentum": 0.9,
                    "nesterov": true, "weight_decay": 0.0005, "schedule": "onecycle", "crop_padding": 2,
                    "flip": true}},
        "teacher": {"model": "smallcnn", "seed": 0, "train": {"epochs": 4, "batch_size": 128, "lr": 0.1,
                    "momentum": 0.9, "nesterov": true, "weight_decay": 0.0005, "schedule": "onecycle",
                    "crop_padding": 2, "flip": true}},
        "pruning": {"method": "random", "class_balanced": false, "fractions": [0.02, 0.1, 0.3]},
        "distillation": {"alphas": [0, 0.5], "tau": 4, "tau_squared": true},
        "seeds": [0, 1],
        "device": "auto"
    })");
}

json defaultSpecWithPreferences()
{
    json spec = defaultSpec();
    const Preferences p = Preferences::load();
    spec["device"] = p.device.toStdString();
    if (p.runsAtOnce > 0)
        spec["runs_at_once"] = p.runsAtOnce;
    return spec;
}

QString listText(const json &v)
{
    if (v.is_string())
        return QString::fromStdString(v.get<std::string>());
    QStringList parts;
    if (v.is_array())
        for (const auto &x : v)
            if (x.is_number())
                parts << formatNumber(x.get<double>());
    return parts.join(", ");
}

QLabel *noteLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    QFont f = label->font();
    f.setPointSizeF(f.pointSizeF() * 0.92);
    label->setFont(f);
    label->setStyleSheet("color: palette(dark);");
    return label;
}

const std::vector<const char *> &offeredModels()
{
    static const std::vector<const char *> models
        = { "smallcnnx0.5", "smallcnn", "smallcnnx2", "resnet8",   "resnet14",  "resnet20",
            "resnet32",     "resnet44", "resnet56",   "resnet110", "resnet8x4", "resnet32x4" };
    return models;
}

} // namespace ui
