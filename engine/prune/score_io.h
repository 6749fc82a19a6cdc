#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace engine {

/// Where a score file came from, written as a comment line in CSV exports and checked on import.
struct ScoreProvenance
{
    std::string method;
    std::string datasetName;
    std::string fingerprint; ///< the dataset's content hash; empty when unknown
};

/// Writes one (index, score) pair per training sample with a score (NaN = none: no row): CSV (a "#
/// prunescope" provenance comment, a header "index,score", full precision, "inf"/"-inf") or, for a
/// ".npy" path, a NumPy array of records (index <i8, score <f8). The file is written under a
/// temporary name and renamed.
void writeScoreFile(const std::filesystem::path &path, const std::vector<double> &scores,
                    const ScoreProvenance &provenance);

/// Reads a score file for a training set of n samples with the given fingerprint. Accepts CSV
/// with rows "index,score" (header optional, '#' comments, any row order) or one score per row,
/// and .npy files holding n numbers (1-D), an n×2 array of (index, score), or records with
/// "index" and "score" fields. Every index 0..n−1 exactly once, every score a number (±inf
/// allowed, NaN not). Files with indices may leave out up to mayLack samples (those held out for
/// validation), whose score is returned as NaN. Throws DataError naming the file, the row and
/// what was expected.
std::vector<double> readScoreFile(const std::filesystem::path &path, int64_t n,
                                  const std::string &fingerprint, int64_t mayLack = 0);

/// readScoreFile's checks from one read of the file, returning a hash of its bytes (FNV-1a, hex),
/// so that a score imported from a file that later changes is a different score.
std::string checkScoreFile(const std::filesystem::path &path, int64_t n,
                           const std::string &fingerprint, int64_t mayLack = 0);

/// A rows×cols float32 .npy matrix (row-major), e.g. a teacher's logits for a cross-check.
void writeNpyMatrix(const std::filesystem::path &path, const std::vector<float> &values,
                    int64_t rows, int64_t cols);

/// Kept-subset files: CSV with a header "index" and one training-set index per row, or a 1-D
/// int64 .npy array.
void writeSubsetFile(const std::filesystem::path &path, const std::vector<int64_t> &indices,
                     const ScoreProvenance &provenance);
/// Reads distinct indices in 0..n−1 (CSV: the first column; header and '#' comments allowed),
/// ascending. Throws DataError naming the file and row.
std::vector<int64_t> readSubsetFile(const std::filesystem::path &path, int64_t n,
                                    const std::string &fingerprint);

} // namespace engine
