#include "engine/data/formats/image_folder_cache.h"

#include "engine/core/atomic_file.h"
#include "engine/core/errors.h"

#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sys/mman.h>
#include <sys/stat.h>
#include <torch/torch.h>
#include <unistd.h>

// The decoded image-folder cache: a JSON header, then the images page-aligned so that they are
// mapped straight from the file.

namespace engine {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr char kMagic[8] = { 'P', 'S', 'I', 'M', 'G', 'C', '0', '1' };
constexpr size_t kAlign = 4096;

/// A read-only file mapped copy-on-write: tensors over it never write back, and the kernel pages
/// images in from the file as training touches them.
struct Mapping
{
    void *base = MAP_FAILED;
    size_t size = 0;
    ~Mapping()
    {
        if (base != MAP_FAILED)
            ::munmap(base, size);
    }
};

void writeAll(std::ofstream &out, const void *data, size_t bytes)
{
    out.write(static_cast<const char *>(data), static_cast<std::streamsize>(bytes));
}

} // namespace

void writeImageFolderCache(const fs::path &file, const Dataset &d, const ImageFolderReport &report)
{
    json header { { "classes", d.info.classNames },
                  { "train", d.train.size() },
                  { "test", d.test.size() },
                  { "channels", d.train.images.size(1) },
                  { "size", d.train.images.size(2) },
                  { "skipped", report.skippedCorrupt },
                  { "skipped_files", report.skippedFiles },
                  { "ignored", report.ignoredFiles },
                  { "name", d.info.name },
                  { "train_sides", d.train.originalSide },
                  { "test_sides", d.test.originalSide } };
    const std::string text = header.dump();
    fs::create_directories(file.parent_path());
    writeFileAtomically(file, [&](const fs::path &temporary) {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        const uint64_t length = text.size();
        writeAll(out, kMagic, sizeof kMagic);
        writeAll(out, &length, sizeof length);
        writeAll(out, text.data(), text.size());
        const size_t used = sizeof kMagic + sizeof length + text.size();
        const std::string pad((kAlign - used % kAlign) % kAlign, '\0');
        writeAll(out, pad.data(), pad.size());
        for (const auto *t : { &d.train.images, &d.test.images, &d.train.labels, &d.test.labels })
            writeAll(out, t->data_ptr(), size_t(t->numel()) * t->element_size());
        out.flush();
        if (!out)
            throw DataError("'" + file.string() + "' could not be written (disk full?)");
    });
}

std::optional<Dataset> readImageFolderCache(const fs::path &file, ImageFolderReport &report)
{
    const int fd = ::open(file.c_str(), O_RDONLY);
    if (fd < 0)
        return std::nullopt;
    struct stat st
    {
    };
    auto mapping = std::make_shared<Mapping>();
    if (::fstat(fd, &st) == 0 && st.st_size > 16) {
        mapping->size = size_t(st.st_size);
        mapping->base = ::mmap(nullptr, mapping->size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    }
    ::close(fd);
    if (mapping->base == MAP_FAILED)
        return std::nullopt;
    const auto *bytes = static_cast<const uint8_t *>(mapping->base);
    if (std::memcmp(bytes, kMagic, sizeof kMagic) != 0)
        return std::nullopt;
    uint64_t length = 0;
    std::memcpy(&length, bytes + 8, sizeof length);
    if (length > mapping->size - 16)
        return std::nullopt;
    const json header = json::parse(bytes + 16, bytes + 16 + length, nullptr, false);
    if (header.is_discarded())
        return std::nullopt;
    Dataset d;
    try {
        d.info.classNames = header.at("classes").get<std::vector<std::string>>();
        d.info.name = header.at("name").get<std::string>();
        report.skippedCorrupt = header.at("skipped");
        report.skippedFiles = header.at("skipped_files").get<std::vector<std::string>>();
        report.ignoredFiles = header.at("ignored");
        const int64_t nTrain = header.at("train"), nTest = header.at("test");
        // A cache written before the sizes were kept lacks them: decoded again (json::exception).
        d.train.originalSide = header.at("train_sides").get<std::vector<int>>();
        d.test.originalSide = header.at("test_sides").get<std::vector<int>>();
        if (int64_t(d.train.originalSide.size()) != nTrain
            || int64_t(d.test.originalSide.size()) != nTest)
            return std::nullopt;
        const int64_t c = header.at("channels"), s = header.at("size");
        size_t offset = 16 + length;
        offset += (kAlign - offset % kAlign) % kAlign;
        const size_t row = size_t(c * s * s);
        const size_t need = offset + (nTrain + nTest) * (row + sizeof(int64_t));
        if (need != mapping->size)
            return std::nullopt;
        auto *base = static_cast<uint8_t *>(mapping->base);
        auto keep = [mapping](void *) {
        }; // the mapping lives while any tensor over it does
        d.train.images = torch::from_blob(base + offset, { nTrain, c, s, s }, keep, torch::kUInt8);
        offset += nTrain * row;
        d.test.images = torch::from_blob(base + offset, { nTest, c, s, s }, keep, torch::kUInt8);
        offset += nTest * row;
        // Labels are small: copied, so they are aligned and resident.
        d.train.labels = torch::from_blob(base + offset, { nTrain }, torch::kInt64).clone();
        offset += nTrain * sizeof(int64_t);
        d.test.labels = torch::from_blob(base + offset, { nTest }, torch::kInt64).clone();
        d.train.fileBacked = d.test.fileBacked = true;
    } catch (const json::exception &) {
        return std::nullopt;
    }
    return d;
}

} // namespace engine
