#pragma once

#include <QString>

#include <cstdint>
#include <vector>

namespace ui {

class SampleTable;

/// The samples as CSV, one row each in the given order: index, given and suggested label (number
/// and class), every flag as 0/1 at the current thresholds (empty where unavailable), every
/// score column, and under injection the truth (label_flipped, original_label, corruption).
QString samplesCsv(const SampleTable &table, const std::vector<int64_t> &samples);

} // namespace ui
