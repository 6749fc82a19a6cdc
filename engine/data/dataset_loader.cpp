#include "engine/data/dataset_loader.h"

#include "engine/core/content_hash.h"
#include "engine/core/errors.h"
#include "engine/core/file_bytes.h"
#include "engine/data/dataset.h"
#include "engine/data/formats/cifar_reader.h"
#include "engine/data/formats/idx_reader.h"
#include "engine/data/formats/image_folder_reader.h"
#include "engine/data/formats/svhn_reader.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <numeric>
#include <torch/torch.h>

namespace engine {

namespace fs = std::filesystem;

std::shared_ptr<const Dataset> loadDatasetFrom(const fs::path &path, DatasetFormat format,
                                               const ImageFolderOptions &options);

namespace {

bool isFile(const fs::path &p)
{
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

/// The IDX file for split prefix ("train", "t10k") and kind ("images", "idx3"), under any of the
/// common spellings: train-images-idx3-ubyte, train-images.idx3-ubyte, each optionally .gz.
std::optional<fs::path> findIdxFile(const fs::path &dir, const std::string &prefix,
                                    const std::string &kind, const std::string &dims)
{
    for (const std::string &stem : { prefix + "-" + kind + "-" + dims + "-ubyte",
                                     prefix + "-" + kind + "." + dims + "-ubyte" })
        for (const char *suffix : { "", ".gz" })
            if (isFile(dir / (stem + suffix)))
                return dir / (stem + suffix);
    return std::nullopt;
}

fs::path requireIdxFile(const fs::path &dir, const std::string &prefix, const std::string &kind,
                        const std::string &dims)
{
    if (auto file = findIdxFile(dir, prefix, kind, dims))
        return *file;
    const std::string stem = prefix + "-" + kind + "-" + dims + "-ubyte";
    throw DataError("'" + dir.string() + "' has no " + stem + " (or " + stem
                    + ".gz): an IDX dataset needs train-images, "
                      "train-labels, t10k-images and t10k-labels files");
}

/// Sub-folders that the official archives unpack into.
fs::path cifarDir(const fs::path &dir, DatasetFormat format)
{
    const fs::path nested
        = dir / (format == DatasetFormat::Cifar10 ? "cifar-10-batches-bin" : "cifar-100-binary");
    std::error_code ec;
    return fs::is_directory(nested, ec) ? nested : dir;
}

std::vector<std::string> readLines(const fs::path &file)
{
    std::vector<std::string> lines;
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
            line.pop_back();
        if (!line.empty())
            lines.push_back(line);
    }
    return lines;
}

std::vector<std::string> genericNames(int64_t n)
{
    std::vector<std::string> names;
    for (int64_t i = 0; i < n; ++i)
        names.push_back("class " + std::to_string(i));
    return names;
}

/// Class names from a names file when it has exactly n lines, else generic ones.
std::vector<std::string> namesFromFile(const fs::path &file, int64_t n,
                                       std::vector<std::string> fallback)
{
    if (isFile(file)) {
        auto lines = readLines(file);
        if (static_cast<int64_t>(lines.size()) != n)
            throw DataError("'" + file.string() + "' lists " + std::to_string(lines.size())
                            + " class names, expected " + std::to_string(n));
        return lines;
    }
    return fallback.empty() ? genericNames(n) : fallback;
}

bool mentionsFashion(const fs::path &dir)
{
    std::string text = fs::absolute(dir).string();
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    return text.find("fashion") != std::string::npos;
}

bool testLabelsStartWith(const Dataset &data, const std::vector<int64_t> &start)
{
    if (data.test.labels.size(0) < int64_t(start.size()))
        return false;
    const auto labels = data.test.labels.slice(0, 0, int64_t(start.size())).contiguous();
    const int64_t *p = labels.data_ptr<int64_t>();
    return std::equal(start.begin(), start.end(), p);
}

/// Which IDX dataset a folder holds, told by its content: the official test sets of MNIST and
/// Fashion-MNIST begin with known labels, so a copy in any folder gets its classes' names; any
/// other IDX folder is named after the folder, its classes by number (a classes.txt names them).
void nameIdxByContent(Dataset &data, const fs::path &dir)
{
    static const std::vector<int64_t> fashionTest {
        9, 2, 1, 1, 6, 1, 4, 6, 5, 7, 4, 5, 7, 3, 4, 1,
        2, 4, 8, 0, 2, 5, 7, 9, 1, 4, 6, 0, 9, 3, 8, 8
    };
    static const std::vector<int64_t> mnistTest { 7, 2, 1, 0, 4, 1, 4, 9, 5, 9,
                                                  0, 6, 9, 0, 1, 5, 9, 7, 3, 4 };
    if (testLabelsStartWith(data, fashionTest) || mentionsFashion(dir)) {
        data.info.name = "Fashion-MNIST";
        data.info.classNames = { "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                 "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot" };
        return;
    }
    data.info.classNames = genericNames(10);
    for (int i = 0; i < 10; ++i)
        data.info.classNames[i] = std::to_string(i);
    if (testLabelsStartWith(data, mnistTest)) {
        data.info.name = "MNIST";
        return;
    }
    const fs::path folder = fs::absolute(dir).lexically_normal();
    data.info.name = folder.filename().empty() ? folder.parent_path().filename().string()
                                               : folder.filename().string();
}

void loadIdx(Dataset &data, const fs::path &dir)
{
    // classes.txt (one name per line) overrides the names; its line count sets the class count.
    int64_t numClasses = 10;
    std::vector<std::string> names;
    if (isFile(dir / "classes.txt")) {
        names = readLines(dir / "classes.txt");
        numClasses = static_cast<int64_t>(names.size());
        if (numClasses < 2 || numClasses > 256)
            throw DataError("'" + (dir / "classes.txt").string() + "' lists "
                            + std::to_string(numClasses) + " class names, expected 2 to 256");
        data.info.name = fs::absolute(dir).lexically_normal().parent_path().filename().string();
        if (auto leaf = fs::absolute(dir).lexically_normal().filename().string(); !leaf.empty())
            data.info.name = leaf;
    }
    data.info.classNames = names;
    const fs::path trainImages = requireIdxFile(dir, "train", "images", "idx3");
    const fs::path trainLabels = requireIdxFile(dir, "train", "labels", "idx1");
    const fs::path testImages = requireIdxFile(dir, "t10k", "images", "idx3");
    const fs::path testLabels = requireIdxFile(dir, "t10k", "labels", "idx1");
    data.train = { readIdxImages(trainImages), readIdxLabels(trainLabels, numClasses) };
    data.test = { readIdxImages(testImages), readIdxLabels(testLabels, numClasses) };
    auto checkPair = [](const DatasetSplit &split, const fs::path &images, const fs::path &labels) {
        if (split.images.size(0) != split.labels.size(0))
            throw DataError("'" + images.string() + "' holds "
                            + std::to_string(split.images.size(0)) + " images but '"
                            + labels.string() + "' holds " + std::to_string(split.labels.size(0))
                            + " labels");
    };
    checkPair(data.train, trainImages, trainLabels);
    checkPair(data.test, testImages, testLabels);
    if (data.train.images.sizes().slice(1) != data.test.images.sizes().slice(1))
        throw DataError("'" + testImages.string() + "' images have another size than '"
                        + trainImages.string() + "'");
    if (names.empty())
        nameIdxByContent(data, dir);
}

void loadCifar10(Dataset &data, const fs::path &root)
{
    const fs::path dir = cifarDir(root, DatasetFormat::Cifar10);
    // The official archive has five training batches; a missing one would silently shrink N.
    std::vector<fs::path> trainFiles;
    std::string missing;
    for (int k = 1; k <= 5; ++k) {
        const fs::path file = dir / ("data_batch_" + std::to_string(k) + ".bin");
        if (isFile(file))
            trainFiles.push_back(file);
        else
            missing += (missing.empty() ? "" : ", ") + file.filename().string();
    }
    if (!missing.empty())
        throw DataError("'" + dir.string() + "' lacks " + missing
                        + ": a CIFAR-10 binary dataset has data_batch_1.bin to data_batch_5.bin");
    if (!isFile(dir / "test_batch.bin"))
        throw DataError("'" + dir.string()
                        + "' has no test_batch.bin: a CIFAR-10 binary dataset needs it");
    const CifarRecordLayout layout { 1, 0, 10 };
    data.train = readCifarRecords(trainFiles, layout);
    data.test = readCifarRecords({ dir / "test_batch.bin" }, layout);
    data.info.name = "CIFAR-10";
    data.info.classNames = namesFromFile(dir / "batches.meta.txt", 10,
                                         { "airplane", "automobile", "bird", "cat", "deer", "dog",
                                           "frog", "horse", "ship", "truck" });
}

void loadCifar100(Dataset &data, const fs::path &root)
{
    const fs::path dir = cifarDir(root, DatasetFormat::Cifar100);
    for (const char *name : { "train.bin", "test.bin" })
        if (!isFile(dir / name))
            throw DataError("'" + dir.string() + "' has no " + name
                            + ": a CIFAR-100 binary dataset needs train.bin "
                              "and test.bin");
    // Byte 0 is the coarse (20-class) label, byte 1 the fine (100-class) label we train on.
    const CifarRecordLayout layout { 2, 1, 100 };
    data.train = readCifarRecords({ dir / "train.bin" }, layout);
    data.test = readCifarRecords({ dir / "test.bin" }, layout);
    data.info.name = "CIFAR-100";
    data.info.classNames = namesFromFile(dir / "fine_label_names.txt", 100, {});
}

void loadSvhn(Dataset &data, const fs::path &dir)
{
    // extra_32x32.mat (531,131 easier images) is left out: the paper's SVHN is train + test.
    data.train = readSvhnMat(dir / "train_32x32.mat");
    data.test = readSvhnMat(dir / "test_32x32.mat");
    data.info.name = "SVHN";
    data.info.classNames = { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" };
}

std::string thousands(int64_t n)
{
    std::string digits = std::to_string(n), out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
    return out;
}

void loadImageFolder(Dataset &data, const fs::path &dir, const ImageFolderOptions &options)
{
    ImageFolderReport report;
    Dataset read = readImageFolder(dir, options, &report);
    data.train = read.train;
    data.test = read.test;
    data.info.name = read.info.name;
    data.info.classNames = read.info.classNames;
    const int64_t n = data.train.size() + data.test.size();
    char rate[64];
    std::snprintf(rate, sizeof rate, "%.1f s (%s images/s)", report.seconds,
                  thousands(int64_t(report.seconds > 0 ? n / report.seconds : 0)).c_str());
    std::string note = report.fromCache
        ? "read " + thousands(n) + " decoded images from the cache in " + rate
        : "decoded " + thousands(report.decoded) + " images in " + rate;
    if (report.skippedCorrupt > 0)
        note += "; skipped " + thousands(report.skippedCorrupt) + " unreadable"
            + (report.skippedFiles.empty() ? "" : " (first: " + report.skippedFiles.front() + ")");
    if (report.ignoredFiles > 0)
        note += "; ignored " + thousands(report.ignoredFiles) + " non-image file"
            + (report.ignoredFiles > 1 ? "s" : "");
    if (!report.cacheFile.empty())
        note += "; cache " + report.cacheFile.string();
    data.info.loadNote = note;
}

} // namespace

DatasetFormat detectDatasetFormat(const fs::path &dir)
{
    std::error_code ec;
    if (!fs::exists(dir, ec))
        throw DataError("dataset folder '" + dir.string() + "' does not exist");
    if (!fs::is_directory(dir, ec))
        throw DataError("dataset path '" + dir.string() + "' is not a folder");
    if (findIdxFile(dir, "train", "images", "idx3"))
        return DatasetFormat::Idx;
    if (isFile(cifarDir(dir, DatasetFormat::Cifar10) / "data_batch_1.bin"))
        return DatasetFormat::Cifar10;
    if (isFile(cifarDir(dir, DatasetFormat::Cifar100) / "train.bin"))
        return DatasetFormat::Cifar100;
    if (isFile(dir / "train_32x32.mat"))
        return DatasetFormat::Svhn;
    if (looksLikeImageFolder(dir))
        return DatasetFormat::ImageFolder;
    throw DataError(
        "'" + dir.string()
        + "' holds no dataset this version reads: looked for train-images-idx3-ubyte[.gz] "
          "(IDX: MNIST, Fashion-MNIST), data_batch_1.bin (CIFAR-10 binary), train.bin "
          "(CIFAR-100 binary), train_32x32.mat (SVHN) and train/<class>/ with test/<class>/ or "
          "val/<class>/ folders of JPEG/PNG images");
}

std::shared_ptr<const Dataset> loadDataset(const fs::path &path, DatasetFormat format,
                                           const ImageFolderOptions &options)
{
    try {
        return loadDatasetFrom(path, format, options);
    } catch (const fs::filesystem_error &e) {
        // A folder that cannot be listed or a link that cannot be followed, named with its reason.
        const fs::path &where = e.path1().empty() ? path : e.path1();
        throw DataError("cannot read '" + where.string() + "': " + e.code().message()
                        + (e.code() == std::errc::too_many_symbolic_link_levels
                               ? " (a symbolic link that leads back to itself?)"
                               : ""));
    }
}

std::shared_ptr<const Dataset> loadDatasetFrom(const fs::path &path, DatasetFormat format,
                                               const ImageFolderOptions &options)
{
    if (format == DatasetFormat::Auto)
        format = detectDatasetFormat(path);
    else if (std::error_code ec; !fs::is_directory(path, ec))
        throw DataError("dataset folder '" + path.string() + "' does not exist or is not a folder");
    auto data = std::make_shared<Dataset>();
    data->info.path = path;
    data->info.format = format;
    switch (format) {
    case DatasetFormat::Idx:
        loadIdx(*data, path);
        break;
    case DatasetFormat::Cifar10:
        loadCifar10(*data, path);
        break;
    case DatasetFormat::Cifar100:
        loadCifar100(*data, path);
        break;
    case DatasetFormat::Svhn:
        loadSvhn(*data, path);
        break;
    case DatasetFormat::ImageFolder:
        loadImageFolder(*data, path, options);
        break;
    case DatasetFormat::Auto:
        break;
    }
    summarise(*data);
    return data;
}

DatasetInfo inspectDataset(const fs::path &path, DatasetFormat format,
                           const ImageFolderOptions &options)
{
    return loadDataset(path, format, options)->info;
}

} // namespace engine
