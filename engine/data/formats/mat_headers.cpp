#include "engine/data/formats/mat_headers.h"

#include "engine/core/errors.h"
#include "engine/core/limits.h"

#include <array>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>
#include <zlib.h>

namespace engine {

namespace {

// Data types and array classes of the MAT-file format (MathWorks, "MAT-File Format", v5).
constexpr uint32_t miINT8 = 1, miINT32 = 5, miUINT32 = 6, miMATRIX = 14, miCOMPRESSED = 15;
constexpr uint32_t mxLastNumericClass
    = 15; // 6 double … 15 uint64; 1–5 cell, struct, object, char, sparse
constexpr uint32_t mxFirstNumericClass = 6;

struct Reader
{
    const std::filesystem::path &file;
    bool swap = false;

    [[noreturn]] void fail(uint64_t offset, const std::string &what) const
    {
        throw DataError("'" + file.string() + "' is not a MATLAB .mat file this reader accepts (at "
                        + "byte " + std::to_string(offset) + ", " + what + ")");
    }
    uint32_t u32(const uint8_t *p) const
    {
        uint32_t v;
        std::memcpy(&v, p, 4);
        return swap ? __builtin_bswap32(v) : v;
    }
    /// One data element's tag at p (8 bytes available): type, size, and the bytes the tag and
    /// its data occupy (the small format packs both into 8 bytes).
    struct Tag
    {
        uint32_t type, bytes;
        uint64_t span;
    };
    Tag tag(const uint8_t *p) const
    {
        const uint32_t first = u32(p);
        if (first >> 16) // small data element: size in the upper half, data in the next 4 bytes
            return { first & 0xffff, first >> 16, 8 };
        const uint32_t bytes = u32(p + 4);
        return { first, bytes, 8 + (uint64_t(bytes) + 7) / 8 * 8 };
    }

    /// The start of an miMATRIX's content (its array flags, dimensions and name), n bytes of it.
    void checkMatrix(const uint8_t *p, size_t n, uint64_t offset, uint64_t declared) const
    {
        if (n < 16)
            fail(offset, "a variable's header is cut short");
        const Tag flags = tag(p);
        if (flags.type != miUINT32 || flags.bytes != 8)
            fail(offset, "a variable has no array flags");
        const uint32_t cls = u32(p + 8) & 0xff;
        if (u32(p + 8) & 0x0800) // matio then hands back split real and imaginary parts
            fail(offset, "a variable is complex; only real arrays are read");
        if (cls < mxFirstNumericClass || cls > mxLastNumericClass)
            fail(offset,
                 "a variable of class " + std::to_string(cls)
                     + " (cell, struct, object, character or sparse); only numeric "
                       "arrays are read");
        if (n < 24)
            fail(offset, "a variable's header is cut short");
        const Tag dims = tag(p + 16);
        if (dims.type != miINT32 || dims.bytes < 8 || dims.bytes > 32 || dims.bytes % 4)
            fail(offset, "a variable's dimensions are not 2 to 8 whole numbers");
        if (n < 24 + dims.span - 8)
            fail(offset, "a variable's header is cut short");
        uint64_t elements = 1;
        for (uint32_t k = 0; k < dims.bytes / 4; ++k) {
            const auto d = int32_t(u32(p + 24 + 4 * k));
            if (d < 0)
                fail(offset, "a variable has a negative dimension");
            elements = checkedProduct(elements, uint64_t(d)).value_or(UINT64_MAX);
        }
        // Every element takes at least a byte: more elements than the variable's bytes is a lie.
        if (elements > declared)
            fail(offset,
                 "a variable declares " + std::to_string(elements) + " elements in "
                     + std::to_string(declared) + " bytes");
        const uint64_t nameAt = 16 + dims.span;
        if (n < nameAt + 8)
            fail(offset, "a variable's name is cut short");
        const Tag name = tag(p + nameAt);
        if (name.type != miINT8 || name.bytes > 63)
            fail(offset, "a variable's name is not up to 63 characters");
    }
};

} // namespace

void checkMatHeaders(const std::filesystem::path &file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw DataError("cannot open '" + file.string() + "'");
    std::array<uint8_t, 128> header {};
    in.read(reinterpret_cast<char *>(header.data()), header.size());
    Reader r { file };
    if (in.gcount() < 128)
        r.fail(0, "the 128-byte header is cut short");
    if (header[126] == 'M' && header[127] == 'I')
        r.swap = true;
    else if (!(header[126] == 'I' && header[127] == 'M'))
        r.fail(126, "the endian indicator is neither IM nor MI");
    const uint16_t version = r.swap ? uint16_t(header[124] << 8 | header[125])
                                    : uint16_t(header[125] << 8 | header[124]);
    if (version == 0x0200)
        r.fail(124,
               "it is a v7.3 (HDF5) file; save SVHN's arrays as a v5/v7 MAT-file "
               "(SVHN's own files are)");
    if (version != 0x0100)
        r.fail(124, "version " + std::to_string(version) + " is not a MAT-file version");
    in.seekg(0, std::ios::end);
    const uint64_t size = uint64_t(in.tellg());
    uint64_t offset = 128;
    std::vector<uint8_t> head(256);
    while (offset + 8 <= size) {
        in.seekg(std::streamoff(offset));
        const size_t have = size_t(std::min<uint64_t>(head.size(), size - offset));
        in.read(reinterpret_cast<char *>(head.data()), std::streamsize(have));
        const Reader::Tag t = r.tag(head.data());
        if (t.span > size - offset
            && !(t.type == miCOMPRESSED && 8 + uint64_t(t.bytes) <= size - offset))
            throw DataError("'" + file.string() + "' is truncated: at byte "
                            + std::to_string(offset) + " an element declares "
                            + std::to_string(t.bytes) + " bytes, the file holds "
                            + std::to_string(size - offset - 8) + " more");
        if (t.type == miMATRIX) {
            r.checkMatrix(head.data() + 8, have - 8, offset, t.bytes);
        } else if (t.type == miCOMPRESSED) {
            // Inflate just the start of the variable: its own tag and header.
            std::vector<uint8_t> compressed(std::min<uint64_t>(t.bytes, 4096));
            in.seekg(std::streamoff(offset + 8));
            in.read(reinterpret_cast<char *>(compressed.data()),
                    std::streamsize(compressed.size()));
            std::array<uint8_t, 256> inner {};
            z_stream z {};
            if (inflateInit(&z) != Z_OK)
                r.fail(offset, "zlib could not start");
            z.next_in = compressed.data();
            z.avail_in = uInt(in.gcount());
            z.next_out = inner.data();
            z.avail_out = uInt(inner.size());
            const int status = inflate(&z, Z_SYNC_FLUSH);
            const size_t got = inner.size() - z.avail_out;
            inflateEnd(&z);
            if ((status != Z_OK && status != Z_STREAM_END) || got < 8)
                r.fail(offset, "a compressed variable cannot be inflated");
            const Reader::Tag matrix = r.tag(inner.data());
            if (matrix.type != miMATRIX)
                r.fail(offset, "a compressed element holds something other than a variable");
            if (uint64_t(matrix.bytes) > uint64_t(t.bytes) * kMaxDeflateRatio)
                r.fail(offset,
                       "a compressed variable declares " + std::to_string(matrix.bytes)
                           + " bytes, more than its " + std::to_string(t.bytes)
                           + " compressed bytes can hold");
            r.checkMatrix(inner.data() + 8, got - 8, offset, matrix.bytes);
        }
        offset += t.type == miCOMPRESSED ? 8 + uint64_t(t.bytes) : t.span;
    }
}

} // namespace engine
