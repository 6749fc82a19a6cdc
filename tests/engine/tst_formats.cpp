#include <QTemporaryDir>
#include <QtTest>

#include "engine/core/errors.h"
#include "engine/data/dataset.h"
#include "engine/data/dataset_loader.h"
#include "engine/data/device_data.h"
#include "engine/data/formats/image_decode.h"
#include "engine/data/formats/image_folder_reader.h"
#include "engine/experiment/spec.h"
#include "engine/models/model_factory.h"
#include "engine/train/trainer.h"

#include <fstream>
#include <matio.h>
#include <torch/torch.h>

namespace fs = std::filesystem;

namespace {

fs::path dirOf(const QTemporaryDir &tmp)
{
    return fs::path(tmp.path().toStdString());
}

template<class F> std::string errorOf(F &&f)
{
    try {
        f();
    } catch (const engine::DataError &e) {
        return e.what();
    }
    return "no error";
}

/// The pixel an SVHN fixture holds at (sample, channel, row, column).
uint8_t svhnPixel(size_t n, size_t ch, size_t r, size_t c)
{
    return uint8_t((n * 31 + ch * 67 + r * 5 + c * 3) % 251);
}

/// An SVHN format-2 file written through matio, as the official files are: X 32×32×3×N uint8 in
/// column-major order, y N×1 double with 10 standing for the digit 0.
void writeSvhn(const fs::path &file, const std::vector<double> &labels, size_t rows = 32,
               bool compressed = false)
{
    const size_t n = labels.size();
    std::vector<uint8_t> x(rows * 32 * 3 * n);
    for (size_t s = 0; s < n; ++s)
        for (size_t ch = 0; ch < 3; ++ch)
            for (size_t c = 0; c < 32; ++c)
                for (size_t r = 0; r < rows; ++r)
                    x[r + rows * c + rows * 32 * ch + rows * 32 * 3 * s] = svhnPixel(s, ch, r, c);
    std::vector<double> y = labels;
    mat_t *mat = Mat_CreateVer(file.c_str(), nullptr, MAT_FT_MAT5);
    QVERIFY(mat);
    size_t xDims[4] = { rows, 32, 3, n };
    matvar_t *xv = Mat_VarCreate("X", MAT_C_UINT8, MAT_T_UINT8, 4, xDims, x.data(), 0);
    size_t yDims[2] = { n, 1 };
    matvar_t *yv = Mat_VarCreate("y", MAT_C_DOUBLE, MAT_T_DOUBLE, 2, yDims, y.data(), 0);
    const auto compression = compressed ? MAT_COMPRESSION_ZLIB : MAT_COMPRESSION_NONE;
    QCOMPARE(Mat_VarWrite(mat, xv, compression), 0);
    QCOMPARE(Mat_VarWrite(mat, yv, compression), 0);
    Mat_VarFree(xv);
    Mat_VarFree(yv);
    Mat_Close(mat);
}

engine::DecodedImage solid(int w, int h, int channels, std::array<uint8_t, 3> rgb)
{
    engine::DecodedImage image { w, h, channels, {} };
    for (int i = 0; i < w * h; ++i)
        for (int k = 0; k < channels; ++k)
            image.pixels.push_back(rgb[size_t(k)]);
    return image;
}

/// Class colours of the image-folder fixture, far apart so JPEG's loss cannot blur them.
const std::map<std::string, std::array<uint8_t, 3>> kColours = { { "apple", { 220, 30, 30 } },
                                                                 { "banana", { 230, 220, 40 } },
                                                                 { "cherry", { 40, 30, 200 } } };

/// train/ and test/ with three classes written out of name order, JPEG and PNG mixed, images of
/// several sizes and aspect ratios.
void writeImageFolder(const fs::path &root)
{
    const std::vector<std::string> order { "cherry", "apple", "banana" };
    const std::map<std::string, int> trainCount { { "apple", 4 },
                                                  { "banana", 3 },
                                                  { "cherry", 5 } };
    for (const std::string &cls : order) {
        for (const char *split : { "train", "test" }) {
            const fs::path dir = root / split / cls;
            fs::create_directories(dir);
            const int count = std::string(split) == "train" ? trainCount.at(cls) : 2;
            for (int i = 0; i < count; ++i) {
                const auto image = solid(40 + 7 * i, 24 + 5 * i, 3, kColours.at(cls));
                const std::string stem = cls + "_" + std::to_string(i);
                if (i % 2 == 0)
                    engine::writeJpegFile(dir / (stem + ".jpg"), image, 95);
                else
                    engine::writePngFile(dir / (stem + ".png"), image);
            }
        }
    }
}

} // namespace

class TestFormats : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void svhnReadsLayoutAndMapsTenToZero()
    {
        QTemporaryDir tmp;
        const fs::path dir = dirOf(tmp);
        writeSvhn(dir / "train_32x32.mat", { 1, 10, 3, 10, 9, 5 });
        writeSvhn(dir / "test_32x32.mat", { 10, 2, 7 }, 32, true); // zlib-compressed variables
        const auto data = engine::loadDataset(dir, engine::DatasetFormat::Auto);
        QCOMPARE(data->info.format, engine::DatasetFormat::Svhn);
        QCOMPARE(data->info.name, std::string("SVHN"));
        QCOMPARE(data->train.images.sizes().vec(), (std::vector<int64_t> { 6, 3, 32, 32 }));
        QCOMPARE(data->test.images.sizes().vec(), (std::vector<int64_t> { 3, 3, 32, 32 }));
        const std::vector<int64_t> labels(data->train.labels.data_ptr<int64_t>(),
                                          data->train.labels.data_ptr<int64_t>() + 6);
        QCOMPARE(labels, (std::vector<int64_t> { 1, 0, 3, 0, 9, 5 }));
        QCOMPARE(data->test.labels[0].item<int64_t>(), int64_t(0));
        QCOMPARE(data->test.images[2][1][30][4].item<uint8_t>(), svhnPixel(2, 1, 30, 4));
        QCOMPARE(data->info.trainCounts[0], int64_t(2));
        QCOMPARE(data->info.classNames.front(), std::string("0"));
        // Rows and columns come out the right way round: (n, ch, r, c) as written.
        for (auto [n, ch, r, c] : { std::array<size_t, 4> { 0, 0, 0, 1 },
                                    { 4, 2, 17, 3 },
                                    { 5, 1, 31, 30 },
                                    { 2, 0, 1, 0 } })
            QCOMPARE(
                data->train.images[int64_t(n)][int64_t(ch)][int64_t(r)][int64_t(c)].item<uint8_t>(),
                svhnPixel(n, ch, r, c));
    }

    void svhnTruncatedFileIsAnError()
    {
        QTemporaryDir tmp;
        const fs::path dir = dirOf(tmp);
        writeSvhn(dir / "train_32x32.mat", std::vector<double>(20, 4));
        writeSvhn(dir / "test_32x32.mat", { 1, 2 });
        fs::resize_file(dir / "train_32x32.mat", fs::file_size(dir / "train_32x32.mat") / 2);
        const std::string message
            = errorOf([&] { engine::loadDataset(dir, engine::DatasetFormat::Svhn); });
        QVERIFY2(message.find("train_32x32.mat") != std::string::npos, message.c_str());
        QVERIFY2(message.find("truncated") != std::string::npos, message.c_str());
    }

    void svhnBadLabelOrShapeNamesTheProblem()
    {
        QTemporaryDir tmp;
        const fs::path dir = dirOf(tmp);
        writeSvhn(dir / "train_32x32.mat", { 1, 11, 3 });
        writeSvhn(dir / "test_32x32.mat", { 1 });
        std::string message
            = errorOf([&] { engine::loadDataset(dir, engine::DatasetFormat::Svhn); });
        QVERIFY2(message.find("y[1] is 11") != std::string::npos, message.c_str());

        writeSvhn(dir / "train_32x32.mat", { 1, 2 }, 28);
        message = errorOf([&] { engine::loadDataset(dir, engine::DatasetFormat::Svhn); });
        QVERIFY2(message.find("X is 28×32×3×2") != std::string::npos, message.c_str());
        QVERIFY2(message.find("expected 32×32×3×N") != std::string::npos, message.c_str());

        engine::writePngFile(dir / "test_32x32.mat", solid(4, 4, 1, { 0, 0, 0 }));
        writeSvhn(dir / "train_32x32.mat", { 1, 2 });
        message = errorOf([&] { engine::loadDataset(dir, engine::DatasetFormat::Svhn); });
        QVERIFY2(message.find("test_32x32.mat' is not a MATLAB .mat file") != std::string::npos,
                 message.c_str());
    }

    void resizeCropsTheCentreAndKeepsFlatImagesFlat()
    {
        // 4×2, left half 0 and right half 200: at size 2 no scaling, the centre columns 1 and 2.
        engine::DecodedImage image { 4, 2, 1, { 0, 0, 200, 200, 0, 0, 200, 200 } };
        QCOMPARE(engine::resizeCenterCrop(image, 2), (std::vector<uint8_t> { 0, 200, 0, 200 }));
        // Shrinking 90×60 to 16 and enlarging 5×7 to 16 keep a flat colour exactly.
        for (const auto &flat :
             { solid(90, 60, 3, { 10, 120, 250 }), solid(5, 7, 3, { 10, 120, 250 }) }) {
            const auto out = engine::resizeCenterCrop(flat, 16);
            QCOMPARE(out.size(), size_t(3 * 16 * 16));
            QCOMPARE(out[0], uint8_t(10));
            QCOMPARE(out[256 + 77], uint8_t(120));
            QCOMPARE(out[512 + 255], uint8_t(250));
        }
        // A 2:1 downscale of alternating columns 0/255 averages to mid-grey away from the edges
        // (at the edges the filter's taps are cut and renormalised).
        engine::DecodedImage stripes { 8, 8, 1, {} };
        for (int i = 0; i < 64; ++i)
            stripes.pixels.push_back((i % 2) ? 255 : 0);
        const auto halved = engine::resizeCenterCrop(stripes, 4);
        for (int y = 0; y < 4; ++y)
            for (int x : { 1, 2 })
                QVERIFY2(std::abs(int(halved[size_t(4 * y + x)]) - 128) <= 1,
                         std::to_string(halved[size_t(4 * y + x)]).c_str());
    }

    void jpegDecodesAtTheSmallestSufficientScale()
    {
        QTemporaryDir tmp;
        const fs::path file = dirOf(tmp) / "wide.jpg";
        engine::writeJpegFile(file, solid(256, 128, 3, { 200, 100, 50 }), 95);
        const auto full = engine::decodeImageFile(file, 3);
        QCOMPARE(full.width, 256);
        QCOMPARE(full.height, 128);
        // 1/8 gives 32×16, the smallest scale whose shorter side still reaches 16.
        const auto eighth = engine::decodeImageFile(file, 3, 16);
        QCOMPARE(eighth.width, 32);
        QCOMPARE(eighth.height, 16);
        QVERIFY(std::abs(int(eighth.pixels[3 * (8 * 32 + 16)]) - 200) <= 3);
        // 17 needs 1/4 (64×32); grey is decoded as one channel.
        const auto quarter = engine::decodeImageFile(file, 1, 17);
        QCOMPARE(quarter.height, 32);
        QCOMPARE(quarter.channels, 1);
        QCOMPARE(quarter.pixels.size(), size_t(64 * 32));
    }

    void cmykJpegBecomesRgb()
    {
        QTemporaryDir tmp;
        const fs::path file = dirOf(tmp) / "print.jpg";
        engine::DecodedImage inks { 16, 16, 4, {} };
        for (int i = 0; i < 256; ++i)
            for (uint8_t v : { 200, 100, 50, 255 }) // inverted CMYK as Adobe writes it, K = none
                inks.pixels.push_back(v);
        engine::writeJpegFile(file, inks, 100);
        const auto rgb = engine::decodeImageFile(file, 3);
        QCOMPARE(rgb.channels, 3);
        for (int k = 0; k < 3; ++k) // R = C·K/255 with K = 255
            QVERIFY2(std::abs(int(rgb.pixels[size_t(3 * 100 + k)])
                              - (k == 0       ? 200
                                     : k == 1 ? 100
                                              : 50))
                         <= 3,
                     std::to_string(rgb.pixels[size_t(3 * 100 + k)]).c_str());
        const auto grey = engine::decodeImageFile(file, 1);
        QVERIFY(std::abs(int(grey.pixels[100]) - (299 * 200 + 587 * 100 + 114 * 50) / 1000) <= 3);
    }

    void imageFolderClassesCountsAndPixels()
    {
        QTemporaryDir tmp;
        const fs::path root = dirOf(tmp) / "fruit";
        writeImageFolder(root);
        engine::ImageFolderOptions options;
        options.imageSize = 16;
        const auto data = engine::loadDataset(root, engine::DatasetFormat::Auto, options);
        QCOMPARE(data->info.format, engine::DatasetFormat::ImageFolder);
        QCOMPARE(data->info.name, std::string("fruit"));
        QCOMPARE(data->info.classNames, (std::vector<std::string> { "apple", "banana", "cherry" }));
        QCOMPARE(data->info.trainCounts, (std::vector<int64_t> { 4, 3, 5 }));
        QCOMPARE(data->info.testCounts, (std::vector<int64_t> { 2, 2, 2 }));
        QCOMPARE(data->train.images.sizes().vec(), (std::vector<int64_t> { 12, 3, 16, 16 }));
        for (int64_t i = 0; i < 12; ++i) {
            const auto &name = data->info.classNames[size_t(data->train.labels[i].item<int64_t>())];
            const auto colour = kColours.at(name);
            for (int64_t k = 0; k < 3; ++k) {
                const int v = data->train.images[i][k][8][8].item<uint8_t>();
                QVERIFY2(
                    std::abs(v - colour[size_t(k)]) <= 3,
                    (name + " channel " + std::to_string(k) + " = " + std::to_string(v)).c_str());
            }
        }
        // Each file's own size is kept (√(w·h), before resizing) for the odd-size flag.
        std::vector<int> sides;
        for (int count : { 4, 3, 5 })
            for (int i = 0; i < count; ++i)
                sides.push_back(int(std::lround(std::sqrt(double(40 + 7 * i) * (24 + 5 * i)))));
        QCOMPARE(data->train.originalSide, sides);
        QCOMPARE(data->test.originalSide.size(), size_t(6));
        options.channels = 1;
        const auto grey = engine::loadDataset(root, engine::DatasetFormat::ImageFolder, options);
        QCOMPARE(grey->train.images.size(1), int64_t(1));
    }

    void greyImageFoldersAreToldFromColourOnes()
    {
        // Grey pictures stored as RGB PNGs (equal channels) and as grey JPEGs read as grey; one
        // coloured picture among them makes the folder RGB.
        QTemporaryDir tmp;
        const fs::path grey = fs::path(tmp.path().toStdString()) / "grey";
        for (const char *split : { "train", "test" })
            for (const char *cls : { "a", "b" }) {
                fs::create_directories(grey / split / cls);
                engine::writePngFile(grey / split / cls / "0.png",
                                     solid(12, 12, 3, { 90, 90, 90 }));
                engine::writeJpegFile(grey / split / cls / "1.jpg",
                                      solid(12, 12, 1, { 200, 0, 0 }));
            }
        QCOMPARE(engine::detectImageFolderChannels(grey), 1);
        engine::writePngFile(grey / "train" / "b" / "0.png", solid(12, 12, 3, { 90, 91, 90 }));
        QCOMPARE(engine::detectImageFolderChannels(grey), 3);
        const fs::path colour = fs::path(tmp.path().toStdString()) / "colour";
        writeImageFolder(colour);
        QCOMPARE(engine::detectImageFolderChannels(colour), 3);
        QCOMPARE(engine::detectImageFolderChannels(fs::path(tmp.path().toStdString()) / "none"), 0);
    }

    void imageFolderCorruptJpegFailsOrIsSkipped()
    {
        QTemporaryDir tmp;
        const fs::path root = dirOf(tmp) / "fruit";
        writeImageFolder(root);
        const fs::path bad = root / "train" / "banana" / "banana_2.jpg";
        // Cut short after the header: the decoder starts, then runs out of data.
        fs::resize_file(bad, fs::file_size(bad) - 40);
        const std::string message
            = errorOf([&] { engine::loadDataset(root, engine::DatasetFormat::Auto); });
        QVERIFY2(message.find("banana_2.jpg' is a damaged JPEG") != std::string::npos,
                 message.c_str());
        QVERIFY2(message.find("on_corrupt") != std::string::npos, message.c_str());

        engine::ImageFolderOptions skip;
        skip.skipCorrupt = true;
        engine::ImageFolderReport report;
        const auto data = engine::readImageFolder(root, skip, &report);
        QCOMPARE(report.skippedCorrupt, int64_t(1));
        QCOMPARE(data.train.size(), int64_t(11));
        QVERIFY(report.skippedFiles.front().find("banana_2.jpg") != std::string::npos);
        const auto loaded = engine::loadDataset(root, engine::DatasetFormat::Auto, skip);
        QVERIFY2(loaded->info.loadNote.find("skipped 1 unreadable") != std::string::npos,
                 loaded->info.loadNote.c_str());
        QCOMPARE(loaded->info.trainCounts, (std::vector<int64_t> { 4, 2, 5 }));

        // A file named .jpg that is not one is a corrupt image too.
        fixtures_writeText(root / "train" / "apple" / "fake.jpg", "hello");
        const std::string fake
            = errorOf([&] { engine::loadDataset(root, engine::DatasetFormat::Auto); });
        QVERIFY2(fake.find("fake.jpg' is neither a JPEG nor a PNG") != std::string::npos,
                 fake.c_str());
    }

    void imageFolderStructureProblems()
    {
        QTemporaryDir tmp;
        const fs::path root = dirOf(tmp) / "fruit";
        writeImageFolder(root);
        // A non-image file is ignored and counted.
        fixtures_writeText(root / "train" / "apple" / "notes.txt", "picked in May");
        const auto data = engine::loadDataset(root, engine::DatasetFormat::Auto);
        QCOMPARE(data->info.trainCounts[0], int64_t(4));
        QVERIFY2(data->info.loadNote.find("ignored 1 non-image file") != std::string::npos,
                 data->info.loadNote.c_str());
        // An empty class folder in train/ is an error naming it.
        fs::create_directories(root / "train" / "durian");
        std::string message
            = errorOf([&] { engine::loadDataset(root, engine::DatasetFormat::Auto); });
        QVERIFY2(message.find("train/durian' holds no JPEG or PNG images") != std::string::npos,
                 message.c_str());
        fs::remove(root / "train" / "durian");
        // A class only test/ has.
        fs::create_directories(root / "test" / "elderberry");
        message = errorOf([&] { engine::loadDataset(root, engine::DatasetFormat::ImageFolder); });
        QVERIFY2(message.find("test/elderberry' is a class that") != std::string::npos,
                 message.c_str());
        fs::remove(root / "test" / "elderberry");
        // val/ stands in for test/; no test/ nor val/ is an error.
        fs::rename(root / "test", root / "val");
        QCOMPARE(engine::loadDataset(root, engine::DatasetFormat::Auto)->info.testSize(),
                 int64_t(6));
        fs::rename(root / "val", root / "holdout");
        message = errorOf([&] { engine::loadDataset(root, engine::DatasetFormat::ImageFolder); });
        QVERIFY2(message.find("has no test/ or val/ folder") != std::string::npos, message.c_str());
    }

    void imageFolderCacheIsReusedAndInvalidated()
    {
        QTemporaryDir tmp;
        const fs::path root = dirOf(tmp) / "fruit";
        writeImageFolder(root);
        engine::ImageFolderOptions options;
        options.imageSize = 12;
        options.cacheDir = dirOf(tmp) / "cache";
        engine::ImageFolderReport first, second, third;
        const auto a = engine::readImageFolder(root, options, &first);
        const auto b = engine::readImageFolder(root, options, &second);
        QVERIFY(!first.fromCache);
        QVERIFY(second.fromCache);
        QCOMPARE(first.cacheFile, second.cacheFile);
        QVERIFY(torch::equal(a.train.images, b.train.images));
        QVERIFY(torch::equal(a.test.images, b.test.images));
        QVERIFY(torch::equal(a.train.labels, b.train.labels));
        QCOMPARE(b.info.classNames, a.info.classNames);
        QCOMPARE(b.train.originalSide, a.train.originalSide);
        QCOMPARE(b.test.originalSide, a.test.originalSide);
        // Another picture under an existing name is a new cache entry.
        engine::writePngFile(root / "train" / "apple" / "apple_1.png", solid(9, 9, 3, { 0, 0, 0 }));
        const auto c = engine::readImageFolder(root, options, &third);
        QVERIFY(!third.fromCache);
        QVERIFY(!torch::equal(a.train.images, c.train.images));
    }

    void trainingFromTheMappedCacheMatchesTheDecodedImages()
    {
        QTemporaryDir tmp;
        const fs::path root = dirOf(tmp) / "fruit";
        writeImageFolder(root);
        engine::ImageFolderOptions options;
        options.imageSize = 16;
        options.cacheDir = dirOf(tmp) / "cache";
        const auto decoded = engine::loadDataset(root, engine::DatasetFormat::ImageFolder, options);
        const auto mapped = engine::loadDataset(root, engine::DatasetFormat::ImageFolder, options);
        QVERIFY(!decoded->train.fileBacked);
        QVERIFY(mapped->train.fileBacked);
        QCOMPARE(mapped->info.fingerprint, decoded->info.fingerprint);
        std::vector<double> losses;
        for (const auto &dataset : { decoded, mapped }) {
            const auto data = engine::DeviceData::upload(*dataset, torch::kCPU);
            QCOMPARE(bool(data.prefetch), dataset->train.fileBacked);
            auto model
                = engine::buildSeededModel("smallcnn", data.shape, data.numClasses, torch::kCPU, 7);
            engine::TrainJob job;
            job.data = &data;
            job.indices = torch::arange(data.trainSize());
            job.recipe.budget = { engine::BudgetUnit::Steps, 12 };
            job.recipe.batchSize = 4;
            job.recipe.cropPadding = 0;
            job.recipe.flip = false;
            job.seed = 3;
            const auto result = engine::train(*model, job);
            losses.push_back(result.final.testLoss);
        }
        QCOMPARE(losses[0], losses[1]);
    }

private:
    static void fixtures_writeText(const fs::path &file, const std::string &text)
    {
        std::ofstream(file) << text;
    }
};

QTEST_GUILESS_MAIN(TestFormats)
#include "tst_formats.moc"
