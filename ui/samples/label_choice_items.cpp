#include "ui/samples/label_choice_items.h"

#include <QComboBox>
#include <QCoreApplication>

#include "engine/quality/label_filter.h"

namespace ui {

namespace {

struct Item
{
    int value;
    const char *title, *tip;
};

void fill(QComboBox *combo, std::initializer_list<Item> items)
{
    for (const Item &item : items) {
        combo->addItem(QCoreApplication::translate("LabelChoice", item.title), item.value);
        // Rich text, so that Qt wraps the long explanations instead of one screen-wide line.
        const QString tip = QCoreApplication::translate("LabelChoice", item.tip);
        combo->setItemData(combo->count() - 1, "<p>" + tip.toHtmlEscaped() + "</p>",
                           Qt::ToolTipRole);
    }
}

} // namespace

void fillLabelFilters(QComboBox *combo)
{
    using engine::LabelFilter;
    fill(combo,
         { { int(LabelFilter::LowestQuality),
             QT_TRANSLATE_NOOP("LabelChoice", "Lowest label quality"),
             QT_TRANSLATE_NOOP("LabelChoice",
                               "As many samples as the matrix's off-diagonal holds and one "
                               "standard error more (m + √m), those whose label quality is lowest "
                               "(the default, measured best on Fashion-MNIST with injected "
                               "noise)") },
           { int(LabelFilter::PruneByNoiseRate),
             QT_TRANSLATE_NOOP("LabelChoice", "Prune by noise rate"),
             QT_TRANSLATE_NOOP("LabelChoice",
                               "Per cell, its estimated count of samples, by the margin of the "
                               "cell's likely class over the given one (cleanlab's default)") },
           { int(LabelFilter::PruneByClass), QT_TRANSLATE_NOOP("LabelChoice", "Prune by class"),
             QT_TRANSLATE_NOOP("LabelChoice",
                               "Per given class, the estimated number of wrong labels with the "
                               "lowest probability of their label") },
           { int(LabelFilter::Both), QT_TRANSLATE_NOOP("LabelChoice", "Noise rate and class"),
             QT_TRANSLATE_NOOP("LabelChoice",
                               "Samples that both prune by noise rate and prune by class pick") },
           { int(LabelFilter::ConfidentLearning),
             QT_TRANSLATE_NOOP("LabelChoice", "Off-diagonal samples"),
             QT_TRANSLATE_NOOP("LabelChoice",
                               "Every sample confidently in a class other than its label") } });
}

void fillLabelRankings(QComboBox *combo)
{
    using engine::LabelRanking;
    fill(combo,
         { { int(LabelRanking::NoisePosterior), QT_TRANSLATE_NOOP("LabelChoice", "Noise posterior"),
             QT_TRANSLATE_NOOP("LabelChoice",
                               "The probability that the label is wrong under the noise "
                               "between classes, counted from confidently recognised samples "
                               "and kept where one class is mislabelled as another more than "
                               "the reverse (the default)") },
           { int(LabelRanking::SelfConfidence), QT_TRANSLATE_NOOP("LabelChoice", "Self-confidence"),
             QT_TRANSLATE_NOOP("LabelChoice", "The out-of-sample probability of the given label") },
           { int(LabelRanking::NormalizedMargin),
             QT_TRANSLATE_NOOP("LabelChoice", "Normalized margin"),
             QT_TRANSLATE_NOOP("LabelChoice",
                               "The given label's probability minus the largest other one, "
                               "scaled to [0, 1]") },
           { int(LabelRanking::ConfidenceWeightedEntropy),
             QT_TRANSLATE_NOOP("LabelChoice", "Confidence-weighted entropy"),
             QT_TRANSLATE_NOOP("LabelChoice",
                               "ln(1 + x) / x with x the normalised entropy over the given "
                               "label's probability") } });
}

} // namespace ui
