#pragma once

#include "engine/experiment/quality_sources.h"
#include "storage/recorder.h"

namespace storage {

class Store;

/// The workspace as the quality assessment reads it: teachers, pruning scores and finished runs
/// of one training set, and the cache of out-of-sample probabilities (through a Recorder).
class StoreQualitySources : public engine::QualitySources
{
public:
    explicit StoreQualitySources(Store &store);

    std::vector<engine::StoredTeacher> teachersOf(const std::string &fingerprint) override;
    std::vector<engine::StoredScore> scoresOf(const std::string &fingerprint,
                                              int64_t count) override;
    std::vector<engine::KeptSet> keptSetsOf(const std::string &fingerprint) override;
    std::optional<std::vector<double>> findScores(const std::string &scoreKey) override;
    void saveScores(const std::string &scoreKey, const engine::ScoreRecord &score) override;

private:
    Store &m_store;
    Recorder m_recorder;
};

} // namespace storage
