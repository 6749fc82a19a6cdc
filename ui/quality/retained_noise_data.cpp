#include "ui/quality/retained_noise_data.h"

#include "engine/experiment/quality_assessment.h"
#include "ui/samples/sample_table.h"

#include <cmath>
#include <map>

namespace ui {

std::vector<NoiseCurve> retainedNoiseCurves(const SampleTable &table)
{
    struct Sum
    {
        double flagged = 0, truly = 0;
        int runs = 0, trulyRuns = 0;
    };
    std::map<std::string, std::map<double, Sum>> sums;
    const uint32_t mask = table.labelFlagMask();
    for (int r = 0; r < table.runCount(); ++r) {
        const engine::KeptSet &run = table.run(r);
        if (run.kept.empty())
            continue;
        // The flagged share from the table's own flag bits: the same flags the tiles and counts
        // show, re-evaluated at once when a threshold moves.
        int64_t flagged = 0;
        for (int64_t i : run.kept)
            if (i >= 0 && i < table.size())
                flagged += (table.flagBits(i) & mask) != 0;
        Sum &s = sums[run.method][run.fraction];
        s.flagged += double(flagged) / double(run.kept.size());
        ++s.runs;
        if (!std::isnan(table.trulyNoisyShare(r))) {
            s.truly += table.trulyNoisyShare(r);
            ++s.trulyRuns;
        }
    }
    std::vector<NoiseCurve> curves;
    for (const auto &[method, byFraction] : sums) {
        NoiseCurve c;
        c.method = QString::fromStdString(method);
        for (const auto &[fraction, s] : byFraction) {
            c.fractionPercent.push_back(100 * fraction);
            c.flaggedPercent.push_back(100 * s.flagged / s.runs);
            c.trulyNoisyPercent.push_back(s.trulyRuns ? 100 * s.truly / s.trulyRuns : NAN);
            c.runs.push_back(s.runs);
        }
        curves.push_back(std::move(c));
    }
    return curves;
}

} // namespace ui
