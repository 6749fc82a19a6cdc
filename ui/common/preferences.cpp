#include "ui/common/preferences.h"

#include <QApplication>
#include <QPalette>
#include <QSettings>
#include <QStandardPaths>
#include <QStyle>
#include <QStyleFactory>

namespace ui {

Preferences Preferences::load()
{
    const QSettings s;
    Preferences p;
    const QString theme = s.value("preferences/theme", "system").toString();
    p.theme = theme == "dark" ? Theme::Dark : theme == "light" ? Theme::Light : Theme::System;
    p.device = s.value("preferences/device", "auto").toString();
    if (p.device != "cpu" && p.device != "cuda")
        p.device = "auto";
    p.threads = std::max(0, s.value("preferences/threads", 0).toInt());
    p.runsAtOnce = std::clamp(s.value("preferences/runsAtOnce", 0).toInt(), 0, 16);
    p.cacheFolder = s.value("preferences/cacheFolder").toString();
    p.dataFolder = s.value("preferences/dataFolder").toString();
    return p;
}

void Preferences::save() const
{
    QSettings s;
    s.setValue("preferences/theme",
               theme == Theme::Dark        ? "dark"
                   : theme == Theme::Light ? "light"
                                           : "system");
    s.setValue("preferences/device", device);
    s.setValue("preferences/threads", threads);
    s.setValue("preferences/runsAtOnce", runsAtOnce);
    s.setValue("preferences/cacheFolder", cacheFolder);
    s.setValue("preferences/dataFolder", dataFolder);
}

QString Preferences::effectiveCacheFolder() const
{
    return cacheFolder.isEmpty()
        ? QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + "/decoded"
        : cacheFolder;
}

QString Preferences::effectiveDataFolder() const
{
    return dataFolder.isEmpty() ? QString("/usr/share/datasets") : dataFolder;
}

QPalette darkPalette()
{
    QPalette p;
    const QColor window(45, 45, 48), base(30, 30, 32), text(225, 225, 225);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(40, 40, 43));
    p.setColor(QPalette::ToolTipBase, QColor(60, 60, 64));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(140, 140, 140));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(255, 120, 120));
    p.setColor(QPalette::Light, QColor(70, 70, 74));
    p.setColor(QPalette::Midlight, QColor(60, 60, 64));
    p.setColor(QPalette::Mid, QColor(95, 95, 100));
    // The form's notes are drawn in Dark: light enough to read on the dark base.
    p.setColor(QPalette::Dark, QColor(160, 160, 165));
    p.setColor(QPalette::Shadow, QColor(10, 10, 10));
    p.setColor(QPalette::Highlight, QColor(66, 133, 200));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(110, 170, 240));
    p.setColor(QPalette::LinkVisited, QColor(170, 140, 230));
    for (const auto role : { QPalette::WindowText, QPalette::Text, QPalette::ButtonText })
        p.setColor(QPalette::Disabled, role, QColor(120, 120, 120));
    p.setColor(QPalette::Disabled, QPalette::Base, QColor(38, 38, 40));
    return p;
}

void applyTheme(Preferences::Theme theme)
{
    // The palette the application started with is the system's: kept for "follow system".
    static const QPalette system = QApplication::palette();
    if (theme == Preferences::Theme::Dark) {
        if (QStyle *fusion = QStyleFactory::create("Fusion"))
            QApplication::setStyle(fusion);
        QApplication::setPalette(darkPalette());
    } else if (theme == Preferences::Theme::Light) {
        QApplication::setPalette(QApplication::style()->standardPalette());
    } else {
        QApplication::setPalette(system);
    }
}

} // namespace ui
