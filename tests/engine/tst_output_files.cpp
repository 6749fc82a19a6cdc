// Atomic writes and the guard that keeps outputs off inputs: whole files or none, no temporary
// left behind, and the same file caught however it is spelled.
#include <QTemporaryDir>
#include <QtTest>

#include "engine/core/atomic_file.h"
#include "engine/core/errors.h"
#include "engine/core/output_path.h"

#include <fstream>
#include <sys/stat.h>

namespace fs = std::filesystem;

namespace {

std::string contents(const fs::path &file)
{
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

size_t entries(const fs::path &folder)
{
    return size_t(std::distance(fs::directory_iterator(folder), fs::directory_iterator()));
}

template<class F> QString errorOf(F &&f)
{
    try {
        f();
    } catch (const engine::OutputError &e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

} // namespace

class TestOutputFiles : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    fs::path dir() const { return m_tmp.path().toStdString(); }

private Q_SLOTS:
    void writesWholeFilesWithTheUsualMode()
    {
        const fs::path file = dir() / "a.csv";
        engine::writeFileAtomically(file, std::string_view("first\n"));
        QCOMPARE(contents(file), std::string("first\n"));
        engine::writeFileAtomically(file, std::string_view("second\n"));
        QCOMPARE(contents(file), std::string("second\n"));
        struct stat st
        {
        };
        QCOMPARE(::stat(file.c_str(), &st), 0);
        const mode_t mask = ::umask(022);
        ::umask(mask);
        QCOMPARE(st.st_mode & 0777, 0666 & ~mask);
        QCOMPARE(entries(dir()), size_t(1));
    }

    void aFailedWriteLeavesTheTargetAndNoTemporary()
    {
        const fs::path file = dir() / "kept.txt";
        engine::writeFileAtomically(file, std::string_view("original"));
        const size_t before = entries(dir());
        bool thrown = false;
        try {
            engine::writeFileAtomically(file, [](const fs::path &temporary) {
                std::ofstream(temporary) << "half";
                throw std::runtime_error("disk full");
            });
        } catch (const std::runtime_error &) {
            thrown = true;
        }
        QVERIFY(thrown);
        QCOMPARE(contents(file), std::string("original"));
        QCOMPARE(entries(dir()), before);
    }

    void refusesFoldersAndMissingFolders()
    {
        QVERIFY(errorOf([&] {
                    engine::writeFileAtomically(dir(), std::string_view("x"));
                }).contains("is a folder"));
        QVERIFY(errorOf([&] {
                    engine::writeFileAtomically(dir() / "no" / "x.csv", std::string_view("x"));
                })
                    .contains("the folder '" + QString::fromStdString((dir() / "no").string())
                              + "' does not exist"));
    }

    void sameFileHoweverSpelled()
    {
        const fs::path ws = dir() / "ws.db";
        std::ofstream(ws) << "db";
        fs::create_symlink(ws, dir() / "link.db");
        fs::create_hard_link(ws, dir() / "hard.db");
        QVERIFY(engine::sameFile(dir() / "." / "ws.db", ws));
        QVERIFY(engine::sameFile(dir() / "link.db", ws));
        QVERIFY(engine::sameFile(dir() / "hard.db", ws));
        QVERIFY(!engine::sameFile(dir() / "other.db", ws));
        // Neither exists yet: the same folder and name.
        QVERIFY(engine::sameFile(dir() / "sub" / ".." / "ws.db-wal", dir() / "ws.db-wal")
                == fs::exists(dir() / "sub"));
        QVERIFY(engine::sameFile(dir() / "./ws.db-wal", dir() / "ws.db-wal"));
    }

    void checkOutputPathNamesWhatWouldBeReplaced()
    {
        const fs::path ws = dir() / "guard.db";
        std::ofstream(ws) << "db";
        fs::create_directories(dir() / "guard-artifacts" / "teachers");
        const std::vector<engine::ProtectedPath> inputs {
            { ws, "the workspace" },
            { ws.string() + "-wal", "the workspace's write-ahead log" },
            { dir() / "guard-artifacts", "the workspace's artifacts folder", true }
        };
        const auto check = [&](const fs::path &out) {
            return errorOf([&] { engine::checkOutputPath(out, inputs, "--export"); });
        };
        QVERIFY(check(dir() / "./guard.db").contains("is the workspace '"));
        QVERIFY(check(dir() / "guard.db-wal").contains("is the workspace's write-ahead log"));
        QVERIFY(check(dir() / "guard-artifacts" / "teachers" / "t.pt")
                    .contains("is inside the workspace's artifacts folder"));
        QVERIFY(check(dir() / "guard-artifacts" / ".." / "fine.csv").isEmpty());
        QVERIFY(check(dir() / "fine.csv").isEmpty());
        QVERIFY(check(dir()).contains("is a folder"));
        QVERIFY(check(dir() / "missing" / "x.csv").contains("does not exist"));
        QVERIFY(check("").contains("names no file"));
        QVERIFY(check(dir() / "guard.db").startsWith("--export '"));
    }
};

QTEST_GUILESS_MAIN(TestOutputFiles)
#include "tst_output_files.moc"
