#include "storage/quality_sources.h"

#include "storage/store.h"

#include <map>
#include <nlohmann/json.hpp>

namespace storage {

namespace {

std::string fingerprintOf(const std::string &identityJson)
{
    const auto j = nlohmann::json::parse(identityJson, nullptr, false);
    if (j.is_object() && j.contains("dataset") && j["dataset"].is_object()
        && j["dataset"].contains("fingerprint") && j["dataset"]["fingerprint"].is_string())
        return j["dataset"]["fingerprint"].get<std::string>();
    return {};
}

} // namespace

StoreQualitySources::StoreQualitySources(Store &store)
    : m_store(store)
    , m_recorder(store)
{ }

std::vector<engine::StoredTeacher> StoreQualitySources::teachersOf(const std::string &fingerprint)
{
    std::vector<engine::StoredTeacher> teachers;
    for (const auto &row : m_store.teachers())
        if (fingerprintOf(row.identityJson) == fingerprint)
            teachers.push_back({ row.id, row.model, row.identityJson,
                                 m_store.artifactsDir() / row.checkpoint, row.testAccuracy,
                                 row.createdAt });
    return teachers;
}

std::vector<engine::StoredScore> StoreQualitySources::scoresOf(const std::string &fingerprint,
                                                               int64_t count)
{
    std::map<std::string, ScoreRow> latest;
    for (const auto &row : m_store.scoreRows())
        if (row.fingerprint == fingerprint && row.method != "oos_probabilities"
            && row.count == count)
            if (auto it = latest.find(row.method); it == latest.end() || it->second.id < row.id)
                latest[row.method] = row;
    std::vector<engine::StoredScore> scores;
    for (const auto &[method, row] : latest)
        scores.push_back({ method, row.higherIsHarder, m_store.scoreValues(row.id) });
    return scores;
}

std::vector<engine::KeptSet> StoreQualitySources::keptSetsOf(const std::string &fingerprint)
{
    std::vector<engine::KeptSet> sets;
    for (const auto &row : m_store.runs()) {
        if (row.status != RunStatus::Done || fingerprintOf(row.configJson) != fingerprint)
            continue;
        sets.push_back({ row.id, row.name, row.method, row.fraction, row.alpha, row.seed,
                         m_store.keptIndices(row.id) });
    }
    return sets;
}

std::optional<std::vector<double>> StoreQualitySources::findScores(const std::string &scoreKey)
{
    return m_recorder.findScores(scoreKey);
}

void StoreQualitySources::saveScores(const std::string &scoreKey, const engine::ScoreRecord &score)
{
    m_recorder.saveScores(scoreKey, score);
}

} // namespace storage
