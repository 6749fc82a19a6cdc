#include "engine/train/schedule.h"

#include "engine/core/enum_names.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace engine {

namespace {

constexpr EnumNames<ScheduleKind, 3> kScheduleNames { {
    { ScheduleKind::OneCycle, "onecycle" },
    { ScheduleKind::Cosine, "cosine" },
    { ScheduleKind::Constant, "constant" },
} };

} // namespace

std::string_view scheduleName(ScheduleKind kind)
{
    return enumName(kScheduleNames, kind);
}

std::optional<ScheduleKind> parseScheduleKind(std::string_view text)
{
    return parseEnum(kScheduleNames, text);
}

namespace {
double annealCos(double start, double end, double pct)
{
    return end + (start - end) / 2.0 * (std::cos(std::numbers::pi * pct) + 1.0);
}
} // namespace

double learningRate(const Schedule &s, int64_t step, int64_t totalSteps)
{
    step = std::clamp<int64_t>(step, 0, std::max<int64_t>(totalSteps - 1, 0));
    switch (s.kind) {
    case ScheduleKind::Constant:
        return s.peakLr;
    case ScheduleKind::Cosine: {
        const double warmup = std::floor(s.warmupFraction * double(totalSteps));
        if (step < warmup)
            return s.peakLr * double(step + 1) / warmup;
        const double span = std::max(1.0, double(totalSteps) - warmup);
        return annealCos(s.peakLr, 0.0, (double(step) - warmup) / span);
    }
    case ScheduleKind::OneCycle: {
        // Same phase boundaries as PyTorch's OneCycleLR, so the peer scripts match step for step.
        const double initial = s.peakLr / s.divFactor;
        const double minimum = initial / s.finalDivFactor;
        const double upEnd = s.pctStart * double(totalSteps) - 1.0;
        const double downEnd = double(totalSteps) - 1.0;
        if (double(step) <= upEnd)
            return annealCos(initial, s.peakLr, upEnd > 0 ? double(step) / upEnd : 1.0);
        const double span = downEnd - upEnd;
        return annealCos(s.peakLr, minimum, span > 0 ? (double(step) - upEnd) / span : 1.0);
    }
    }
    return s.peakLr;
}

} // namespace engine
