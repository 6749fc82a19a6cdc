#pragma once

#include <QObject>
#include <QRegularExpression>
#include <QWidget>

#include <memory>

class QComboBox;
class QLineEdit;
class QPlainTextEdit;
class QCheckBox;

namespace spdlog {
class logger;
}

namespace ui {

/// One log line as it crosses from any thread to the log pane.
struct LogLine
{
    QString time;
    int level = 2; ///< spdlog level: 0 trace … 2 info, 3 warn, 4 error
    QString source;
    QString text;
};

/// Receives the engine's and the store's spdlog lines on any thread and re-emits them, queued, on
/// the GUI thread. main() installs its sink on the named loggers.
class LogBridge : public QObject
{
    Q_OBJECT

public:
    explicit LogBridge(QObject *parent = nullptr);
    /// Registers "engine", "storage" and "ui" loggers that write to this bridge (and to stderr).
    void install();
    void post(const LogLine &line); ///< thread-safe

Q_SIGNALS:
    void lineArrived(const ui::LogLine &line);
};

/// Monospaced log with a level filter, a regular-expression filter, clear, wrap, and a line
/// limit; it follows new lines only while scrolled to the bottom.
class LogPane : public QWidget
{
    Q_OBJECT

public:
    explicit LogPane(QWidget *parent = nullptr);
    void append(const LogLine &line);
    int warnings() const { return m_warnings; }
    int errors() const { return m_errors; }
    void resetCounts();
    void focusFilter();

Q_SIGNALS:
    void countsChanged(int warnings, int errors);

private:
    void refilter();
    bool accepts(const LogLine &line) const;
    QString format(const LogLine &line) const;

    QPlainTextEdit *m_text;
    QComboBox *m_level;
    QLineEdit *m_filter;
    QCheckBox *m_wrap;
    std::vector<LogLine> m_lines;
    QRegularExpression m_pattern;
    int m_warnings = 0, m_errors = 0;
};

} // namespace ui

Q_DECLARE_METATYPE(ui::LogLine)
