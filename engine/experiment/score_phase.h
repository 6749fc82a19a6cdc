#pragma once

// The second phase of runExperiment: every pruning score the pending runs select on, each read
// from the store or computed once (proxies trained, or the teacher read) and stored.

#include "engine/data/validation_split.h"
#include "engine/experiment/experiment_store.h"
#include "engine/experiment/observer.h"
#include "engine/experiment/spec.h"

#include <map>
#include <stop_token>
#include <string>
#include <vector>

namespace engine {

class Classifier;
struct DeviceData;

/// The scores of a sweep by identity (RunConfig::scoreKey), and why those that failed did.
struct ScoreTable
{
    std::map<std::string, std::vector<double>> values;
    std::map<std::string, std::string> errors; ///< the runs selecting on these fail with the text
    /// Scores not in the store: identity → the first pending run that needs it.
    std::map<std::string, size_t> missing;
    int computed = 0;
    double seconds = 0; ///< computing, proxy training included
};

/// Reads from the store every score the pending runs need; the others are listed as missing.
ScoreTable findStoredScores(const std::vector<RunConfig> &runs, const std::vector<size_t> &pending,
                            ScoreCache &store, const TrainIndexMap &indexMap);

/// Whether a missing score reads the teacher (so the teacher must be prepared first).
bool missingScoresNeedTeacher(const ScoreTable &table, const std::vector<RunConfig> &runs);

/// Computes the missing scores and stores them (imported score files are not stored). A score
/// that fails is recorded in table.errors; teacherError (non-empty when the teacher could not be
/// prepared) fails the scores that read it. Throws Cancelled when stop fires.
void computeMissingScores(ScoreTable &table, const std::vector<RunConfig> &runs,
                          const DeviceData &data, Classifier *teacher, double teacherForwardFlops,
                          const std::string &teacherError, ScoreCache &store, Observer &observer,
                          std::stop_token stop);

} // namespace engine
