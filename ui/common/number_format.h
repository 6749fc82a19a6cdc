#pragma once

#include <QString>

#include <cstdint>

namespace ui {

/// A number as the engine writes it in specs and names (shortest exact form: "0.02", "1e-05").
QString formatNumber(double value);

/// A count with the user's locale's thousands separators ("60,000").
QString groupedNumber(int64_t count);

} // namespace ui
