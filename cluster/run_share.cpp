#include "cluster/run_share.h"

#include "engine/experiment/experiment.h"
#include "engine/experiment/run_expansion.h"
#include "engine/experiment/spec_json.h"
#include "storage/recorder.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>
#include <stdexcept>

namespace cluster {

std::string runKey(const engine::RunConfig &run)
{
    return storage::identityKey(engine::runIdentityJson(run));
}

std::vector<size_t> shardPositions(const std::string &shard, size_t runCount)
{
    const auto slash = shard.find('/');
    int64_t index = -1, count = 0;
    const auto parse = [](std::string_view text, int64_t &value) {
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        return ec == std::errc() && end == text.data() + text.size();
    };
    if (slash == std::string::npos || !parse(std::string_view(shard).substr(0, slash), index)
        || !parse(std::string_view(shard).substr(slash + 1), count) || count < 1 || index < 0
        || index >= count)
        throw std::runtime_error("--shard '" + shard
                                 + "': expected I/N with 0 ≤ I < N, e.g. 0/4 for the first of "
                                   "four shares");
    std::vector<size_t> positions;
    for (size_t p = size_t(index); p < runCount; p += size_t(count))
        positions.push_back(p);
    return positions;
}

std::vector<size_t> runListPositions(const std::filesystem::path &file,
                                     const engine::Experiment &experiment)
{
    std::ifstream in(file);
    if (!in)
        throw std::runtime_error("run list '" + file.string() + "' cannot be read");
    std::map<std::string, size_t> byKey;
    for (const auto &run : experiment.runs())
        byKey[runKey(run)] = size_t(run.position);
    std::vector<size_t> positions;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        const auto start = line.find_first_not_of(" \t");
        if (start == std::string::npos || line[start] == '#')
            continue;
        const std::string key = line.substr(start, line.find_first_of(" \t", start) - start);
        const std::string where = "run list '" + file.string() + "' line " + std::to_string(number);
        if (key.size() != 64 || key.find_first_not_of("0123456789abcdef") != std::string::npos)
            throw std::runtime_error(where
                                     + ": expected a run key (64 lower-case hex digits), "
                                       "found '"
                                     + key + "'");
        const auto it = byKey.find(key);
        if (it == byKey.end())
            throw std::runtime_error(where + ": run " + key.substr(0, 12)
                                     + "… is not a run of experiment '" + experiment.spec().name
                                     + "' (was the spec changed after the list was written?)");
        // A key listed twice is run once.
        if (std::find(positions.begin(), positions.end(), it->second) == positions.end())
            positions.push_back(it->second);
    }
    if (positions.empty())
        throw std::runtime_error("run list '" + file.string() + "' names no run");
    return positions;
}

std::set<std::string> runListKeys(const std::filesystem::path &file)
{
    std::set<std::string> keys;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty() && line[0] != '#')
            keys.insert(line.substr(0, line.find(' ')));
    return keys;
}

std::vector<std::pair<std::string, std::string>> runListEntries(const std::filesystem::path &file)
{
    std::vector<std::pair<std::string, std::string>> entries;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#')
            continue;
        const auto space = line.find(' ');
        const auto name = line.find_first_not_of(' ', space);
        entries.emplace_back(line.substr(0, space),
                             name == std::string::npos ? std::string() : line.substr(name));
    }
    return entries;
}

storage::ArtifactSelection artifactsNeeded(const std::string &dataset,
                                           const std::vector<const engine::RunConfig *> &runs)
{
    storage::ArtifactSelection selection;
    selection.dataset = dataset;
    for (const auto *run : runs)
        if (!run->scoreKey.empty())
            selection.scoreKeys.insert(storage::identityKey(run->scoreKey));
    // No score to select on: copying "every score" (an empty set) would be wrong.
    selection.scoresToo = !selection.scoreKeys.empty();
    return selection;
}

void writeRunList(const std::filesystem::path &file, const std::string &comment,
                  const std::vector<const engine::RunConfig *> &runs)
{
    std::ofstream out(file);
    out << "# " << comment << '\n';
    for (const auto *run : runs)
        out << runKey(*run) << "  " << engine::runDisplayName(*run) << '\n';
    out.flush();
    if (!out)
        throw std::runtime_error("cannot write run list '" + file.string() + "'");
}

} // namespace cluster
