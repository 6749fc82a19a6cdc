#pragma once

// NumPy's .npy format (versions 1.0 to 3.0): the header a writer puts before little-endian data,
// and a reader of the arrays score and subset files hold. Hand-written because the format is
// short and fully specified and no Debian package offers a C++ reader.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace engine {

/// A parsed .npy: its dtype descriptor, shape and raw data.
struct NpyArray
{
    std::string descr;
    std::vector<int64_t> shape;
    bool fortran = false;
    std::string data;
};

/// The magic, version 1.0, header length and the header dictionary padded to a multiple of 64
/// bytes, for an array of dtype descr ("'<f8'") and shape ("(3,)").
std::string npyHeader(const std::string &descr, const std::string &shape);

/// Parses an .npy file's header and locates its data; throws DataError naming path when the
/// magic, version, header, dtype or the data's length do not fit.
NpyArray readNpy(const std::filesystem::path &path, const std::string &bytes);

/// Element i of a numeric array as a double; throws DataError for a dtype that is not a number.
/// Element i of a numeric .npy array of one of the common dtypes, as double.
double npyNumber(const std::filesystem::path &path, const NpyArray &a, size_t i);

/// Elements of an array of that shape.
int64_t product(const std::vector<int64_t> &shape);

} // namespace engine
