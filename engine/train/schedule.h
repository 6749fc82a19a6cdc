#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace engine {

enum class ScheduleKind { OneCycle, Cosine, Constant };

std::string_view scheduleName(ScheduleKind kind);
std::optional<ScheduleKind> parseScheduleKind(std::string_view text);

/// Learning-rate schedule over a known number of optimiser steps.
/// - OneCycle (Smith 2018, as torch.optim.lr_scheduler.OneCycleLR with cosine annealing): from
///   peak/divFactor up to peak over the first pctStart of the steps, then down to
///   peak/(divFactor·finalDivFactor). Momentum is not cycled.
/// - Cosine: linear warm-up over warmupFraction of the steps, then peak·½(1 + cos(π·t)) to 0.
/// - Constant: the peak throughout.
struct Schedule
{
    ScheduleKind kind = ScheduleKind::OneCycle;
    double peakLr = 0.1;
    double pctStart = 0.3;
    double divFactor = 25.0;
    double finalDivFactor = 1e4;
    double warmupFraction = 0.0;
};

/// The learning rate of step (0-based) out of totalSteps.
double learningRate(const Schedule &schedule, int64_t step, int64_t totalSteps);

} // namespace engine
