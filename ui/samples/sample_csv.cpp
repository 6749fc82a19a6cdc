#include "ui/samples/sample_csv.h"

#include "ui/samples/sample_table.h"

#include <cmath>

namespace ui {

namespace {
QString quoted(QString text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"'))
        && !text.contains(QLatin1Char('\n')))
        return text;
    return QLatin1Char('"') + text.replace(QLatin1String("\""), QLatin1String("\"\""))
        + QLatin1Char('"');
}
} // namespace

QString samplesCsv(const SampleTable &table, const std::vector<int64_t> &samples)
{
    QStringList header { "index", "given_label", "given_class", "suggested_label",
                         "suggested_class" };
    for (const FlagDef &f : table.flags())
        header << f.name;
    for (const ScoreColumn &c : table.columns())
        header << c.key;
    if (table.hasTruth())
        header << "label_flipped"
               << "original_label"
               << "corruption";
    QString text = header.join(',') + "\r\n";
    text.reserve(qsizetype(samples.size()) * header.size() * 8);
    QStringList cells;
    for (int64_t i : samples) {
        cells.clear();
        cells << QString::number(i) << QString::number(table.label(i))
              << quoted(table.className(table.label(i))) << QString::number(table.suggestedLabel(i))
              << quoted(table.className(table.suggestedLabel(i)));
        for (const FlagDef &f : table.flags())
            cells << (f.available ? QString::number(int(table.flagged(f.id, i))) : QString());
        for (const ScoreColumn &c : table.columns()) {
            const float v = c.values[size_t(i)];
            cells << (std::isnan(v) ? QString() : QString::number(double(v), 'g', 7));
        }
        if (table.hasTruth())
            cells << QString::number(int(table.labelFlipped(i)))
                  << QString::number(table.originalLabel(i)) << table.corruption(i);
        text += cells.join(',') + "\r\n";
    }
    return text;
}

} // namespace ui
