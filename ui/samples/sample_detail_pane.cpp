#include "ui/samples/sample_detail_pane.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QTextDocumentFragment>
#include <QVBoxLayout>

#include "engine/experiment/quality_assessment.h"
#include "ui/samples/flag_style.h"
#include "ui/samples/pixel_view.h"
#include "ui/samples/probability_bars.h"
#include "ui/samples/sample_table.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <numeric>
#include <torch/torch.h>
#include <tuple>

namespace ui {

namespace {

constexpr int kTopK = 5;
constexpr size_t kRunsListed = 20;

/// The k most probable classes of row i; the given label is added when it is not among them.
QVector<ProbabilityBars::Bar> topBars(const torch::Tensor &probabilities, int64_t i,
                                      const SampleTable &table)
{
    if (!probabilities.defined() || probabilities.dim() != 2 || i >= probabilities.size(0))
        return {};
    const auto row = probabilities[i].to(torch::kCPU).to(torch::kDouble).contiguous();
    const double *p = row.data_ptr<double>();
    std::vector<int> order(size_t(row.numel()));
    std::iota(order.begin(), order.end(), 0);
    const int k = std::min<int>(kTopK, int(order.size()));
    std::partial_sort(order.begin(), order.begin() + k, order.end(),
                      [p](int a, int b) { return p[a] > p[b]; });
    const int given = table.label(i);
    QVector<ProbabilityBars::Bar> bars;
    bool hasGiven = false;
    for (int j = 0; j < k; ++j) {
        bars.push_back(
            { table.className(order[size_t(j)]), p[order[size_t(j)]], order[size_t(j)] == given });
        hasGiven |= order[size_t(j)] == given;
    }
    if (!hasGiven && given >= 0 && given < row.numel())
        bars.push_back({ table.className(given) + QObject::tr(" (given)"), p[given], true });
    return bars;
}

QString number(double v)
{
    if (std::isnan(v))
        return QString::fromUtf8("—");
    return std::abs(v) >= 1000 || (v != 0 && std::abs(v) < 0.001) ? QString::number(v, 'g', 4)
                                                                  : QString::number(v, 'f', 3);
}

QString badge(const QString &flagName)
{
    const QColor c = flagColor(flagName);
    return QString("<span style=\"background-color:%1; color:%2;\"><b>&nbsp;%3&nbsp;</b></span>")
        .arg(c.name(), c.lightness() > 150 ? "black" : "white", flagCode(flagName));
}

QLabel *richLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    return label;
}

/// "sample 12" and "sample 12, 40" in a reason become links to those samples.
QString linkSamples(const QString &escapedReason)
{
    static const QRegularExpression named("(samples? )(\\d+(?:, \\d+)*)");
    static const QRegularExpression number("(\\d+)");
    QString out;
    qsizetype from = 0;
    for (auto it = named.globalMatch(escapedReason); it.hasNext();) {
        const auto m = it.next();
        out += escapedReason.mid(from, m.capturedStart() - from) + m.captured(1);
        QString list = m.captured(2);
        out += list.replace(number, "<a href=\"sample:\\1\">\\1</a>");
        from = m.capturedEnd();
    }
    return out + escapedReason.mid(from);
}

QLabel *sectionTitle(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(QString("<b>%1</b>").arg(text.toHtmlEscaped()), parent);
    return label;
}

} // namespace

SampleDetailPane::SampleDetailPane(QWidget *parent)
    : QWidget(parent)
{
    setObjectName("sampleDetailPane");
    // A dock restored narrow would show nothing readable.
    setMinimumWidth(fontMetrics().averageCharWidth() * 34);
    m_empty = new QLabel(tr("Click a tile in the Samples tab to see everything about that "
                            "sample here.\n←/→ step through the grid's order, Esc returns to it."),
                         this);
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignCenter);

    m_content = new QWidget(this);
    m_image = new PixelView(m_content);
    m_header = richLabel(m_content);
    m_truth = richLabel(m_content);
    m_oosTitle = sectionTitle(tr("Out of sample, top %1").arg(kTopK), m_content);
    m_oosTitle->setToolTip(tr("Class probabilities from the fold model that did not train on "
                              "this sample; the given label is outlined"));
    m_oos = new ProbabilityBars(m_content);
    m_teacherTitle = sectionTitle(tr("Teacher, top %1").arg(kTopK), m_content);
    m_teacher = new ProbabilityBars(m_content);
    m_teacherNote = richLabel(m_content);
    m_flags = richLabel(m_content);
    m_flags->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse
                                     | Qt::LinksAccessibleByKeyboard);
    m_flags->setToolTip(tr("Click a sample number to show that sample"));
    connect(m_flags, &QLabel::linkActivated, this, [this](const QString &link) {
        if (link.startsWith("sample:"))
            Q_EMIT sampleRequested(link.mid(7).toLongLong());
    });
    m_scores = richLabel(m_content);
    m_runs = richLabel(m_content);
    m_copy = new QPushButton(tr("Copy as JSON"), m_content);
    m_copy->setToolTip(tr("Copy this sample's record (labels, probabilities, flags, scores, runs) "
                          "to the clipboard"));
    connect(m_copy, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(json());
        Q_EMIT message(tr("Sample %1 copied as JSON").arg(m_sample));
    });

    auto *content = new QVBoxLayout(m_content);
    content->addWidget(m_image);
    content->addWidget(m_header);
    content->addWidget(m_truth);
    content->addWidget(m_oosTitle);
    content->addWidget(m_oos);
    content->addWidget(m_teacherTitle);
    content->addWidget(m_teacher);
    content->addWidget(m_teacherNote);
    content->addWidget(sectionTitle(tr("Flags"), m_content));
    content->addWidget(m_flags);
    content->addWidget(sectionTitle(tr("Scores"), m_content));
    content->addWidget(m_scores);
    content->addWidget(sectionTitle(tr("Runs"), m_content));
    content->addWidget(m_runs);
    content->addWidget(m_copy, 0, Qt::AlignLeft);
    content->addStretch();

    auto *scroll = new QScrollArea(this);
    m_scroll = scroll;
    scroll->setWidget(m_content);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_empty);
    layout->addWidget(scroll, 1);

    const std::tuple<QKeySequence, int, QString> steps[]
        = { { QKeySequence(Qt::Key_Left), -1, tr("Previous sample") },
            { QKeySequence(Qt::Key_Right), 1, tr("Next sample") } };
    for (const auto &[keys, delta, text] : steps) {
        auto *action = new QAction(text, this); // the text names it in Help ▸ Keyboard shortcuts
        action->setShortcut(keys);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(action, &QAction::triggered, this, [this, d = delta] { Q_EMIT stepRequested(d); });
        addAction(action);
    }
    auto *back = new QAction(tr("Back to the grid"), this);
    back->setShortcut(QKeySequence(Qt::Key_Escape));
    back->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(back, &QAction::triggered, this, &SampleDetailPane::backToGrid);
    addAction(back);
    showSample(-1);
}

SampleDetailPane::~SampleDetailPane() = default;

void SampleDetailPane::setTable(std::shared_ptr<const SampleTable> table)
{
    m_table = std::move(table);
    showSample(-1);
}

void SampleDetailPane::showSample(int64_t sample)
{
    const bool valid = m_table && sample >= 0 && sample < m_table->size();
    m_sample = valid ? sample : -1;
    m_empty->setVisible(!valid);
    m_scroll->setVisible(valid);
    if (!valid)
        return;
    const SampleTable &t = *m_table;
    const engine::QualityReport &report = t.report();
    const int given = t.label(sample), suggested = t.suggestedLabel(sample);

    m_image->setImage(t.images().image(sample));
    QString header
        = tr("<b>#%1</b> · given <b>%2</b>").arg(sample).arg(t.className(given).toHtmlEscaped());
    header += suggested == given
        ? tr(" · suggested: keep it")
        : tr(" · suggested <b>%1</b>").arg(t.className(suggested).toHtmlEscaped());
    m_header->setText(header);

    m_truth->setVisible(t.hasTruth());
    if (t.hasTruth() && !t.truthSource().isEmpty()) {
        m_truth->setText(
            t.labelFlipped(sample)
                ? tr("Ground truth (%1): <b>wrongly labelled</b>")
                      .arg(t.truthSource().toHtmlEscaped())
                : tr("Ground truth (%1): correctly labelled").arg(t.truthSource().toHtmlEscaped()));
    } else if (t.hasTruth()) {
        QStringList truth;
        if (t.labelFlipped(sample))
            truth << tr("label changed from <b>%1</b>")
                         .arg(t.className(t.originalLabel(sample)).toHtmlEscaped());
        if (!t.corruption(sample).isEmpty())
            truth << tr("image corrupted: <b>%1</b>").arg(t.corruption(sample).toHtmlEscaped());
        m_truth->setText(tr("Injected noise: %1")
                             .arg(truth.isEmpty() ? tr("none (clean sample)") : truth.join("; ")));
    }

    m_oos->setBars(topBars(report.quality.oosProbabilities, sample, t));
    const bool teacher = report.quality.teacherProbabilities.defined();
    m_teacher->setVisible(teacher);
    m_teacherNote->setVisible(!teacher);
    if (teacher)
        m_teacher->setBars(topBars(report.quality.teacherProbabilities, sample, t));
    else
        m_teacherNote->setText(
            tr("No teacher probabilities: %1")
                .arg(QString::fromStdString(report.teacherNote.empty() ? "no teacher for this data"
                                                                       : report.teacherNote)
                         .toHtmlEscaped()));

    QStringList raised, quiet, missing;
    for (const FlagDef &f : t.flags()) {
        if (!f.available) {
            missing << tr("%1 %2: not available — %3")
                           .arg(badge(f.name), f.title.toHtmlEscaped(),
                                f.unavailableReason.toHtmlEscaped());
            continue;
        }
        const int column = t.columnOfFlag(f.id);
        const double score = column >= 0 ? t.columns()[size_t(column)].values[size_t(sample)] : NAN;
        const bool on = t.flagged(f.id, sample);
        const QString line = tr("%1 <b>%2</b> %3 · score %4, threshold %5<br><i>%6</i>")
                                 .arg(badge(f.name), f.title.toHtmlEscaped(),
                                      on ? tr("<b>raised</b>") : tr("not raised"), number(score),
                                      number(t.threshold(f.id)),
                                      linkSamples(t.reason(f.id, sample).toHtmlEscaped()));
        (on ? raised : quiet) << line;
    }
    QString flags = raised.isEmpty() ? tr("<p>No flag raised at the current thresholds.</p>")
                                     : "<p>" + raised.join("</p><p>") + "</p>";
    if (!quiet.isEmpty())
        flags += "<p style=\"color:gray\">" + quiet.join("</p><p style=\"color:gray\">") + "</p>";
    if (!missing.isEmpty())
        flags += "<p style=\"color:gray\">" + missing.join("<br>") + "</p>";
    m_flags->setText(flags);

    QString scores = "<table cellspacing=2>";
    for (const ScoreColumn &c : t.columns())
        scores += QString("<tr><td>%1</td><td align=right>%2</td></tr>")
                      .arg(c.title.toHtmlEscaped(), number(c.values[size_t(sample)]));
    m_scores->setText(scores + "</table>");

    QStringList kept, pruned;
    for (int r = 0; r < t.runCount(); ++r)
        (t.kept(r, sample) ? kept : pruned) << t.runName(r).toHtmlEscaped();
    auto listed = [](const QStringList &names) {
        QStringList shown = names.mid(0, int(kRunsListed));
        if (names.size() > int(kRunsListed))
            shown << QObject::tr("… and %1 more").arg(names.size() - int(kRunsListed));
        return shown.join("<br>");
    };
    if (t.runCount() == 0)
        m_runs->setText(tr("No finished run on this data yet."));
    else
        m_runs->setText(tr("Kept by %1 of %2 runs%3%4")
                            .arg(kept.size())
                            .arg(t.runCount())
                            .arg(kept.isEmpty() ? QString() : ":<br>" + listed(kept))
                            .arg(pruned.isEmpty() ? QString()
                                                  : tr("<br><span style=\"color:gray\">Pruned "
                                                       "by:<br>%1</span>")
                                                        .arg(listed(pruned))));
}

QString SampleDetailPane::text() const
{
    if (m_sample < 0)
        return m_empty->text();
    QStringList parts;
    for (QLabel *label : { m_header, m_truth, m_teacherNote, m_flags, m_scores, m_runs })
        if (!label->isHidden())
            parts << QTextDocumentFragment::fromHtml(label->text()).toPlainText();
    for (ProbabilityBars *bars : { m_oos, m_teacher })
        if (!bars->isHidden())
            for (const auto &b : bars->bars())
                parts << QString("%1 %2 %").arg(b.label).arg(100 * b.probability, 0, 'f', 1);
    return parts.join('\n');
}

QString SampleDetailPane::json() const
{
    if (!m_table || m_sample < 0)
        return {};
    const SampleTable &t = *m_table;
    const int64_t i = m_sample;
    auto finite = [](double v) {
        return std::isnan(v) ? nlohmann::json() : nlohmann::json(v);
    };
    nlohmann::json record;
    record["index"] = i;
    record["given_label"] = t.label(i);
    record["given_class"] = t.className(t.label(i)).toStdString();
    record["suggested_label"] = t.suggestedLabel(i);
    record["suggested_class"] = t.className(t.suggestedLabel(i)).toStdString();
    auto bars = [](const ProbabilityBars *b) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto &bar : b->bars())
            out.push_back({ { "class", bar.label.toStdString() }, { "p", bar.probability } });
        return out;
    };
    record["out_of_sample_top"] = bars(m_oos);
    record["teacher_top"] = m_teacher->isHidden() ? nlohmann::json() : bars(m_teacher);
    nlohmann::json flags = nlohmann::json::object();
    for (const FlagDef &f : t.flags()) {
        if (!f.available) {
            flags[f.name.toStdString()]
                = { { "available", false }, { "reason", f.unavailableReason.toStdString() } };
            continue;
        }
        const int column = t.columnOfFlag(f.id);
        flags[f.name.toStdString()]
            = { { "raised", t.flagged(f.id, i) },
                { "score",
                  column >= 0 ? finite(t.columns()[size_t(column)].values[size_t(i)])
                              : nlohmann::json() },
                { "threshold", t.threshold(f.id) },
                { "reason", t.reason(f.id, i).toStdString() } };
    }
    record["flags"] = flags;
    nlohmann::json scores = nlohmann::json::object();
    for (const ScoreColumn &c : t.columns())
        scores[c.key.toStdString()] = finite(c.values[size_t(i)]);
    record["scores"] = scores;
    nlohmann::json keptBy = nlohmann::json::array(), prunedBy = nlohmann::json::array();
    for (int r = 0; r < t.runCount(); ++r)
        (t.kept(r, i) ? keptBy : prunedBy)
            .push_back({ { "run_id", t.run(r).runId }, { "name", t.run(r).name } });
    record["kept_by"] = keptBy;
    record["pruned_by"] = prunedBy;
    if (t.hasTruth())
        record["truth"] = { { "label_flipped", t.labelFlipped(i) },
                            { "original_label", t.originalLabel(i) },
                            { "corruption", t.corruption(i).toStdString() } };
    return QString::fromStdString(record.dump(2));
}

} // namespace ui
