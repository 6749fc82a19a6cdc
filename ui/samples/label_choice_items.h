#pragma once

class QComboBox;

namespace ui {

/// The label-issue filters (engine::LabelFilter as item data), each with a tooltip, the default
/// first.
void fillLabelFilters(QComboBox *combo);
/// The label-quality rankings (engine::LabelRanking as item data), each with a tooltip, the
/// default first.
void fillLabelRankings(QComboBox *combo);

} // namespace ui
