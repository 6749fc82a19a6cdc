#include "ui/window/log_pane.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QTimer>
#include <QVBoxLayout>

#include "engine/core/log.h"

#include <mutex>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace ui {

namespace {

constexpr int kLineLimit = 20000;

class BridgeSink : public spdlog::sinks::base_sink<std::mutex>
{
public:
    explicit BridgeSink(LogBridge *bridge)
        : m_bridge(bridge)
    { }

protected:
    void sink_it_(const spdlog::details::log_msg &msg) override
    {
        LogLine line;
        line.time = QDateTime::currentDateTime().toString("HH:mm:ss");
        line.level = int(msg.level);
        line.source = QString::fromUtf8(msg.logger_name.data(), int(msg.logger_name.size()));
        line.text = QString::fromUtf8(msg.payload.data(), int(msg.payload.size()));
        if (m_bridge)
            m_bridge->post(line);
    }
    void flush_() override { }

private:
    QPointer<LogBridge> m_bridge;
};

} // namespace

LogBridge::LogBridge(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<ui::LogLine>();
}

void LogBridge::install()
{
    auto bridge = std::make_shared<BridgeSink>(this);
    auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    console->set_level(spdlog::level::warn);
    for (const char *name : { "engine", "storage", "ui" }) {
        spdlog::drop(name);
        auto logger
            = std::make_shared<spdlog::logger>(name, spdlog::sinks_init_list { bridge, console });
        logger->set_level(spdlog::level::info);
        spdlog::register_logger(logger);
    }
}

void LogBridge::post(const LogLine &line)
{
    QMetaObject::invokeMethod(
        this, [this, line] { Q_EMIT lineArrived(line); }, Qt::QueuedConnection);
}

LogPane::LogPane(QWidget *parent)
    : QWidget(parent)
{
    m_text = new QPlainTextEdit(this);
    m_text->setReadOnly(true);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setMaximumBlockCount(kLineLimit);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_level = new QComboBox(this);
    m_level->addItem(tr("info and above"), 2);
    m_level->addItem(tr("warnings and errors"), 3);
    m_level->addItem(tr("errors"), 4);
    m_level->addItem(tr("everything"), 0);
    m_level->setToolTip(tr("Lowest level shown"));
    m_filter = new QLineEdit(this);
    m_filter->setPlaceholderText(tr("Filter lines (regular expression, Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_wrap = new QCheckBox(tr("wrap"), this);
    auto *clear = new QPushButton(tr("Clear"), this);
    clear->setToolTip(tr("Remove every line from the pane (the log file keeps them)"));
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_level);
    bar->addWidget(m_filter, 1);
    bar->addWidget(m_wrap);
    bar->addWidget(clear);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(bar);
    layout->addWidget(m_text, 1);
    connect(m_level, &QComboBox::currentIndexChanged, this, &LogPane::refilter);
    auto *debounce = new QTimer(this);
    debounce->setSingleShot(true);
    debounce->setInterval(200);
    connect(debounce, &QTimer::timeout, this, [this] {
        // An invalid regular expression filters as plain text, with the field marked.
        m_pattern = QRegularExpression(m_filter->text(), QRegularExpression::CaseInsensitiveOption);
        if (!m_pattern.isValid())
            m_pattern = QRegularExpression(QRegularExpression::escape(m_filter->text()),
                                           QRegularExpression::CaseInsensitiveOption);
        m_filter->setStyleSheet(QRegularExpression(m_filter->text()).isValid()
                                    ? QString()
                                    : "border: 1px solid #c62828;");
        refilter();
    });
    connect(m_filter, &QLineEdit::textChanged, debounce, qOverload<>(&QTimer::start));
    connect(m_wrap, &QCheckBox::toggled, this, [this](bool on) {
        m_text->setLineWrapMode(on ? QPlainTextEdit::WidgetWidth : QPlainTextEdit::NoWrap);
    });
    connect(clear, &QPushButton::clicked, this, [this] {
        m_lines.clear();
        m_text->clear();
        resetCounts();
    });
}

QString LogPane::format(const LogLine &line) const
{
    static const char *levels[] = { "trace", "debug", "info", "warning", "error", "critical", "" };
    return QString("%1  %2  %3  %4")
        .arg(line.time, QString(levels[std::clamp(line.level, 0, 6)]).leftJustified(7),
             line.source.leftJustified(7), line.text);
}

bool LogPane::accepts(const LogLine &line) const
{
    if (line.level < m_level->currentData().toInt())
        return false;
    return m_pattern.pattern().isEmpty() || format(line).contains(m_pattern);
}

void LogPane::append(const LogLine &line)
{
    m_lines.push_back(line);
    if (m_lines.size() > size_t(kLineLimit))
        m_lines.erase(m_lines.begin(), m_lines.begin() + long(m_lines.size() - kLineLimit));
    if (line.level == 3)
        ++m_warnings;
    if (line.level >= 4)
        ++m_errors;
    if (line.level >= 3)
        Q_EMIT countsChanged(m_warnings, m_errors);
    if (!accepts(line))
        return;
    // Follow new lines only while the view is at the bottom.
    QScrollBar *bar = m_text->verticalScrollBar();
    const bool atBottom = bar->value() >= bar->maximum() - 2;
    m_text->appendPlainText(format(line));
    if (atBottom)
        bar->setValue(bar->maximum());
}

void LogPane::refilter()
{
    m_text->clear();
    QStringList shown;
    for (const auto &line : m_lines)
        if (accepts(line))
            shown << format(line);
    m_text->setPlainText(shown.join('\n'));
    m_text->verticalScrollBar()->setValue(m_text->verticalScrollBar()->maximum());
}

void LogPane::resetCounts()
{
    m_warnings = m_errors = 0;
    Q_EMIT countsChanged(0, 0);
}

void LogPane::focusFilter()
{
    m_filter->setFocus();
    m_filter->selectAll();
}

} // namespace ui
