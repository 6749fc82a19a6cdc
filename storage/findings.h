#pragma once

// The paper's six findings (../paper-notes.md, the presets resources/presets/finding-N-*.json)
// read back from a workspace: the runs of the experiments a finding's preset made ("finding N:
// …"), the paired comparisons that measure its claim, and a plain verdict.

#include "storage/comparisons.h"

#include <string>
#include <vector>

namespace storage {

class Store;

enum class Agreement { Agrees, Disagrees, Inconclusive };
std::string_view agreementText(Agreement a); ///< "agrees with the paper", …

struct FindingVerdict
{
    int number = 0;
    std::string claim; ///< the paper's, in one sentence
    std::string experiments; ///< the workspace's experiments it was read from, comma-separated
    /// The comparisons that measure the claim, each oriented so that a positive difference
    /// supports it where a direction is claimed (for teachers: smaller − larger).
    std::vector<Comparison> evidence;
    std::vector<BestAlpha> bestAlphas; ///< finding 4
    Agreement agreement = Agreement::Inconclusive;
    std::string reason; ///< why this verdict, with the deciding numbers
};

/// One verdict per finding whose experiments the workspace holds (in finding order).
std::vector<FindingVerdict> findingVerdicts(Store &store);

/// The verdict of finding `number` from its experiments' groups (exposed for tests).
FindingVerdict judgeFinding(int number, const std::vector<GroupSummary> &groups);

} // namespace storage
