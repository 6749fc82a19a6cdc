#pragma once

#include <QDialog>

#include "ui/common/preferences.h"

class QComboBox;
class QLineEdit;
class QSpinBox;

namespace ui {

/// Preferences…: the theme (applied at once), the device, CPU threads and runs at once new
/// experiments start with, the cache of decoded image folders and the folder dataset dialogs
/// open in. OK saves and applies them; Cancel restores the theme shown before.
class PreferencesDialog : public QDialog
{
    Q_OBJECT

public:
    explicit PreferencesDialog(QWidget *parent = nullptr);
    Preferences preferences() const;
    void setPreferences(const Preferences &p);
    /// Saves the choices and applies the theme and the thread count.
    void accept() override;
    void reject() override;

private:
    QComboBox *m_theme, *m_device, *m_runsAtOnce;
    QSpinBox *m_threads;
    QLineEdit *m_cacheFolder, *m_dataFolder;
    Preferences::Theme m_themeBefore;
};

} // namespace ui
