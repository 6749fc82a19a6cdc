// Score and subset files: CSV and .npy round trips, files written by NumPy's conventions, and
// every bad file refused with the file, the row and what was expected.
#include <QTemporaryDir>
#include <QtTest>

#include "engine/core/errors.h"
#include "engine/prune/score_io.h"

#include <cmath>
#include <cstring>
#include <fstream>

namespace fs = std::filesystem;

namespace {

void writeText(const fs::path &file, const std::string &text)
{
    std::ofstream(file, std::ios::binary) << text;
}

/// A 1-D float64 .npy file as numpy.save writes it.
void writeNpyF8(const fs::path &file, const std::vector<double> &values)
{
    std::string dict = "{'descr': '<f8', 'fortran_order': False, 'shape': ("
        + std::to_string(values.size()) + ",), }";
    const size_t total = (10 + dict.size() + 1 + 63) / 64 * 64;
    dict.append(total - 10 - dict.size() - 1, ' ');
    dict += '\n';
    std::string out("\x93NUMPY\x01\x00", 8);
    out += char(dict.size() & 0xff);
    out += char(dict.size() >> 8);
    out += dict;
    out.append(reinterpret_cast<const char *>(values.data()), values.size() * 8);
    writeText(file, out);
}

/// Runs f, expecting a DataError whose message contains every fragment.
template<typename F> void expectError(F f, std::initializer_list<const char *> fragments)
{
    try {
        f();
    } catch (const engine::DataError &e) {
        for (const char *fragment : fragments)
            QVERIFY2(std::string(e.what()).find(fragment) != std::string::npos, e.what());
        return;
    }
    QFAIL("expected a DataError");
}

} // namespace

class TestScoreIo : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init() { QVERIFY(m_dir.isValid()); }

    void roundTripsCsvAndNpy()
    {
        const std::vector<double> scores { 0.5, -1.25, INFINITY, 1e-17, 3.0 };
        for (const char *name : { "s.csv", "s.npy" }) {
            const fs::path file = path(name);
            engine::writeScoreFile(file, scores, { "el2n", "Tiny", "abc" });
            QCOMPARE(engine::readScoreFile(file, 5, "abc"), scores);
        }
        std::ifstream in(path("s.csv"));
        std::string first, header;
        std::getline(in, first);
        std::getline(in, header);
        QVERIFY(first.find("fingerprint=abc") != std::string::npos);
        QCOMPARE(header, std::string("index,score"));
    }

    void readsFilesFromOtherTools()
    {
        // numpy.save(scores): one score per sample, the index is the position.
        writeNpyF8(path("plain.npy"), { 3.0, 2.0, 1.0 });
        QCOMPARE(engine::readScoreFile(path("plain.npy"), 3, "x"),
                 (std::vector<double> { 3.0, 2.0, 1.0 }));
        // CSV in any row order, with a header, or just one score per row.
        writeText(path("shuffled.csv"), "score,index\n0.3,2\n0.1,0\n0.2,1\n");
        QCOMPARE(engine::readScoreFile(path("shuffled.csv"), 3, ""),
                 (std::vector<double> { 0.1, 0.2, 0.3 }));
        writeText(path("column.csv"), "1.5\n2.5\n");
        QCOMPARE(engine::readScoreFile(path("column.csv"), 2, ""),
                 (std::vector<double> { 1.5, 2.5 }));
    }

    void refusesBadScoreFiles()
    {
        writeText(path("short.csv"), "index,score\n0,1\n1,2\n");
        expectError([&] { engine::readScoreFile(path("short.csv"), 3, ""); },
                    { "short.csv", "holds 2 scores", "has 3 samples" });
        writeText(path("nan.csv"), "index,score\n0,1\n1,nan\n2,3\n");
        expectError([&] { engine::readScoreFile(path("nan.csv"), 3, ""); },
                    { "nan.csv", "line 3", "sample 1 is NaN" });
        writeNpyF8(path("nan.npy"), { 1.0, NAN });
        expectError([&] { engine::readScoreFile(path("nan.npy"), 2, ""); },
                    { "nan.npy", "element 1", "NaN" });
        writeNpyF8(path("long.npy"), { 1.0, 2.0, 3.0 });
        expectError([&] { engine::readScoreFile(path("long.npy"), 2, ""); },
                    { "long.npy", "holds 3 scores", "has 2 samples" });
        writeText(path("dup.csv"), "0,1\n0,2\n");
        expectError([&] { engine::readScoreFile(path("dup.csv"), 2, ""); },
                    { "line 2", "index 0 appears twice" });
        writeText(path("range.csv"), "0,1\n5,2\n");
        expectError([&] { engine::readScoreFile(path("range.csv"), 2, ""); },
                    { "line 2", "index 5 is not a training-set index 0..1" });
        writeText(path("word.csv"), "0,1\n1,high\n");
        expectError([&] { engine::readScoreFile(path("word.csv"), 2, ""); },
                    { "line 2", "'high' is not a number" });
        engine::writeScoreFile(path("other.csv"), { 1.0, 2.0 }, { "el2n", "MNIST", "f00d" });
        expectError([&] { engine::readScoreFile(path("other.csv"), 2, "beef"); },
                    { "other.csv", "another dataset", "f00d", "beef" });
        writeText(path("garbage.npy"), "not numpy");
        expectError([&] { engine::readScoreFile(path("garbage.npy"), 2, ""); },
                    { "garbage.npy", "not a NumPy .npy file" });
        expectError([&] { engine::readScoreFile(path("missing.csv"), 2, ""); },
                    { "missing.csv", "no such file" });
    }

    void subsetsRoundTripAndAreChecked()
    {
        const std::vector<int64_t> kept { 1, 4, 7 };
        for (const char *name : { "k.csv", "k.npy" }) {
            engine::writeSubsetFile(path(name), kept, { "el2n", "Tiny", "abc" });
            QCOMPARE(engine::readSubsetFile(path(name), 10, "abc"), kept);
        }
        writeText(path("kdup.csv"), "index\n3\n3\n");
        expectError([&] { engine::readSubsetFile(path("kdup.csv"), 10, ""); },
                    { "line 3", "index 3 appears twice" });
        writeText(path("krange.csv"), "index\n3\n10\n");
        expectError([&] { engine::readSubsetFile(path("krange.csv"), 10, ""); },
                    { "line 3", "10 is not a training-set index 0..9" });
        writeText(path("kempty.csv"), "index\n");
        expectError([&] { engine::readSubsetFile(path("kempty.csv"), 10, ""); },
                    { "holds no indices" });
    }

private:
    fs::path path(const char *name) const { return fs::path(m_dir.path().toStdString()) / name; }
    QTemporaryDir m_dir;
};

QTEST_APPLESS_MAIN(TestScoreIo)
#include "tst_score_io.moc"
