#include "engine/prune/score_io.h"

#include "engine/core/atomic_file.h"
#include "engine/core/content_hash.h"
#include "engine/core/errors.h"
#include "engine/core/file_bytes.h"
#include "engine/core/limits.h"
#include "engine/core/npy_array.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

namespace engine {

namespace fs = std::filesystem;

namespace {

static_assert(std::endian::native == std::endian::little, "the .npy code assumes little endian");

bool isNpy(const fs::path &path)
{
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
    return ext == ".npy";
}

std::string provenanceLine(const ScoreProvenance &p, size_t n)
{
    return "# prunescope method=" + (p.method.empty() ? "-" : p.method) + " dataset=\""
        + p.datasetName + "\" fingerprint=" + (p.fingerprint.empty() ? "-" : p.fingerprint)
        + " n=" + std::to_string(n);
}

std::string formatScore(double v)
{
    if (std::isinf(v))
        return v > 0 ? "inf" : "-inf";
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, end);
}

std::string readText(const fs::path &path)
{
    const std::vector<uint8_t> bytes = readRawBytes(path, kMaxScoreFileBytes);
    return std::string(bytes.begin(), bytes.end());
}

std::string trim(std::string s)
{
    const auto b = s.find_first_not_of(" \t\r");
    const auto e = s.find_last_not_of(" \t\r");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::vector<std::string> splitCells(const std::string &line)
{
    std::vector<std::string> cells;
    std::string cell;
    std::istringstream s(line);
    while (std::getline(s, cell, ','))
        cells.push_back(trim(cell));
    return cells;
}

/// A number cell; "inf", "-inf", "nan" as words. nullopt when not a number.
std::optional<double> parseNumber(const std::string &cell)
{
    std::string lower = cell;
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    if (lower == "inf" || lower == "+inf" || lower == "infinity")
        return INFINITY;
    if (lower == "-inf" || lower == "-infinity")
        return -INFINITY;
    if (lower == "nan")
        return NAN;
    double v = 0;
    const char *b = cell.data();
    if (!cell.empty() && *b == '+')
        ++b;
    auto [end, ec] = std::from_chars(b, cell.data() + cell.size(), v);
    if (ec != std::errc() || end != cell.data() + cell.size() || b == cell.data() + cell.size())
        return std::nullopt;
    return v;
}

void checkFingerprint(const fs::path &path, const std::string &line, const std::string &expected)
{
    const auto at = line.find("fingerprint=");
    if (at == std::string::npos || expected.empty())
        return;
    std::string found = line.substr(at + 12);
    found = found.substr(0, found.find(' '));
    if (found != "-" && found != expected)
        throw DataError(path.string() + ": written for another dataset (fingerprint " + found
                        + "); this experiment's training set has fingerprint " + expected);
}

struct CsvTable
{
    std::vector<std::vector<std::string>> rows;
    std::vector<size_t> lineNumbers;
    std::vector<std::string> header;
};

CsvTable readCsv(const fs::path &path, const std::string &text, const std::string &fingerprint)
{
    CsvTable table;
    std::istringstream in(text);
    std::string line;
    size_t lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        line = trim(line);
        if (line.empty())
            continue;
        if (line[0] == '#') {
            checkFingerprint(path, line, fingerprint);
            continue;
        }
        auto cells = splitCells(line);
        if (table.rows.empty() && table.header.empty() && !parseNumber(cells[0])) {
            table.header = cells;
            continue;
        }
        table.rows.push_back(std::move(cells));
        table.lineNumbers.push_back(lineNo);
    }
    return table;
}

void setScore(const fs::path &path, std::vector<double> &scores, std::vector<char> &seen,
              double index, double score, const std::string &where)
{
    const auto n = static_cast<int64_t>(scores.size());
    if (std::floor(index) != index || index < 0 || index >= double(n))
        throw DataError(path.string() + ": " + where + ": index " + formatScore(index)
                        + " is not a training-set index 0.." + std::to_string(n - 1));
    const auto i = static_cast<size_t>(index);
    if (seen[i])
        throw DataError(path.string() + ": " + where + ": index " + std::to_string(i)
                        + " appears twice");
    if (std::isnan(score))
        throw DataError(path.string() + ": " + where + ": the score of sample " + std::to_string(i)
                        + " is NaN; every sample needs a number");
    seen[i] = 1;
    scores[i] = score;
}

std::vector<double> parseScores(const fs::path &path, const std::string &bytes, int64_t n,
                                const std::string &fingerprint, int64_t mayLack)
{
    std::vector<double> scores(n, NAN);
    // Files with indices may leave out up to mayLack samples (a validation split, exported
    // without scores); their score stays NaN.
    const auto countFits = [&](int64_t count) {
        return count <= n && count >= n - mayLack;
    };
    const auto expected = [&] {
        return mayLack > 0 ? std::to_string(n - mayLack) + " to " + std::to_string(n)
                           : std::to_string(n);
    };
    std::vector<char> seen(n, 0);
    int64_t count = 0;
    if (isNpy(path)) {
        const NpyArray a = readNpy(path, bytes);
        if (!a.descr.empty() && a.descr.front() == '[') {
            if (a.descr != "[('index', '<i8'), ('score', '<f8')]")
                throw DataError(path.string() + ": record dtype " + a.descr
                                + " is not supported; expected [('index', '<i8'), ('score', "
                                  "'<f8')]");
            count = product(a.shape);
            if (count > static_cast<int64_t>(a.data.size() / 16))
                throw DataError(path.string() + ": truncated .npy data");
            if (!countFits(count))
                throw DataError(path.string() + ": holds " + std::to_string(count)
                                + " scores; the training set has " + std::to_string(n)
                                + " samples (expected " + expected() + ")");
            for (int64_t r = 0; r < count; ++r) {
                int64_t index;
                double score;
                std::memcpy(&index, a.data.data() + r * 16, 8);
                std::memcpy(&score, a.data.data() + r * 16 + 8, 8);
                setScore(path, scores, seen, double(index), score, "record " + std::to_string(r));
            }
        } else if (a.shape.size() == 1) {
            count = a.shape[0];
            if (count != n)
                throw DataError(path.string() + ": holds " + std::to_string(count)
                                + " scores; the training set has " + std::to_string(n)
                                + " samples");
            for (int64_t i = 0; i < n; ++i)
                setScore(path, scores, seen, double(i), npyNumber(path, a, i),
                         "element " + std::to_string(i));
        } else if (a.shape.size() == 2 && a.shape[1] == 2) {
            count = a.shape[0];
            if (!countFits(count))
                throw DataError(path.string() + ": holds " + std::to_string(count)
                                + " rows; the training set has " + std::to_string(n)
                                + " samples (expected " + expected() + ")");
            for (int64_t r = 0; r < count; ++r) {
                const size_t iIdx = a.fortran ? r : 2 * r,
                             iScore = a.fortran ? count + r : 2 * r + 1;
                setScore(path, scores, seen, npyNumber(path, a, iIdx), npyNumber(path, a, iScore),
                         "row " + std::to_string(r));
            }
        } else {
            std::string shape;
            for (auto d : a.shape)
                shape += (shape.empty() ? "" : "×") + std::to_string(d);
            throw DataError(path.string() + ": array of shape " + shape
                            + "; expected n scores (1-D) or n×2 (index, score)");
        }
        return scores;
    }

    const CsvTable t = readCsv(path, bytes, fingerprint);
    int indexCol = -1, scoreCol = 0;
    if (!t.header.empty()) {
        for (size_t c = 0; c < t.header.size(); ++c) {
            if (t.header[c] == "index")
                indexCol = static_cast<int>(c);
            if (t.header[c] == "score")
                scoreCol = static_cast<int>(c);
        }
        if (t.header.size() >= 2
            && std::find(t.header.begin(), t.header.end(), "score") == t.header.end())
            throw DataError(path.string() + ": header has no 'score' column (found " + t.header[0]
                            + ", " + t.header[1] + ")");
    } else if (!t.rows.empty() && t.rows[0].size() >= 2) {
        indexCol = 0;
        scoreCol = 1;
    }
    if (indexCol < 0 ? static_cast<int64_t>(t.rows.size()) != n
                     : !countFits(static_cast<int64_t>(t.rows.size())))
        throw DataError(path.string() + ": holds " + std::to_string(t.rows.size())
                        + " scores; the training set has " + std::to_string(n) + " samples"
                        + (indexCol < 0 ? "" : " (expected " + expected() + ")"));
    for (size_t r = 0; r < t.rows.size(); ++r) {
        const std::string where = "line " + std::to_string(t.lineNumbers[r]);
        const auto &cells = t.rows[r];
        const auto cell = [&](int c) {
            if (c >= static_cast<int>(cells.size()))
                throw DataError(path.string() + ": " + where + ": expected " + std::to_string(c + 1)
                                + " columns");
            const auto v = parseNumber(cells[c]);
            if (!v)
                throw DataError(path.string() + ": " + where + ": '" + cells[c]
                                + "' is not a number");
            return *v;
        };
        setScore(path, scores, seen, indexCol < 0 ? double(r) : cell(indexCol), cell(scoreCol),
                 where);
    }
    return scores;
}

/// FNV-1a of the bytes, hex.
std::string contentHash(const std::string &bytes)
{
    return hex64(fnv1a(bytes));
}

} // namespace

void writeScoreFile(const fs::path &path, const std::vector<double> &scores,
                    const ScoreProvenance &provenance)
{
    std::string out;
    // NaN marks a sample without a score (held out for validation): no row.
    const auto rows = static_cast<size_t>(
        std::count_if(scores.begin(), scores.end(), [](double v) { return !std::isnan(v); }));
    if (isNpy(path)) {
        out = npyHeader("[('index', '<i8'), ('score', '<f8')]", "(" + std::to_string(rows) + ",)");
        for (size_t i = 0; i < scores.size(); ++i) {
            if (std::isnan(scores[i]))
                continue;
            const auto index = static_cast<int64_t>(i);
            out.append(reinterpret_cast<const char *>(&index), 8);
            out.append(reinterpret_cast<const char *>(&scores[i]), 8);
        }
    } else {
        out = provenanceLine(provenance, rows) + "\nindex,score\n";
        for (size_t i = 0; i < scores.size(); ++i)
            if (!std::isnan(scores[i]))
                out += std::to_string(i) + "," + formatScore(scores[i]) + "\n";
    }
    writeFileAtomically(path, out);
}

std::vector<double> readScoreFile(const fs::path &path, int64_t n, const std::string &fingerprint,
                                  int64_t mayLack)
{
    if (!fs::exists(path))
        throw DataError(path.string() + ": no such file");
    return parseScores(path, readText(path), n, fingerprint, mayLack);
}

std::string checkScoreFile(const fs::path &path, int64_t n, const std::string &fingerprint,
                           int64_t mayLack)
{
    if (!fs::exists(path))
        throw DataError(path.string() + ": no such file");
    const std::string bytes = readText(path);
    parseScores(path, bytes, n, fingerprint, mayLack);
    return contentHash(bytes);
}

void writeNpyMatrix(const fs::path &path, const std::vector<float> &values, int64_t rows,
                    int64_t cols)
{
    if (static_cast<int64_t>(values.size()) != rows * cols)
        throw std::invalid_argument("writeNpyMatrix: values do not fill rows × cols");
    std::string out
        = npyHeader("'<f4'", "(" + std::to_string(rows) + ", " + std::to_string(cols) + ")");
    out.append(reinterpret_cast<const char *>(values.data()), values.size() * sizeof(float));
    writeFileAtomically(path, out);
}

void writeSubsetFile(const fs::path &path, const std::vector<int64_t> &indices,
                     const ScoreProvenance &provenance)
{
    std::string out;
    if (isNpy(path)) {
        out = npyHeader("'<i8'", "(" + std::to_string(indices.size()) + ",)");
        out.append(reinterpret_cast<const char *>(indices.data()), indices.size() * 8);
    } else {
        out = provenanceLine(provenance, indices.size()) + "\nindex\n";
        for (int64_t i : indices)
            out += std::to_string(i) + "\n";
    }
    writeFileAtomically(path, out);
}

std::vector<int64_t> readSubsetFile(const fs::path &path, int64_t n, const std::string &fingerprint)
{
    if (!fs::exists(path))
        throw DataError(path.string() + ": no such file");
    const std::string bytes = readText(path);
    std::vector<double> values;
    std::vector<std::string> where;
    if (isNpy(path)) {
        const NpyArray a = readNpy(path, bytes);
        if (a.shape.size() != 1)
            throw DataError(path.string() + ": expected a 1-D array of indices");
        for (int64_t i = 0; i < a.shape[0]; ++i) {
            values.push_back(npyNumber(path, a, i));
            where.push_back("element " + std::to_string(i));
        }
    } else {
        const CsvTable t = readCsv(path, bytes, fingerprint);
        for (size_t r = 0; r < t.rows.size(); ++r) {
            const auto v = parseNumber(t.rows[r][0]);
            where.push_back("line " + std::to_string(t.lineNumbers[r]));
            if (!v)
                throw DataError(path.string() + ": " + where.back() + ": '" + t.rows[r][0]
                                + "' is not an index");
            values.push_back(*v);
        }
    }
    if (values.empty())
        throw DataError(path.string() + ": holds no indices; a subset keeps at least one sample");
    std::vector<char> seen(n, 0);
    std::vector<int64_t> out;
    for (size_t r = 0; r < values.size(); ++r) {
        const double v = values[r];
        if (std::floor(v) != v || v < 0 || v >= double(n))
            throw DataError(path.string() + ": " + where[r] + ": " + formatScore(v)
                            + " is not a training-set index 0.." + std::to_string(n - 1));
        if (seen[static_cast<size_t>(v)]++)
            throw DataError(path.string() + ": " + where[r] + ": index "
                            + std::to_string(static_cast<int64_t>(v)) + " appears twice");
        out.push_back(static_cast<int64_t>(v));
    }
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace engine
