#include <QTemporaryDir>
#include <QtTest>

#include "engine/core/errors.h"
#include "engine/data/dataset.h"
#include "engine/data/dataset_loader.h"
#include "tests/support/fixtures.h"

#include <torch/torch.h>

namespace fs = std::filesystem;

namespace {

fs::path dirOf(const QTemporaryDir &tmp)
{
    return fs::path(tmp.path().toStdString());
}

/// Loads expecting DataError; returns its message.
std::string loadError(const fs::path &dir,
                      engine::DatasetFormat format = engine::DatasetFormat::Auto)
{
    try {
        engine::loadDataset(dir, format);
    } catch (const engine::DataError &e) {
        return e.what();
    }
    return "no error";
}

} // namespace

class TestReaders : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void idxRoundTrip_data()
    {
        QTest::addColumn<bool>("gz");
        QTest::newRow("raw") << false;
        QTest::newRow("gzip") << true;
    }

    void idxRoundTrip()
    {
        QFETCH(bool, gz);
        QTemporaryDir tmp;
        const fs::path dir = dirOf(tmp) / "digits";
        fixtures::writeIdxDataset(dir, 50, 20, gz, 3);
        const auto data = engine::loadDataset(dir, engine::DatasetFormat::Auto);
        QCOMPARE(data->info.format, engine::DatasetFormat::Idx);
        // Neither MNIST's nor Fashion-MNIST's test set: named after its folder.
        QCOMPARE(data->info.name, std::string("digits"));
        QCOMPARE(data->train.images.sizes().vec(), (std::vector<int64_t> { 50, 1, 28, 28 }));
        QCOMPARE(data->test.images.sizes().vec(), (std::vector<int64_t> { 20, 1, 28, 28 }));
        const auto expected = fixtures::patternImages(50, 10, 1, 28, 28, 3);
        QCOMPARE(data->train.labels[7].item<int64_t>(), int64_t(expected.labels[7]));
        QCOMPARE(data->train.images[7][0][5][9].item<uint8_t>(),
                 expected.pixels[7 * 784 + 5 * 28 + 9]);
        int64_t counted = 0;
        for (auto c : data->info.trainCounts)
            counted += c;
        QCOMPARE(counted, int64_t(50));
        QCOMPARE(data->info.classNames.size(), size_t(10));
    }

    void fashionNamesFromPath()
    {
        QTemporaryDir tmp;
        const fs::path dir = dirOf(tmp) / "my-fashion-mnist";
        fixtures::writeIdxDataset(dir, 20, 10, true);
        const auto data = engine::loadDataset(dir, engine::DatasetFormat::Idx);
        QCOMPARE(data->info.name, std::string("Fashion-MNIST"));
        QCOMPARE(data->info.classNames[9], std::string("Ankle boot"));
    }

    void fashionAndMnistKnownByTheirTestLabels()
    {
        // A copy of Fashion-MNIST in a folder whose name says nothing (with its training labels
        // changed, as a noise study does) still gets its classes' names; MNIST's digits too.
        QTemporaryDir tmp;
        const std::vector<std::pair<std::string, std::vector<uint8_t>>> cases {
            { "Fashion-MNIST", { 9, 2, 1, 1, 6, 1, 4, 6, 5, 7, 4, 5, 7, 3, 4, 1,
                                 2, 4, 8, 0, 2, 5, 7, 9, 1, 4, 6, 0, 9, 3, 8, 8 } },
            { "MNIST", { 7, 2, 1, 0, 4, 1, 4, 9, 5, 9, 0, 6, 9, 0, 1, 5, 9, 7, 3, 4 } },
        };
        for (const auto &[name, start] : cases) {
            const fs::path dir = dirOf(tmp) / ("copy-" + std::to_string(start[0]));
            fixtures::writeIdxDataset(dir, 40, 40, false);
            auto test = fixtures::patternImages(40, 10, 1, 28, 28, 9);
            std::copy(start.begin(), start.end(), test.labels.begin());
            fixtures::writeBytes(dir / "t10k-labels-idx1-ubyte",
                                 fixtures::idxLabelBytes(test.labels));
            const auto data = engine::loadDataset(dir, engine::DatasetFormat::Idx);
            QCOMPARE(data->info.name, name);
            QCOMPARE(data->info.classNames[9], std::string(name == "MNIST" ? "9" : "Ankle boot"));
        }
    }

    void idxFailures_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("expected");
        QTest::newRow("truncated images") << "truncate"
                                          << "train-images-idx3-ubyte"
                                          << "is truncated";
        QTest::newRow("wrong image magic") << "magic"
                                           << "train-images-idx3-ubyte"
                                           << "has magic number 0x00000801";
        QTest::newRow("wrong label magic") << "magic"
                                           << "t10k-labels-idx1-ubyte"
                                           << "expected 0x00000801";
        QTest::newRow("label out of range") << "label"
                                            << "train-labels-idx1-ubyte"
                                            << "label 12 of sample 3 is outside 0..9";
        QTest::newRow("count mismatch") << "count"
                                        << "train-labels-idx1-ubyte"
                                        << "but";
        QTest::newRow("missing file") << "delete"
                                      << "t10k-images-idx3-ubyte"
                                      << "has no t10k-images-idx3-ubyte";
        QTest::newRow("trailing bytes") << "append"
                                        << "t10k-images-idx3-ubyte"
                                        << "bytes after";
        QTest::newRow("corrupt gzip") << "gzip"
                                      << "train-images-idx3-ubyte.gz"
                                      << "corrupt or truncated gzip";
    }

    void idxFailures()
    {
        QFETCH(QString, damage);
        QFETCH(QString, file);
        QFETCH(QString, expected);
        QTemporaryDir tmp;
        const fs::path dir = dirOf(tmp);
        const bool gz = damage == "gzip";
        fixtures::writeIdxDataset(dir, 30, 10, gz);
        const fs::path target = dir / file.toStdString();
        const auto images = fixtures::patternImages(30, 10, 1, 28, 28, 1);
        if (damage == "truncate") {
            auto bytes = fixtures::idxImageBytes(images);
            bytes.resize(bytes.size() - 100);
            fixtures::writeBytes(target, bytes);
        } else if (damage == "magic") {
            fixtures::writeBytes(target,
                                 file.contains("images")
                                     ? fixtures::idxImageBytes(images, 0x00000801)
                                     : fixtures::idxLabelBytes(images.labels, 0x00000803));
        } else if (damage == "label") {
            auto labels = images.labels;
            labels[3] = 12;
            fixtures::writeBytes(target, fixtures::idxLabelBytes(labels));
        } else if (damage == "count") {
            auto labels = images.labels;
            labels.pop_back();
            fixtures::writeBytes(target, fixtures::idxLabelBytes(labels));
        } else if (damage == "delete") {
            fs::remove(target);
        } else if (damage == "append") {
            auto bytes = fixtures::idxImageBytes(fixtures::patternImages(10, 10, 1, 28, 28, 1001));
            bytes.push_back(0);
            fixtures::writeBytes(target, bytes);
        } else if (damage == "gzip") {
            const auto size = fs::file_size(target);
            fs::resize_file(target, size / 2);
        }
        const std::string message = loadError(dir);
        QVERIFY2(message.find(expected.toStdString()) != std::string::npos, message.c_str());
        if (damage != "delete")
            QVERIFY2(message.find(file.toStdString()) != std::string::npos,
                     ("names the file: " + message).c_str());
    }

    void cifar10RoundTrip()
    {
        QTemporaryDir tmp;
        const fs::path dir = dirOf(tmp) / "cifar-10-batches-bin";
        fixtures::writeCifar10Dataset(dir, 12, 5, 8);
        fixtures::writeBytes(
            dir / "batches.meta.txt",
            std::vector<uint8_t>({ 'a',  '\n', 'b',  '\n', 'c',  '\n', 'd',  '\n', 'e',  '\n', 'f',
                                   '\n', 'g',  '\n', 'h',  '\n', 'i',  '\n', 'j',  '\n', '\n' }));
        // Detected from the parent folder too, as the official archive unpacks.
        const auto data = engine::loadDataset(dirOf(tmp), engine::DatasetFormat::Auto);
        QCOMPARE(data->info.format, engine::DatasetFormat::Cifar10);
        QCOMPARE(data->train.images.sizes().vec(), (std::vector<int64_t> { 60, 3, 32, 32 }));
        QCOMPARE(data->test.size(), int64_t(8));
        QCOMPARE(data->info.classNames[2], std::string("c"));
        const auto second = fixtures::patternImages(12, 10, 3, 32, 32, 12); // data_batch_2
        QCOMPARE(data->train.labels[12 + 5].item<int64_t>(), int64_t(second.labels[5]));
        QCOMPARE(data->train.images[12 + 5][2][31][30].item<uint8_t>(),
                 second.pixels[5 * 3072 + 2 * 1024 + 31 * 32 + 30]);
    }

    void cifar100UsesFineLabels()
    {
        QTemporaryDir tmp;
        fixtures::writeCifar100Dataset(dirOf(tmp), 20, 10);
        const auto data = engine::loadDataset(dirOf(tmp), engine::DatasetFormat::Cifar100);
        const auto expected = fixtures::patternImages(20, 100, 3, 32, 32, 7);
        QCOMPARE(data->numClasses(), int64_t(100));
        for (int i = 0; i < 20; ++i)
            QCOMPARE(data->train.labels[i].item<int64_t>(), int64_t(expected.labels[i]));
        QCOMPARE(data->info.classNames[42], std::string("class 42"));
    }

    void cifarFailures_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("expected");
        QTest::newRow("cifar10 truncated") << "c10-truncate"
                                           << "not a whole number of 3073-byte records";
        QTest::newRow("cifar10 label 10") << "c10-label"
                                          << "label 10 of record 4 is outside 0..9";
        QTest::newRow("cifar10 no test") << "c10-notest"
                                         << "has no test_batch.bin";
        QTest::newRow("cifar10 missing batch")
            << "c10-nobatch"
            << "lacks data_batch_3.bin: a CIFAR-10 binary dataset has";
        QTest::newRow("cifar100 truncated") << "c100-truncate"
                                            << "not a whole number of 3074-byte records";
        QTest::newRow("cifar100 label 100") << "c100-label"
                                            << "label 100 of record 2 is outside 0..99";
    }

    void cifarFailures()
    {
        QFETCH(QString, damage);
        QFETCH(QString, expected);
        QTemporaryDir tmp;
        const fs::path dir = dirOf(tmp);
        const bool c100 = damage.startsWith("c100");
        c100 ? fixtures::writeCifar100Dataset(dir, 10, 5)
             : fixtures::writeCifar10Dataset(dir, 10, 5, 5);
        const fs::path file = dir / (c100 ? "train.bin" : "data_batch_1.bin");
        auto images = fixtures::patternImages(10, c100 ? 100 : 10, 3, 32, 32, 5);
        if (damage.endsWith("truncate")) {
            auto bytes = fixtures::cifarBytes(images, c100);
            bytes.resize(bytes.size() - 7);
            fixtures::writeBytes(file, bytes);
        } else if (damage.endsWith("label")) {
            images.labels[c100 ? 2 : 4] = c100 ? 100 : 10;
            fixtures::writeBytes(file, fixtures::cifarBytes(images, c100));
        } else if (damage.endsWith("notest")) {
            fs::remove(dir / "test_batch.bin");
        } else if (damage.endsWith("nobatch")) {
            fs::remove(dir / "data_batch_3.bin");
        }
        const std::string message = loadError(
            dir, c100 ? engine::DatasetFormat::Cifar100 : engine::DatasetFormat::Cifar10);
        QVERIFY2(message.find(expected.toStdString()) != std::string::npos, message.c_str());
        if (!damage.endsWith("notest") && !damage.endsWith("nobatch"))
            QVERIFY2(message.find(file.filename().string()) != std::string::npos, message.c_str());
    }

    void folderProblems()
    {
        QTemporaryDir tmp;
        QVERIFY(loadError(dirOf(tmp) / "nowhere").find("does not exist") != std::string::npos);
        const std::string empty = loadError(dirOf(tmp));
        QVERIFY2(empty.find("holds no dataset") != std::string::npos, empty.c_str());
        fixtures::writeBytes(dirOf(tmp) / "file.bin", { 1, 2, 3 });
        QVERIFY(loadError(dirOf(tmp) / "file.bin").find("is not a folder") != std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestReaders)
#include "tst_readers.moc"
