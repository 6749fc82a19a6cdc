#include "engine/core/npy_array.h"

#include "engine/core/errors.h"
#include "engine/core/limits.h"

#include <bit>
#include <charconv>
#include <climits>
#include <cstring>
#include <sstream>

namespace engine {

namespace fs = std::filesystem;

namespace {

std::string trim(std::string s)
{
    const auto b = s.find_first_not_of(" \t\r");
    const auto e = s.find_last_not_of(" \t\r");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

} // namespace

std::string npyHeader(const std::string &descr, const std::string &shape)
{
    std::string dict = "{'descr': " + descr + ", 'fortran_order': False, 'shape': " + shape + ", }";
    // magic (6) + version (2) + header length (2) + dict + padding + '\n', a multiple of 64.
    const size_t total = (10 + dict.size() + 1 + 63) / 64 * 64;
    dict.append(total - 10 - dict.size() - 1, ' ');
    dict += '\n';
    std::string out("\x93NUMPY\x01\x00", 8);
    const auto len = static_cast<uint16_t>(dict.size());
    out += static_cast<char>(len & 0xff);
    out += static_cast<char>(len >> 8);
    return out + dict;
}

NpyArray readNpy(const fs::path &path, const std::string &bytes)
{
    if (bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0)
        throw DataError(path.string() + ": not a NumPy .npy file (no \\x93NUMPY magic)");
    const int major = static_cast<unsigned char>(bytes[6]);
    size_t headerLen = 0, offset = 0;
    if (major == 1) {
        headerLen
            = static_cast<unsigned char>(bytes[8]) | (static_cast<unsigned char>(bytes[9]) << 8);
        offset = 10;
    } else if (major == 2 || major == 3) {
        if (bytes.size() < 12)
            throw DataError(path.string() + ": truncated .npy header");
        uint32_t len = 0;
        std::memcpy(&len, bytes.data() + 8, 4);
        headerLen = len;
        offset = 12;
    } else {
        throw DataError(path.string() + ": unsupported .npy version " + std::to_string(major));
    }
    if (bytes.size() < offset + headerLen)
        throw DataError(path.string() + ": truncated .npy header");
    const std::string header = bytes.substr(offset, headerLen);
    NpyArray a;
    const auto d = header.find("'descr':");
    const auto s = header.find("'shape':");
    if (d == std::string::npos || s == std::string::npos)
        throw DataError(path.string() + ": .npy header lacks 'descr' or 'shape'");
    const auto bad = [&](const std::string &what) {
        return DataError(path.string() + ": malformed .npy header (" + what + ")");
    };
    const size_t p = header.find_first_not_of(' ', d + 8);
    if (p == std::string::npos)
        throw bad("'descr' has no value");
    if (header[p] == '[') {
        const auto q = header.find(']', p);
        if (q == std::string::npos)
            throw bad("'descr' list is not closed");
        a.descr = header.substr(p, q - p + 1);
    } else if (header[p] == '\'') {
        const auto q = header.find('\'', p + 1);
        if (q == std::string::npos)
            throw bad("'descr' string is not closed");
        a.descr = header.substr(p + 1, q - p - 1);
    } else {
        throw bad("'descr' is neither a string nor a list");
    }
    a.fortran = header.find("'fortran_order': True") != std::string::npos;
    const auto open = header.find('(', s);
    const auto close = open == std::string::npos ? open : header.find(')', open);
    if (close == std::string::npos)
        throw bad("'shape' is not a tuple");
    std::istringstream dims(header.substr(open + 1, close - open - 1));
    std::string dim;
    while (std::getline(dims, dim, ',')) {
        const std::string text = trim(dim);
        if (text.empty())
            continue;
        int64_t value = -1;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc() || end != text.data() + text.size() || value < 0
            || value > (int64_t(1) << 40))
            throw bad("shape entry '" + text + "' is not a size from 0 to 2^40");
        a.shape.push_back(value);
    }
    a.data = bytes.substr(offset + headerLen);
    return a;
}

/// Element i of a numeric .npy array of one of the common dtypes, as double.
double npyNumber(const fs::path &path, const NpyArray &a, size_t i)
{
    auto read = [&](auto tag) {
        using T = decltype(tag);
        if ((i + 1) * sizeof(T) > a.data.size())
            throw DataError(path.string() + ": truncated .npy data (element " + std::to_string(i)
                            + " is missing)");
        T v;
        std::memcpy(&v, a.data.data() + i * sizeof(T), sizeof(T));
        return static_cast<double>(v);
    };
    if (a.descr == "<f8")
        return read(double {});
    if (a.descr == "<f4")
        return read(float {});
    if (a.descr == "<i8")
        return read(int64_t {});
    if (a.descr == "<i4")
        return read(int32_t {});
    if (a.descr == "<u4")
        return read(uint32_t {});
    throw DataError(path.string() + ": unsupported .npy dtype " + a.descr
                    + "; expected <f8, <f4, <i8, <i4 or records (index <i8, score <f8)");
}

int64_t product(const std::vector<int64_t> &shape)
{
    uint64_t p = 1;
    for (auto d : shape) {
        const auto next = checkedProduct(p, uint64_t(d));
        if (!next || *next > uint64_t(INT64_MAX))
            return INT64_MAX; // more than any file holds: the callers' size checks refuse it
        p = *next;
    }
    return int64_t(p);
}

} // namespace engine
