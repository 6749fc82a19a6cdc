#pragma once

#include "storage/run_row.h"

#include <cmath>
#include <string>

namespace fixtures {

/// A finished run of the "random" method on MNIST (a resnet8 teacher at τ = 4 when α > 0), in the
/// curve `curve`: enough for the charts, the heat map and the Table.
inline storage::RunRow run(int64_t id, double f, double alpha, int64_t seed, double accuracy,
                           const std::string &curve)
{
    storage::RunRow r;
    r.id = id;
    r.dataset = "MNIST";
    r.studentModel = "smallcnn";
    r.teacherModel = alpha > 0 ? "resnet8" : "";
    r.method = "random";
    r.fraction = f;
    r.keptCount = std::llround(f * 1000);
    r.alpha = alpha;
    if (alpha > 0)
        r.tau = 4;
    r.seed = seed;
    r.status = storage::RunStatus::Done;
    r.testAccuracy = accuracy;
    r.groupKey = curve + "|" + std::to_string(f) + "|" + std::to_string(alpha);
    r.curveKey = curve + "|" + std::to_string(alpha);
    r.baseKey = curve;
    return r;
}

} // namespace fixtures
