#include <QSettings>

#include "engine/experiment/quality_assessment.h"
#include "ui/samples/sample_table.h"
#include "ui/samples/samples_panel.h"

// The label-issue pick and ranking: chosen in the sidebar, remembered for computed flags.

namespace ui {

void SamplesPanel::showComputed(std::shared_ptr<SampleTable> table, const QString &description)
{
    // The pick and ranking chosen last time, when they are not the default.
    const QSettings settings;
    const auto filter
        = engine::parseLabelFilter(settings.value("samples/labelFilter").toString().toStdString());
    const auto ranking
        = engine::parseLabelRanking(settings.value("samples/labelRank").toString().toStdString());
    const auto &now = table->report().quality.labelIssues.options;
    if ((filter && *filter != now.filter) || (ranking && *ranking != now.ranking))
        table = table->withLabelIssues(
            { filter.value_or(now.filter), ranking.value_or(now.ranking) });
    setTable(std::move(table), description);
    Q_EMIT message(tr("Flags computed for %1").arg(description));
}

void SamplesPanel::chooseLabelIssues(int filter, int ranking)
{
    QSettings settings;
    const engine::LabelIssueOptions options { engine::LabelFilter(filter),
                                              engine::LabelRanking(ranking) };
    auto text = [](std::string_view name) {
        return QString::fromUtf8(name.data(), qsizetype(name.size()));
    };
    settings.setValue("samples/labelFilter", text(engine::labelFilterName(options.filter)));
    settings.setValue("samples/labelRank", text(engine::labelRankingName(options.ranking)));
    if (m_table)
        setTable(m_table->withLabelIssues(options), m_description);
}

} // namespace ui
