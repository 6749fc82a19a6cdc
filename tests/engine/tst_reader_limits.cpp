// Readers refuse what a small hostile file declares before allocating for it: dimensions over the
// pixel cap, counts the file cannot hold, arithmetic that would wrap, gzip streams that inflate
// past what their header promises. Each case checks the message, which names the file.
#include <QTemporaryDir>
#include <QtTest>

#include "engine/core/errors.h"
#include "engine/data/formats/idx_reader.h"
#include "engine/data/formats/image_decode.h"
#include "tests/support/fixtures.h"

#include <fstream>
#include <torch/torch.h>
#include <zlib.h>

namespace fs = std::filesystem;

namespace {

void putBigEndian(std::vector<uint8_t> &bytes, size_t at, uint32_t value)
{
    for (int i = 0; i < 4; ++i)
        bytes[at + size_t(i)] = uint8_t(value >> (24 - 8 * i));
}

std::vector<uint8_t> idxImageHeader(uint32_t n, uint32_t h, uint32_t w)
{
    std::vector<uint8_t> bytes(16, 0);
    putBigEndian(bytes, 0, 0x803);
    putBigEndian(bytes, 4, n);
    putBigEndian(bytes, 8, h);
    putBigEndian(bytes, 12, w);
    return bytes;
}

template<typename F> QString errorOf(F &&f)
{
    try {
        f();
    } catch (const engine::DataError &e) {
        return QString::fromStdString(e.what());
    }
    return "no DataError";
}

std::vector<uint8_t> readFile(const fs::path &file)
{
    std::ifstream in(file, std::ios::binary);
    return { std::istreambuf_iterator<char>(in), {} };
}

} // namespace

class TestReaderLimits : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    fs::path dir() const { return m_tmp.path().toStdString(); }

private Q_SLOTS:
    void idxHeadersThatWouldWrapOrExhaustMemory_data()
    {
        QTest::addColumn<bool>("gz");
        QTest::addColumn<uint>("n");
        QTest::addColumn<uint>("h");
        QTest::addColumn<uint>("w");
        QTest::addColumn<int>("body");
        QTest::addColumn<QString>("expected");
        // 2^31 · 2^31 · 4 wraps to 0 in 64 bits: the pixel cap refuses it first.
        QTest::newRow("n·h·w wraps") << false << 0x80000000u << 0x80000000u << 4u << 0
                                     << "declares images of 2147483648×4 pixels; images up to "
                                        "67,108,864 pixels (2^26) are read";
        QTest::newRow("h·w over the cap") << false << 200u << 0x80000000u << 0x80000000u << 0
                                          << "declares images of 2147483648×2147483648 pixels";
        QTest::newRow("more than the file holds")
            << false << 1000u << 28u << 28u << 0
            << "is truncated or not an IDX file: its header promises 1000 images of 28×28 "
               "(784,000 bytes), more than the file's 16 bytes";
        QTest::newRow("more than a gzip stream can hold")
            << true << 1000000u << 28u << 28u << 1024
            << "(784,000,000 bytes), more than a gzip stream of";
        QTest::newRow("too many images") << false << 0xF0000000u << 1u << 1u << 0
                                         << "declares 4,026,531,840 images; up to 134,217,728";
        QTest::newRow("a stream longer than its header")
            << true << 10u << 28u << 28u << 20'000'000
            << "has 19,992,160 bytes after the 10 images of 28×28 its header promises";
    }

    void idxHeadersThatWouldWrapOrExhaustMemory()
    {
        QFETCH(bool, gz);
        QFETCH(uint, n);
        QFETCH(uint, h);
        QFETCH(uint, w);
        QFETCH(int, body);
        QFETCH(QString, expected);
        auto bytes = idxImageHeader(n, h, w);
        bytes.resize(bytes.size() + size_t(body), 0);
        const fs::path file = dir() / (gz ? "images.gz" : "images");
        gz ? fixtures::writeGzip(file, bytes) : fixtures::writeBytes(file, bytes);
        const QString error = errorOf([&] { engine::readIdxImages(file); });
        QVERIFY2(error.contains(expected.replace("19,992,160", "19992160"))
                     && error.contains(QString::fromStdString(file.string())),
                 qPrintable(error));
    }

    void idxLabelsDeclaringTooMany()
    {
        std::vector<uint8_t> bytes(8, 0);
        putBigEndian(bytes, 0, 0x801);
        putBigEndian(bytes, 4, 0x80000000u);
        const fs::path file = dir() / "labels";
        fixtures::writeBytes(file, bytes);
        const QString error = errorOf([&] { engine::readIdxLabels(file, 10); });
        QVERIFY2(error.contains("declares 2,147,483,648 labels; up to 134,217,728"),
                 qPrintable(error));
    }

    void jpegDeclaringHugeDimensions()
    {
        const fs::path file = dir() / "huge.jpg";
        engine::DecodedImage tiny { 8, 8, 1, std::vector<uint8_t>(64, 128) };
        engine::writeJpegFile(file, tiny, 90);
        auto bytes = readFile(file);
        // SOF0: FF C0, length, precision, height, width.
        for (size_t i = 0; i + 8 < bytes.size(); ++i)
            if (bytes[i] == 0xFF && bytes[i + 1] == 0xC0) {
                bytes[i + 5] = 0xFF;
                bytes[i + 6] = 0xDC; // 65500
                bytes[i + 7] = 0xFF;
                bytes[i + 8] = 0xDC;
                break;
            }
        fixtures::writeBytes(file, bytes);
        const QString error = errorOf([&] { engine::decodeImageFile(file, 3, 32); });
        QVERIFY2(error.contains("huge.jpg' declares a JPEG of 65500×65500 pixels "
                                "(4,290,250,000); images up to 67,108,864 pixels (2^26) are read"),
                 qPrintable(error));
    }

    void pngDeclaringHugeDimensions()
    {
        const fs::path file = dir() / "huge.png";
        engine::DecodedImage tiny { 4, 4, 1, std::vector<uint8_t>(16, 7) };
        engine::writePngFile(file, tiny);
        auto bytes = readFile(file);
        putBigEndian(bytes, 16, 50000); // IHDR width
        putBigEndian(bytes, 20, 50000); // IHDR height
        putBigEndian(bytes, 29, uint32_t(crc32(0, bytes.data() + 12, 17))); // a valid chunk
        fixtures::writeBytes(file, bytes);
        const QString error = errorOf([&] { engine::decodeImageFile(file, 3); });
        QVERIFY2(error.contains("huge.png' declares a PNG of 50000×50000 pixels"),
                 qPrintable(error));
    }

    void imagesAreNotGunzipped()
    {
        const fs::path file = dir() / "bomb.jpg";
        fixtures::writeGzip(file, std::vector<uint8_t>(1 << 20, 0xFF));
        const QString error = errorOf([&] { engine::decodeImageFile(file, 3); });
        QVERIFY2(error.contains("bomb.jpg' is neither a JPEG nor a PNG file"), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestReaderLimits)
#include "tst_reader_limits.moc"
