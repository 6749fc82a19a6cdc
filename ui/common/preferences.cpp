#include "ui/common/preferences.h"

#include <QApplication>
#include <QObject>
#include <QPalette>
#include <QSettings>
#include <QStandardPaths>
#include <QStyle>
#include <QStyleFactory>

namespace ui {

namespace {

// A hand-edited settings file is read as far as it can be; what it cannot use is said, not
// silently replaced.
class Reader
{
public:
    explicit Reader(Preferences &p)
        : m_p(p)
    { }
    QString choice(const QString &key, const QStringList &allowed)
    {
        const QVariant v = m_s.value(key);
        if (!v.isValid())
            return allowed.front();
        if (allowed.contains(v.toString()))
            return v.toString();
        complain(key, v.toString(), QObject::tr("one of %1").arg(allowed.join(", ")),
                 allowed.front());
        return allowed.front();
    }
    int number(const QString &key, int low, int high, const QString &meaning)
    {
        const QVariant v = m_s.value(key);
        if (!v.isValid())
            return 0;
        if (const auto n = storedWholeNumber(v, low, high))
            return *n;
        complain(key, v.toString(),
                 QObject::tr("a whole number from %1 to %2 (%3)").arg(low).arg(high).arg(meaning),
                 "0");
        return 0;
    }
    QString text(const QString &key) const { return m_s.value(key).toString(); }

private:
    void complain(const QString &key, const QString &value, const QString &expected,
                  const QString &used)
    {
        m_p.problems << QObject::tr("%1: %2 is \"%3\", expected %4; using %5")
                            .arg(m_s.fileName(), key, value, expected, used);
    }
    const QSettings m_s;
    Preferences &m_p;
};

} // namespace

std::optional<int> storedWholeNumber(const QVariant &value, int low, int high)
{
    bool ok = false;
    const int n = value.toString().trimmed().toInt(&ok);
    return ok && n >= low && n <= high ? std::optional<int>(n) : std::nullopt;
}

Preferences Preferences::load()
{
    Preferences p;
    Reader r(p);
    const QString theme = r.choice("preferences/theme", { "system", "light", "dark" });
    p.theme = theme == "dark" ? Theme::Dark : theme == "light" ? Theme::Light : Theme::System;
    p.device = r.choice("preferences/device", { "auto", "cpu", "cuda" });
    p.threads = r.number("preferences/threads", 0, 1024, QObject::tr("0 = every core"));
    p.runsAtOnce = r.number("preferences/runsAtOnce", 0, kMaxRunsAtOnce, QObject::tr("0 = auto"));
    p.cacheFolder = r.text("preferences/cacheFolder");
    p.dataFolder = r.text("preferences/dataFolder");
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
