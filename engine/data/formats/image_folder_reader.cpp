#include "engine/data/formats/image_folder_reader.h"

#include "engine/core/content_hash.h"
#include "engine/core/errors.h"
#include "engine/data/formats/image_decode.h"
#include "engine/data/formats/image_folder_cache.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>
#include <torch/torch.h>

namespace engine {

namespace fs = std::filesystem;

namespace {

struct ImageFile
{
    fs::path path;
    int64_t label = 0;
};

bool isImageName(const fs::path &p)
{
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return ext == ".jpg" || ext == ".jpeg" || ext == ".png";
}

bool hidden(const fs::path &p)
{
    const std::string name = p.filename().string();
    return !name.empty() && name[0] == '.';
}

std::vector<std::string> subfolders(const fs::path &dir)
{
    std::vector<std::string> names;
    for (const auto &entry : fs::directory_iterator(dir))
        if (entry.is_directory() && !hidden(entry.path()))
            names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

/// The image files of one class folder (recursively, in path order); other files are counted.
std::vector<fs::path> imagesIn(const fs::path &dir, int64_t &ignored)
{
    std::vector<fs::path> files;
    for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator();
         ++it) {
        if (hidden(it->path())) {
            if (it->is_directory())
                it.disable_recursion_pending();
            continue;
        }
        if (!it->is_regular_file())
            continue;
        if (isImageName(it->path()))
            files.push_back(it->path());
        else
            ++ignored;
    }
    std::sort(files.begin(), files.end());
    return files;
}

fs::path testFolder(const fs::path &root)
{
    for (const char *name : { "test", "val" })
        if (std::error_code ec; fs::is_directory(root / name, ec))
            return root / name;
    return {};
}

/// Names, sizes and modification times of every listed file plus the options: any change to the
/// folder or the resolution gives another cache file.
std::string cacheKey(const fs::path &root, const std::vector<ImageFile> &train,
                     const std::vector<ImageFile> &test, const ImageFolderOptions &o)
{
    uint64_t hash = fnv1a("v2|" + std::to_string(o.imageSize) + "|" + std::to_string(o.channels)
                          + "|" + (o.skipCorrupt ? "skip" : "error") + "|");
    for (const auto *list : { &train, &test })
        for (const ImageFile &f : *list) {
            std::error_code ec;
            const auto size = fs::file_size(f.path, ec);
            const auto time = fs::last_write_time(f.path, ec).time_since_epoch().count();
            hash = fnv1a(fs::relative(f.path, root).string() + ":" + std::to_string(f.label) + ":"
                             + std::to_string(size) + ":" + std::to_string(time) + "\n",
                         hash);
        }
    return hex64(hash);
}

struct DecodeFailure
{
    size_t index;
    std::string reason;
};

/// Decodes every file into rows of `out` (N × C × S × S) with a pool of threads.
std::vector<DecodeFailure> decodeAll(const std::vector<ImageFile> &files, uint8_t *out,
                                     std::vector<int> &sides, const ImageFolderOptions &o)
{
    sides.assign(files.size(), 0);
    const size_t rowBytes = static_cast<size_t>(o.channels) * o.imageSize * o.imageSize;
    std::atomic<size_t> next { 0 };
    std::mutex mutex;
    std::vector<DecodeFailure> failures;
    auto work = [&] {
        for (size_t i = next++; i < files.size(); i = next++) {
            try {
                const auto image = decodeImageFile(files[i].path, o.channels, o.imageSize);
                const auto pixels = resizeCenterCrop(image, o.imageSize);
                std::memcpy(out + i * rowBytes, pixels.data(), rowBytes);
                const double w = image.fileWidth > 0 ? image.fileWidth : image.width;
                const double h = image.fileHeight > 0 ? image.fileHeight : image.height;
                sides[i] = int(std::lround(std::sqrt(w * h)));
            } catch (const std::exception &e) {
                std::lock_guard lock(mutex);
                failures.push_back({ i, e.what() });
            }
        }
    };
    unsigned threads = o.threads > 0 ? unsigned(o.threads) : std::thread::hardware_concurrency();
    threads = std::max(1u, std::min<unsigned>(threads, unsigned(files.size())));
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t)
        pool.emplace_back(work);
    work();
    for (auto &t : pool)
        t.join();
    std::sort(failures.begin(), failures.end(),
              [](const auto &a, const auto &b) { return a.index < b.index; });
    return failures;
}

DatasetSplit decodeSplit(const std::vector<ImageFile> &files, const ImageFolderOptions &o,
                         ImageFolderReport &report)
{
    const int64_t s = o.imageSize;
    auto images = torch::empty({ int64_t(files.size()), o.channels, s, s }, torch::kUInt8);
    std::vector<int64_t> classes;
    classes.reserve(files.size());
    for (const ImageFile &f : files)
        classes.push_back(f.label);
    auto labels = torch::tensor(classes, torch::kInt64);
    std::vector<int> sides;
    const auto failures = decodeAll(files, images.data_ptr<uint8_t>(), sides, o);
    report.decoded += int64_t(files.size() - failures.size());
    if (failures.empty())
        return { images, labels, false, sides };
    if (!o.skipCorrupt)
        throw DataError(failures.front().reason
                        + (failures.size() > 1 ? " (and " + std::to_string(failures.size() - 1)
                                   + " more unreadable " + (failures.size() > 2 ? "files" : "file")
                                   + ")"
                                               : std::string())
                        + "; set dataset.on_corrupt to \"skip\" to leave unreadable images out");
    report.skippedCorrupt += int64_t(failures.size());
    for (const auto &f : failures)
        if (report.skippedFiles.size() < 10)
            report.skippedFiles.push_back(f.reason);
    std::vector<int64_t> keep;
    std::vector<int> keptSides;
    size_t k = 0;
    for (size_t i = 0; i < files.size(); ++i) {
        if (k < failures.size() && failures[k].index == i) {
            ++k;
        } else {
            keep.push_back(int64_t(i));
            keptSides.push_back(sides[i]);
        }
    }
    const auto idx = torch::tensor(keep, torch::kInt64);
    return { images.index_select(0, idx), labels.index_select(0, idx), false, keptSides };
}

} // namespace

bool looksLikeImageFolder(const fs::path &root)
{
    std::error_code ec;
    return fs::is_directory(root / "train", ec) && !testFolder(root).empty()
        && !subfolders(root / "train").empty();
}

int detectImageFolderChannels(const fs::path &root, int sample)
{
    if (!looksLikeImageFolder(root))
        return 0;
    const fs::path trainDir = root / "train";
    const auto classes = subfolders(trainDir);
    const int perClass = std::max(1, sample / std::max<int>(1, int(classes.size())));
    int seen = 0;
    for (const auto &name : classes) {
        int64_t ignored = 0;
        const auto files = imagesIn(trainDir / name, ignored);
        for (size_t i = 0; i < files.size() && int(i) < perClass && seen < sample; ++i) {
            DecodedImage image;
            try {
                image = decodeImageFile(files[i], 3, 8);
            } catch (const std::exception &) {
                continue; // the full read reports unreadable files
            }
            ++seen;
            for (size_t p = 0; p + 2 < image.pixels.size(); p += 3)
                if (image.pixels[p] != image.pixels[p + 1]
                    || image.pixels[p] != image.pixels[p + 2])
                    return 3;
        }
    }
    return seen > 0 ? 1 : 3;
}

Dataset readImageFolder(const fs::path &root, const ImageFolderOptions &o,
                        ImageFolderReport *reportOut)
{
    const auto start = std::chrono::steady_clock::now();
    if (o.imageSize < 8 || o.imageSize > 512)
        throw ConfigError("dataset.image_size " + std::to_string(o.imageSize)
                          + " is outside [8, 512] pixels");
    if (o.channels != 1 && o.channels != 3)
        throw ConfigError("dataset.channels " + std::to_string(o.channels)
                          + " must be 1 (grey) or 3 (RGB)");
    std::error_code ec;
    const fs::path trainDir = root / "train";
    if (!fs::is_directory(trainDir, ec))
        throw DataError("'" + root.string()
                        + "' has no train/ folder: an image-folder dataset holds train/<class>/ "
                          "and test/<class>/ (or val/<class>/) with JPEG or PNG files");
    const fs::path testDir = testFolder(root);
    if (testDir.empty())
        throw DataError("'" + root.string() + "' has no test/ or val/ folder beside train/");

    ImageFolderReport report;
    Dataset d;
    d.info.classNames = subfolders(trainDir);
    if (d.info.classNames.size() < 2)
        throw DataError("'" + trainDir.string() + "' holds "
                        + std::to_string(d.info.classNames.size())
                        + " class folder(s); a classification dataset needs at least 2");
    d.info.name = fs::absolute(root).lexically_normal().filename().string();
    if (d.info.name.empty())
        d.info.name = fs::absolute(root).lexically_normal().parent_path().filename().string();

    std::vector<ImageFile> train, test;
    for (size_t c = 0; c < d.info.classNames.size(); ++c) {
        const fs::path dir = trainDir / d.info.classNames[c];
        const auto files = imagesIn(dir, report.ignoredFiles);
        if (files.empty())
            throw DataError("class folder '" + dir.string()
                            + "' holds no JPEG or PNG images (.jpg, .jpeg, .png)");
        for (const auto &f : files)
            train.push_back({ f, int64_t(c) });
    }
    for (const std::string &name : subfolders(testDir)) {
        const auto it = std::find(d.info.classNames.begin(), d.info.classNames.end(), name);
        if (it == d.info.classNames.end())
            throw DataError("'" + (testDir / name).string() + "' is a class that '"
                            + trainDir.string() + "' does not have");
        for (const auto &f : imagesIn(testDir / name, report.ignoredFiles))
            test.push_back({ f, int64_t(it - d.info.classNames.begin()) });
    }
    if (test.empty())
        throw DataError("'" + testDir.string() + "' holds no JPEG or PNG images");

    if (!o.cacheDir.empty()) {
        report.cacheFile = o.cacheDir
            / ("imagefolder-" + d.info.name + "-" + cacheKey(root, train, test, o) + ".bin");
        ImageFolderReport cachedReport = report;
        if (auto cached = readImageFolderCache(report.cacheFile, cachedReport)) {
            report = cachedReport;
            cached->info.name = d.info.name;
            report.fromCache = true;
            report.seconds
                = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            if (reportOut)
                *reportOut = report;
            return std::move(*cached);
        }
    }
    d.train = decodeSplit(train, o, report);
    d.test = decodeSplit(test, o, report);
    // Skipping may leave a split empty: that is no dataset, and nothing is cached for it.
    for (const auto &[split, dir] :
         { std::pair { &d.train, trainDir }, std::pair { &d.test, testDir } })
        if (split->size() == 0)
            throw DataError(
                "every image under '" + dir.string() + "' was unreadable and skipped ("
                + (report.skippedFiles.empty() ? std::string("none decoded")
                                               : "first: " + report.skippedFiles.front())
                + "); nothing is left to " + (split == &d.train ? "train" : "test") + " on");
    if (!report.cacheFile.empty())
        writeImageFolderCache(report.cacheFile, d, report);
    report.seconds
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (reportOut)
        *reportOut = report;
    return d;
}

} // namespace engine
