// End-to-end tests of prunescope-cli on a tiny generated dataset: every command, every kind of bad
// input (clear message, non-zero exit, nothing written), and a SIGKILL in the middle of a sweep.
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

#include "tests/support/fixtures.h"
#include "tests/support/program_run.h"

#include <SQLiteCpp/Database.h>
#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

using Result = fixtures::ProgramResult;

Result runCli(const QStringList &args, int timeoutMs = 240000)
{
    return fixtures::runProgram(PRUNESCOPE_CLI, args, QProcessEnvironment::systemEnvironment(),
                                timeoutMs);
}

json tinySpec(const fs::path &dataset, int steps)
{
    return {
        { "name", "tiny" },
        { "dataset", { { "path", dataset.string() } } },
        { "student",
          { { "model", "smallcnnx0.25" },
            { "train", { { "steps", steps }, { "batch_size", 32 }, { "eval_points", 2 } } } } },
        { "teacher",
          { { "model", "smallcnnx0.25" },
            { "train", { { "epochs", 1 }, { "batch_size", 32 } } } } },
        { "pruning", { { "method", "random" }, { "fractions", { 0.25, 0.5 } } } },
        { "distillation", { { "alphas", { 0, 0.5 } }, { "tau", 4 } } },
        { "seeds", { 0, 1 } }
    };
}

QString writeSpec(const fs::path &file, const json &spec)
{
    std::ofstream(file) << spec.dump(2);
    return QString::fromStdString(file.string());
}

int64_t countRuns(const fs::path &store, const std::string &status)
{
    try {
        SQLite::Database db(store.string(), SQLite::OPEN_READONLY, 5000);
        SQLite::Statement q(db, "SELECT count(*) FROM runs WHERE status = ?");
        q.bind(1, status);
        q.executeStep();
        return q.getColumn(0).getInt64();
    } catch (const SQLite::Exception &) {
        return 0; // polled before the store's tables exist
    }
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    fs::path m_dir;
    fs::path m_dataset;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_dir = fs::path(m_tmp.path().toStdString());
        m_dataset = m_dir / "tiny-digits";
        fixtures::writeIdxDataset(m_dataset, 400, 100, true);
    }

    void helpOnEveryCommand()
    {
        for (const QStringList &args : { QStringList { "--help" }, QStringList { "run", "--help" },
                                         QStringList { "results", "--help" },
                                         QStringList { "datasets", "inspect", "--help" } }) {
            const Result r = runCli(args);
            QCOMPARE(r.exitCode, 0);
            QVERIFY2(r.out.contains("Usage:"), qPrintable(args.join(' ')));
        }
        QCOMPARE(runCli({}).exitCode, 2);
        QCOMPARE(runCli({ "frobnicate" }).exitCode, 2);
    }

    void inspectsADataset()
    {
        Result r = runCli({ "datasets", "inspect", QString::fromStdString(m_dataset.string()) });
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("format       idx"));
        QVERIFY(r.out.contains("image shape  1×28×28"));
        QVERIFY(r.out.contains("train        400 images"));
        r = runCli({ "datasets", "inspect", QString::fromStdString(m_dataset.string()), "--json" });
        const json info = json::parse(r.out.toStdString());
        int64_t total = 0;
        for (const auto &c : info["classes"])
            total += c["train"].get<int64_t>();
        QCOMPARE(total, int64_t(400));
        r = runCli({ "datasets", "inspect", QString::fromStdString((m_dir / "missing").string()) });
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("does not exist"));
        // A folder without any known layout lists every layout it looked for.
        fs::create_directories(m_dir / "empty");
        r = runCli({ "datasets", "inspect", QString::fromStdString((m_dir / "empty").string()) });
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("train_32x32.mat (SVHN)") && r.err.contains("train/<class>/"),
                 qPrintable(r.err));
    }

    void teacherCheckRefusesWhatIsNotATeacher()
    {
        const QString notes = QString::fromStdString((m_dir / "notes.pt").string());
        fixtures::writeBytes(notes.toStdString(), { 'h', 'i' });
        Result r = runCli(
            { "teacher", "check", notes, "--dataset", QString::fromStdString(m_dataset.string()) });
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("notes.pt' is not a TorchScript module"), qPrintable(r.err));
        r = runCli({ "teacher", "check", notes + ".missing", "--dataset",
                     QString::fromStdString(m_dataset.string()) });
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("does not exist"), qPrintable(r.err));
    }

    void badInputFailsCleanly_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing spec") << "nospec" << QStringList() << "cannot read spec";
        QTest::newRow("bad json") << "badjson" << QStringList() << "is not valid JSON";
        QTest::newRow("unknown field")
            << "unknownfield" << QStringList() << "pruning.fractionz: unknown field";
        QTest::newRow("f > 1") << "" << QStringList { "--fractions", "0.5,1.5" }
                               << "pruning.fractions[1]: 1.5 is outside (0, 1]";
        QTest::newRow("f = 0") << "" << QStringList { "--fractions", "0" }
                               << "pruning.fractions[0]: 0 is outside (0, 1]";
        QTest::newRow("f NaN") << "" << QStringList { "--fractions", "nan" }
                               << "'nan' is not a finite number";
        QTest::newRow("α > 1") << "" << QStringList { "--alphas", "0,2" }
                               << "distillation.alphas[1]: 2 is outside [0, 1]";
        QTest::newRow("τ = 0") << "" << QStringList { "--tau", "0" } << "τ must be > 0";
        QTest::newRow("runs at once word")
            << "" << QStringList { "--runs-at-once", "many" }
            << "runs_at_once: 'many': expected \"auto\" or a whole number from 1 to 64";
        QTest::newRow("runs at once 0")
            << "" << QStringList { "--runs-at-once", "0" }
            << "runs_at_once: 0: expected \"auto\" or a whole number from 1 to 64";
        QTest::newRow("unknown model")
            << "" << QStringList { "--student", "vgg16" } << "unknown model 'vgg16'";
        QTest::newRow("unknown method")
            << "" << QStringList { "--method", "el3n" } << "unknown method 'el3n'";
        QTest::newRow("missing dataset")
            << "" << QStringList { "--dataset", "/nonexistent/data" } << "does not exist";
        QTest::newRow("corrupt dataset") << "corrupt" << QStringList() << "is truncated";
        QTest::newRow("unwritable store") << "unwritable" << QStringList() << "cannot open store";
        QTest::newRow("newer store")
            << "newer" << QStringList() << "newer than this Prunescope understands";
        QTest::newRow("label noise > 0.9") << "" << QStringList { "--label-noise", "1.5" }
                                           << "dataset.inject.label_noise: 1.5 is outside [0, 0.9]";
        QTest::newRow("unknown corruption")
            << "" << QStringList { "--corrupt-each", "0.01", "--corruptions", "darken,blurr" }
            << "dataset.inject.corruptions: \"blurr\" is not a corruption; expected one of darken";
        QTest::newRow("unknown label mode")
            << "" << QStringList { "--label-noise", "0.1", "--label-mode", "random" }
            << "dataset.inject.label_mode: 'random' must be \"symmetric\"";
        // Absent on a CPU-only machine, out of range on a machine with a GPU: refused either way.
        QTest::newRow("no such cuda device")
            << "" << QStringList { "--device", "cuda:99" } << "cuda:99";
        QTest::newRow("spec nested 100,000 levels deep")
            << "deep" << QStringList() << "nests deeper than 32 levels in extra[0][0]";
        QTest::newRow("a key given twice")
            << "dupkey" << QStringList()
            << "has the key \"alphas\" twice in distillation; JSON would keep the last silently";
        QTest::newRow("a 1 MB name")
            << "hugename" << QStringList() << "name: 1,000,000 characters; a name has at most 200";
        QTest::newRow("τ = 1e308") << "" << QStringList { "--tau", "1e308" }
                                   << "distillation.tau: 1e+308 is outside [0.05, 100]";
        QTest::newRow("τ = 1e-308") << "" << QStringList { "--tau", "1e-308" }
                                    << "distillation.tau: 1e-308 is outside [0.05, 100]";
        QTest::newRow("seed ≥ 2^63") << "" << QStringList { "--seeds", "9223372036854775808" }
                                     << "seeds[0]: 9223372036854775808 is too large";
        QTest::newRow("override into a non-object")
            << "stringdataset" << QStringList { "--dataset", "/x" }
            << "dataset: is not an object {...}, so --dataset cannot set a field in it";
    }

    void badInputFailsCleanly()
    {
        QFETCH(QString, kind);
        QFETCH(QStringList, extra);
        QFETCH(QString, expected);
        QTemporaryDir tmp;
        const fs::path dir(tmp.path().toStdString());
        fs::path store = dir / "ws.db";
        json spec = tinySpec(m_dataset, 5);
        QString specPath = QString::fromStdString((dir / "spec.json").string());
        if (kind == "nospec") {
            specPath += ".missing";
        } else if (kind == "badjson") {
            std::ofstream(specPath.toStdString()) << "{\"name\": ";
        } else if (kind == "deep") {
            std::string text = spec.dump();
            text.pop_back();
            std::ofstream(specPath.toStdString())
                << text << ", \"extra\": " << std::string(100000, '[') << std::string(100000, ']')
                << "}";
        } else if (kind == "dupkey") {
            std::string text = spec.dump();
            const auto at = text.find("\"alphas\"");
            text.insert(at, "\"alphas\":[0],");
            std::ofstream(specPath.toStdString()) << text;
        } else {
            if (kind == "hugename")
                spec["name"] = std::string(1000000, 'n');
            if (kind == "stringdataset")
                spec["dataset"] = "/data";
            if (kind == "unknownfield")
                spec["pruning"]["fractionz"] = { 0.1 };
            if (kind == "corrupt") {
                const fs::path broken = dir / "broken";
                fixtures::writeIdxDataset(broken, 50, 20, false);
                fs::resize_file(broken / "t10k-images-idx3-ubyte", 1000);
                spec["dataset"]["path"] = broken.string();
            }
            writeSpec(specPath.toStdString(), spec);
        }
        if (kind == "unwritable") {
            fixtures::writeBytes(dir / "afile", { 1 });
            store = dir / "afile" / "ws.db";
        }
        if (kind == "newer") {
            SQLite::Database db(store.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
            db.exec("PRAGMA user_version = 42");
        }
        const Result r = runCli(
            QStringList { "run", specPath, "--store", QString::fromStdString(store.string()) }
            + extra);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(expected), qPrintable(r.err));
        if (kind == "newer") {
            SQLite::Database db(store.string(), SQLite::OPEN_READONLY);
            QCOMPARE(db.execAndGet("PRAGMA user_version").getInt(), 42);
            QCOMPARE(db.execAndGet("SELECT count(*) FROM sqlite_master").getInt(), 0);
        } else {
            QVERIFY2(!fs::exists(store), "nothing is written for bad input");
        }
    }

    void flagsFindInjectedNoiseAndMeasureWhatRunsKeep()
    {
        const fs::path store = m_dir / "flags.db";
        const QString storeArg = QString::fromStdString(store.string());
        const QString data = QString::fromStdString(m_dataset.string());
        const QString csv = QString::fromStdString((m_dir / "flags.csv").string());
        const QStringList inject { "--label-noise",  "0.1",
                                   "--corrupt-each", "0.025",
                                   "--corruptions",  "darken,duplicate",
                                   "--inject-seed",  "4" };
        const QStringList folds { "--folds", "2", "--epochs", "1" };
        Result r = runCli(
            QStringList { "flags", "--dataset", data, "--store", storeArg, "--evaluate", "-o", csv }
            + inject + folds);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("injected 10 % symmetric label noise (40 labels); 2.5 % each of "
                                "darken, duplicate (20 images), seed 4"),
                 qPrintable(r.out));
        QVERIFY2(
            r.out.contains("the mean of 2 repeats × 2 folds of smallcnn, 1 epochs (trained now"),
            qPrintable(r.out));
        // Darkened images and exact copies (with their originals) are found exactly.
        QVERIFY2(r.out.contains(QRegularExpression(
                     "dark\\s+darkened\\s+10\\s+1\\.0000\\s+10\\s+1\\.000\\s+1\\.000")),
                 qPrintable(r.out));
        QVERIFY2(
            r.out.contains(QRegularExpression("exact_duplicate\\s+exact copies \\+ originals\\s+"
                                              "20\\s+1\\.0000\\s+20\\s+1\\.000\\s+1\\.000")),
            qPrintable(r.out));
        QVERIFY(r.out.contains(QRegularExpression("label_issue\\s+flipped labels\\s+40\\s")));
        QVERIFY(r.out.contains("no finished runs on this data"));
        // The CSV: one row per sample, the truth beside the flags.
        std::ifstream in(csv.toStdString());
        std::string header, line;
        std::getline(in, header);
        QVERIFY2(header.rfind("index,label,suggested_label,flags,label_issue_score", 0) == 0,
                 header.c_str());
        QVERIFY(header.find(",label_flipped,original_label,corruption,copy_of")
                != std::string::npos);
        int rows = 0, flipped = 0, darkened = 0;
        while (std::getline(in, line)) {
            ++rows;
            QStringList cells = QString::fromStdString(line).split(',');
            flipped += cells[cells.size() - 4] == "1";
            darkened += cells[cells.size() - 2] == "darken";
            if (cells[cells.size() - 2] == "darken")
                QVERIFY2(cells[3].split(';').contains("dark"), line.c_str());
        }
        QCOMPARE(rows, 400);
        QCOMPARE(flipped, 40);
        QCOMPARE(darkened, 10);
        QVERIFY2(r.out.contains("estimated noise (rows: given label, columns: likely true class; "
                                "samples):")
                     && r.out.contains("its filter (lowest_quality) picks"),
                 qPrintable(r.out));

        // Another filter and ranking on the same (stored) probabilities, which are written out.
        const fs::path npy = m_dir / "oos.npy";
        r = runCli(QStringList { "flags", "--dataset", data, "--store", storeArg, "--label-filter",
                                 "confident_learning", "--label-rank", "normalized_margin",
                                 "--probabilities", QString::fromStdString(npy.string()) }
                   + inject + folds);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("(from the store)")
                     && r.out.contains("its filter (confident_learning) picks")
                     && r.out.contains("ranked by normalized_margin"),
                 qPrintable(r.out));
        std::ifstream probabilities(npy, std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(probabilities)),
                                std::istreambuf_iterator<char>());
        QVERIFY(bytes.find("'shape': (400, 10)") != std::string::npos);
        QVERIFY(bytes.find("'descr': '<f4'") != std::string::npos);
        QCOMPARE(bytes.size() % 64, size_t(0)); // header padded to 64, then 400 × 10 × 4 bytes

        // Runs on the same noisy data: the retained-noise table; the folds come from the store.
        const QString spec = writeSpec(m_dir / "flags.json", tinySpec(m_dataset, 10));
        r = runCli(QStringList { "run", spec, "--store", storeArg, "--alphas", "0", "--seeds", "0" }
                   + inject);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        // A stored AUM score of the same data feeds the low-AUM flag.
        r = runCli(QStringList { "run", spec, "--store", storeArg, "--alphas", "0", "--seeds", "0",
                                 "--method", "aum", "--fractions", "0.5", "--steps", "20" }
                   + inject);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = runCli(QStringList { "flags", spec, "--store", storeArg, "--threshold", "dark=0.99" }
                   + inject + folds);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("(from the store)"), qPrintable(r.out));
        QVERIFY(r.out.contains(QRegularExpression("dark\\s+0\\.99\\s")));
        QVERIFY2(r.out.contains(QRegularExpression("low_aum\\s+0\\.50\\s+\\d"))
                     && r.out.contains(QRegularExpression("aum\\s+0\\.500\\s+1\\s+180\\s")),
                 qPrintable(r.out));
        QVERIFY2(r.out.contains(QRegularExpression("random\\s+0\\.250\\s+1\\s+90\\s"))
                     && r.out.contains(QRegularExpression("random\\s+0\\.500\\s+1\\s+180\\s")),
                 qPrintable(r.out));

        r = runCli({ "flags", "--dataset", data, "--store", storeArg, "--threshold", "dark=2" });
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(
            r.err.contains("--threshold 'dark=2' must be NAME=VALUE with VALUE a number in [0, 1]"),
            qPrintable(r.err));
        r = runCli({ "flags", "--dataset", data, "--store", storeArg, "--evaluate", "--folds", "2",
                     "--epochs", "1" });
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("nothing was injected into this data"));
    }

    void studiesRunSeveralExperimentsAndCompareThem()
    {
        // A study: random and EL2N at the same fraction and α, compared per seed at the end.
        const fs::path store = m_dir / "study.db";
        json random = tinySpec(m_dataset, 10);
        random["distillation"]["alphas"] = { 0 };
        random["pruning"] = { { "method", "random" }, { "fractions", { 0.5 } } };
        random.erase("teacher");
        json el2n = random;
        el2n["name"] = "tiny el2n";
        el2n["pruning"]
            = { { "method", "el2n" },
                { "fractions", { 0.5 } },
                { "settings", { { "proxies", 1 } } },
                { "proxy", { { "train", { { "steps", 5 }, { "batch_size", 32 } } } } } };
        json study { { "name", "Finding 2 in miniature" },
                     { "finding", 2 },
                     { "summary", "random against el2n." },
                     { "experiments", { random, el2n } } };
        const QString path = writeSpec(m_dir / "study.json", study);
        Result r = runCli({ "run", path, "--store", QString::fromStdString(store.string()) });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("Study: finding 2 — random against el2n.")
                     && r.err.contains("Experiment 1 of 2: tiny")
                     && r.err.contains("Experiment 2 of 2: tiny el2n"),
                 qPrintable(r.err));
        QCOMPARE(countRuns(store, "done"), int64_t(4));
        QVERIFY2(r.out.contains(QRegularExpression("0\\.5 +el2n · α = 0 +random · α = 0 .* 2 ")),
                 qPrintable(r.out));

        // A problem in one experiment is named by its place, and nothing runs.
        study["experiments"][1]["pruning"]["fractions"] = { 1.5 };
        study["experiments"][0]["seeds"] = "x";
        r = runCli({ "run", writeSpec(m_dir / "bad-study.json", study), "--store",
                     QString::fromStdString((m_dir / "bad-study.db").string()) });
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("experiments[0].seeds:")
                     && r.err.contains("experiments[1].pruning.fractions[0]: 1.5"),
                 qPrintable(r.err));
        QVERIFY(!fs::exists(m_dir / "bad-study.db"));
        study["experiments"] = json::array();
        r = runCli({ "run", writeSpec(m_dir / "empty-study.json", study) });
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("experiments: empty: a study lists at least one experiment spec"),
                 qPrintable(r.err));
        // flags takes one experiment.
        r = runCli({ "flags", path, "--store", QString::fromStdString(store.string()) });
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("is a study of several experiments; this command takes one"),
                 qPrintable(r.err));
    }

    void runsReportsAndSkipsStoredRuns()
    {
        const fs::path store = m_dir / "e2e.db";
        const QString spec = writeSpec(m_dir / "e2e.json", tinySpec(m_dataset, 30));
        const QString storeArg = QString::fromStdString(store.string());
        Result r = runCli({ "run", spec, "--store", storeArg });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("8 runs in this experiment, 8 to run"), qPrintable(r.err));
        QVERIFY(r.err.contains("✓ teacher smallcnnx0.25"));
        QVERIFY(r.err.contains("8 finished, 0 already stored, 0 failed"));
        QVERIFY(r.out.contains("test acc % (mean ± std)"));
        QCOMPARE(countRuns(store, "done"), int64_t(8));

        r = runCli({ "results", storeArg, "--format", "json" });
        QCOMPARE(r.exitCode, 0);
        const json results = json::parse(r.out.toStdString());
        QCOMPARE(results["groups"].size(), size_t(4));
        for (const auto &g : results["groups"]) {
            QCOMPARE(g["n"].get<int>(), 2);
            QVERIFY(g["accuracy_mean_pct"].get<double>() > 10.0);
        }
        QCOMPARE(results["runs"].size(), size_t(8));
        QCOMPARE(results["teachers"].size(), size_t(1));
        // f = 0.25 of the 360 images left after the default validation split (10 % of 400).
        QCOMPARE(results["runs"][0]["config"]["pruning"]["kept_count"].get<int>(), 90);
        QCOMPARE(results["runs"][0]["config"]["dataset"]["validation"]["count"].get<int>(), 40);
        for (const auto &run : results["runs"])
            QVERIFY(run["validation_accuracy_pct"].is_number());
        for (const auto &g : results["groups"])
            QVERIFY(g["validation_mean_pct"].is_number());
        // α = 0.5 against α = 0 at both fractions, paired over the two seeds.
        QCOMPARE(results["comparisons"].size(), size_t(2));
        for (const auto &c : results["comparisons"]) {
            QCOMPARE(c["comparison"].get<std::string>(), std::string("kd-vs-no-kd"));
            QCOMPARE(c["n_pairs"].get<int>(), 2);
            const double mean = c["paired_diff_points"].get<double>();
            const auto ci = c["ci95_points"];
            QVERIFY(ci[0].get<double>() <= mean && mean <= ci[1].get<double>());
        }
        // What each result cost, against a closed form: smallcnnx0.25 on 1×28×28 with 10
        // classes is 615,296 FLOPs a forward pass (tst_models checks it against PyTorch hooks);
        // a training image costs 3 passes; KD adds one teacher pass per image seen; the teacher
        // (one epoch of 360 images) is shared by the four α = 0.5 runs.
        const auto seen = [](int64_t n, int64_t batch, int64_t steps) {
            int64_t position = n, total = 0;
            for (int64_t s = 0; s < steps; ++s) {
                if (position >= n)
                    position = 0;
                const int64_t take = std::min(batch, n - position);
                position += take;
                total += take;
            }
            return double(total);
        };
        const double forward = 615296.0, teacherFlops = 3 * forward * 360;
        r = runCli({ "results", storeArg, "--view", "compute", "--format", "json" });
        QCOMPARE(r.exitCode, 0);
        const json compute = json::parse(r.out.toStdString())["compute"];
        QCOMPARE(compute.size(), size_t(4));
        const auto near = [](double a, double b) {
            return std::abs(a - b) <= 1e-9 * std::abs(b);
        };
        for (const auto &row : compute) {
            const double f = row["kept_fraction"], alpha = row["alpha"];
            const double images = seen(f == 0.25 ? 90 : 180, 32, 30);
            const double student = 3 * forward * images + (alpha > 0 ? forward * images : 0);
            const auto &flops = row["flops_amortised"];
            QVERIFY2(near(flops["student"], student), row.dump().c_str());
            QVERIFY2(near(flops["teacher"], alpha > 0 ? teacherFlops / 4 : 0.0),
                     row.dump().c_str());
            QCOMPARE(flops["scores"].get<double>(), 0.0);
            QVERIFY(near(flops["total"], student + (alpha > 0 ? teacherFlops / 4 : 0.0)));
            QVERIFY(
                near(row["flops_standalone_total"], student + (alpha > 0 ? teacherFlops : 0.0)));
            QVERIFY(row["seconds_amortised"]["total"].get<double>() > 0);
            QCOMPARE(row["front_chosen_on"].get<std::string>(), std::string("validation"));
        }
        r = runCli({ "results", storeArg, "--view", "compute" });
        QVERIFY2(r.out.contains("Pareto front") && r.out.contains("GFLOP"), qPrintable(r.out));

        // The report: well-formed SVG charts, and its group table holds the numbers of
        // `results --format csv` exactly.
        const fs::path reportFile = m_dir / "e2e-report.html";
        r = runCli({ "report", storeArg, "-o", QString::fromStdString(reportFile.string()) });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QFile reportIn(QString::fromStdString(reportFile.string()));
        QVERIFY(reportIn.open(QIODevice::ReadOnly));
        const QString html = QString::fromUtf8(reportIn.readAll());
        int svgs = 0;
        for (qsizetype at = html.indexOf("<svg"); at >= 0; at = html.indexOf("<svg", at + 1)) {
            const qsizetype end = html.indexOf("</svg>", at);
            QVERIFY(end > at);
            QXmlStreamReader xml(html.mid(at, end + 6 - at));
            while (!xml.atEnd())
                xml.readNext();
            QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
            ++svgs;
        }
        QCOMPARE(svgs, 2); // accuracy against kept fraction, accuracy against compute
        QVERIFY(html.contains("class=\"legend\""));
        const qsizetype table = html.indexOf("<table id=\"groups-table\">");
        QVERIFY(table > 0);
        const QString groupsHtml = html.mid(table, html.indexOf("</table>", table) - table);
        std::map<std::pair<QString, QString>, QString> reported;
        static const QRegularExpression rowPattern("<tr>(.*?)</tr>");
        static const QRegularExpression valuePattern("data-value=\"([^\"]*)\"");
        for (auto rows = rowPattern.globalMatch(groupsHtml); rows.hasNext();) {
            QStringList values;
            for (auto v = valuePattern.globalMatch(rows.next().captured(1)); v.hasNext();)
                values << v.next().captured(1);
            if (values.size() == 8) // fraction, kept, α, τ, n, mean, std, validation
                reported[{ values[0], values[2] }] = values[5];
        }
        r = runCli({ "results", storeArg, "--format", "csv" });
        const QStringList csvLines = r.out.split("\r\n", Qt::SkipEmptyParts);
        const QStringList header = csvLines[0].split(',');
        const auto column = [&](const char *name) {
            return header.indexOf(name);
        };
        QCOMPARE(reported.size(), size_t(csvLines.size() - 1));
        for (qsizetype i = 1; i < csvLines.size(); ++i) {
            const QStringList cells = csvLines[i].split(',');
            const auto key = std::pair { cells[column("kept_fraction")], cells[column("alpha")] };
            QVERIFY2(reported.count(key), qPrintable(csvLines[i]));
            QCOMPARE(reported[key], cells[column("accuracy_mean_pct")]);
        }
        r = runCli({ "results", storeArg, "--view", "compare" });
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("Paired comparisons") && r.out.contains("95 % CI")
                     && r.out.contains("α = 0.5, τ = 4, teacher smallcnnx0.25"),
                 qPrintable(r.out));

        r = runCli({ "results", storeArg, "--format", "csv" });
        const QStringList lines = r.out.split("\r\n", Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 5);
        QVERIFY(lines[0].startsWith("dataset,student,method,")
                || lines[0].startsWith("dataset,student,teacher,"));
        r = runCli({ "results", storeArg });
        QVERIFY(
            r.out.contains("Teachers (trained on the full training set, or imported TorchScript)"));
        QVERIFY(r.out.contains("Runs"));
        QCOMPARE(runCli({ "results", storeArg, "--format", "xml" }).exitCode, 2);
        QCOMPARE(
            runCli({ "results", QString::fromStdString((m_dir / "none.db").string()) }).exitCode,
            2);

        // The same spec again: nothing to do.
        r = runCli({ "run", spec, "--store", storeArg });
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains("8 already in the store (skipped), 0 to run"), qPrintable(r.err));

        // A new fraction with the same teacher: the teacher comes from the cache.
        r = runCli({ "run", spec, "--store", storeArg, "--fractions", "0.75", "--seeds", "0" });
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains("cached in the store"), qPrintable(r.err));
        QCOMPARE(countRuns(store, "done"), int64_t(10));
    }

    void scoresAreComputedOnceExportedAndImported()
    {
        const fs::path store = m_dir / "el2n.db";
        const QString storeArg = QString::fromStdString(store.string());
        json spec = tinySpec(m_dataset, 20);
        spec["pruning"]
            = { { "method", "el2n" },
                { "fractions", { 0.25, 0.5 } },
                { "settings", { { "proxies", 2 } } },
                { "proxy", { { "train", { { "epochs", 1 }, { "batch_size", 32 } } } } } };
        const QString specPath = writeSpec(m_dir / "el2n.json", spec);
        Result r = runCli({ "run", specPath, "--store", storeArg });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("Proxy 2 of 2 for el2n"), qPrintable(r.err));
        // One score per run seed (pruning.score_seed "per_run", the default), shared by f and α.
        QVERIFY2(r.err.contains("(2 computed now)"), qPrintable(r.err));
        QCOMPARE(countRuns(store, "done"), int64_t(8));

        // A new fraction reuses the stored score.
        r = runCli({ "run", specPath, "--store", storeArg, "--fractions", "0.1", "--seeds", "0" });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("(0 computed now)"), qPrintable(r.err));
        QVERIFY(!r.err.contains("Proxy 1 of 2"));

        // Two EL2N scores, one per run seed; the listing tells them apart.
        r = runCli({ "scores", storeArg });
        QVERIFY2(r.out.contains(QRegularExpression("\\n1 +el2n .* seed 0 \\(40 held out"))
                     && r.out.contains(QRegularExpression("\\n2 +el2n .* seed 1 ")),
                 qPrintable(r.out));
        r = runCli({ "scores", storeArg, "--method", "el2n", "--id", "1", "--top", "3", "--export",
                     QString::fromStdString((m_dir / "el2n.csv").string()) });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        // The default validation split holds out 40 of the 400 training images: they have no
        // score, and the export leaves them out (by index, so the file still lines up).
        QVERIFY2(r.out.contains("count 360; 40 samples held out for validation have none"),
                 qPrintable(r.out));
        QVERIFY(r.out.contains("median"));
        QVERIFY(r.out.contains("histogram (360 finite values"));
        QVERIFY(r.out.contains("hardest:"));
        QVERIFY(r.out.contains("wrote 360 scores"));
        r = runCli({ "scores", storeArg, "--method", "aum" });
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("error: no aum scores are stored in"), qPrintable(r.err));
        QCOMPARE(runCli({ "scores", storeArg, "--method", "el3n" }).exitCode, 2);

        // The exported scores, imported as a file: the same kept subset as EL2N's own.
        json imported = spec;
        imported["pruning"] = { { "method", "file" },
                                { "fractions", { 0.25 } },
                                { "settings", { { "path", (m_dir / "el2n.csv").string() } } } };
        imported["distillation"]["alphas"] = { 0 };
        imported["seeds"] = { 0 };
        r = runCli({ "run", writeSpec(m_dir / "file.json", imported), "--store", storeArg });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        SQLite::Database db(store.string(), SQLite::OPEN_READONLY);
        const auto subsetOf = [&](const std::string &method) {
            SQLite::Statement q(db,
                                "SELECT s.data FROM run_subsets s JOIN runs r ON r.id = s.run_id "
                                "WHERE r.method = ? AND r.kept_fraction = 0.25 AND r.seed = 0 "
                                "AND r.alpha = 0");
            q.bind(1, method);
            return q.executeStep() ? q.getColumn(0).getString() : std::string();
        };
        QVERIFY(!subsetOf("el2n").empty());
        QCOMPARE(subsetOf("file"), subsetOf("el2n"));

        // A kept subset exported and imported back.
        const QString kept = QString::fromStdString((m_dir / "kept.npy").string());
        r = runCli({ "subset", storeArg, "--run", "1", "--export", kept });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("kept indices of run 1"));
        QCOMPARE(runCli({ "subset", storeArg, "--run", "999", "--export", kept }).exitCode, 2);
    }

    // Runs after scoresAreComputedOnceExportedAndImported, on its store.
    void exportsNeverReplaceTheWorkspaceOrAnInput()
    {
        const fs::path store = m_dir / "el2n.db";
        QVERIFY(fs::exists(store));
        const QString storeArg = QString::fromStdString(store.string());
        const auto bytes = [](const fs::path &file) {
            std::ifstream in(file, std::ios::binary);
            return std::string(std::istreambuf_iterator<char>(in), {});
        };
        const std::string before = bytes(store);
        const QString folder = QString::fromStdString(m_dir.string());
        fs::create_symlink(store, m_dir / "alias.db");
        fs::create_hard_link(store, m_dir / "hard-link.db");
        const QString spec = QString::fromStdString((m_dir / "el2n.json").string());
        struct Case
        {
            QStringList args;
            QString expected;
        };
        const std::vector<Case> cases {
            { { "scores", storeArg, "--method", "el2n", "--export", storeArg },
              "--export '" + storeArg + "' is the workspace" },
            { { "scores", storeArg, "--method", "el2n", "--export", folder + "/./el2n.db" },
              "is the workspace" },
            { { "subset", storeArg, "--run", "1", "--export", folder + "/alias.db" },
              "alias.db' is the workspace" },
            { { "subset", storeArg, "--run", "1", "--export", folder + "/hard-link.db" },
              "hard-link.db' is the workspace" },
            { { "scores", storeArg, "--method", "el2n", "--export", storeArg + "-wal" },
              "is the workspace's write-ahead log" },
            { { "scores", storeArg, "--method", "el2n", "--export",
                folder + "/el2n-artifacts/x.csv" },
              "is inside the workspace's artifacts folder" },
            { { "scores", storeArg, "--method", "el2n", "--export", folder },
              "is a folder: give a file name in it" },
            { { "scores", storeArg, "--export", folder + "/x.csv" },
              "--export needs --method (or --id): which stored score to write" },
            { { "scores", storeArg, "--method", "el2n", "--top", "-1" },
              "--top -1: expected a count ≥ 0" },
            { { "report", storeArg, "-o", folder + "/el2n-artifacts/report.html" },
              "is inside the workspace's artifacts folder" },
            { { "report", storeArg, "-o", storeArg }, "expected a name ending in .html" },
            { { "flags", spec, "--store", storeArg, "-o", storeArg }, "is the workspace" },
            { { "flags", spec, "--store", storeArg, "-o", spec }, "is the spec" },
            { { "flags", spec, "--store", storeArg, "--probabilities", storeArg },
              "is the workspace" },
            { { "flags", spec, "--store", storeArg, "-o",
                QString::fromStdString((m_dataset / "x.csv").string()) },
              "is inside the dataset" },
        };
        for (const auto &c : cases) {
            const Result r = runCli(c.args);
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains(c.expected) && r.err.contains("nothing was written"),
                     qPrintable(c.args.join(' ') + "\n" + r.err));
        }
        QVERIFY2(bytes(store) == before, "the workspace is unchanged");
        QCOMPARE(runCli({ "results", storeArg }).exitCode, 0);
        for (const auto &entry : fs::directory_iterator(m_dir))
            QVERIFY2(entry.path().filename().string().find(".tmp") == std::string::npos,
                     entry.path().c_str());

        // A missing output folder is found before any fold trains or the store is created.
        const fs::path fresh = m_dir / "never-created.db";
        const Result r = runCli({ "flags", spec, "--store", QString::fromStdString(fresh.string()),
                                  "-o", folder + "/missing/x.csv" });
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("the folder '" + folder + "/missing' does not exist"),
                 qPrintable(r.err));
        QVERIFY(!fs::exists(fresh));
        fs::remove(m_dir / "alias.db");
        fs::remove(m_dir / "hard-link.db");
    }

    void flagOptionsAreCheckedBeforeAnyWork()
    {
        const fs::path store = m_dir / "never.db";
        const QString data = QString::fromStdString(m_dataset.string());
        const QString storeArg = QString::fromStdString(store.string());
        struct Case
        {
            QStringList args;
            QString expected;
        };
        for (const Case &c : std::vector<Case> {
                 { { "--threshold", "dark=0.5x" },
                   "--threshold 'dark=0.5x' must be NAME=VALUE with VALUE a number in [0, 1]" },
                 { { "--threshold", "dark=" }, "--threshold 'dark=' must be NAME=VALUE" },
                 { { "--threshold", "dark=0.5", "--threshold", "dark=0.7" },
                   "--threshold gives dark twice; give each flag's threshold once" },
                 { { "--seed", "-1" }, "--seed -1: expected a seed ≥ 0" },
                 { { "--repeats", "11" }, "--repeats: Value 11 not in range 1 to 10" },
                 { { "--label-teacher-weight", "1.5" },
                   "--label-teacher-weight 1.5: expected a number in [0, 1]" },
                 { { "--label-filter", "prune_by_noise" },
                   "--label-filter 'prune_by_noise': expected one of prune_by_noise_rate, "
                   "prune_by_class, both, confident_learning, lowest_quality" },
                 { { "--label-rank", "margin" },
                   "--label-rank 'margin': expected one of noise_posterior, self_confidence, "
                   "normalized_margin, confidence_weighted_entropy" },
                 { { "-o", "same.csv", "--probabilities", "same.csv" },
                   "--out and --probabilities are both 'same.csv': give two files" } }) {
            const Result r
                = runCli(QStringList { "flags", "--dataset", data, "--store", storeArg } + c.args);
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains(c.expected), qPrintable(r.err));
        }
        QVERIFY(!fs::exists(store));
    }

    void damagedAndUnwritableStoresAreNamed()
    {
        // A store to damage: one tiny finished run.
        const fs::path store = m_dir / "tobreak.db";
        const QString spec = writeSpec(m_dir / "tobreak.json", tinySpec(m_dataset, 5));
        const QStringList one { "--alphas", "0", "--seeds", "0", "--fractions", "0.5" };
        Result r = runCli(
            QStringList { "run", spec, "--store", QString::fromStdString(store.string()) } + one);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));

        const fs::path damaged = m_dir / "damaged.db";
        fs::copy_file(store, damaged);
        {
            SQLite::Database db(damaged.string(), SQLite::OPEN_READWRITE);
            db.exec("PRAGMA foreign_keys = OFF; DROP TABLE run_subsets; DROP TABLE run_metrics; "
                    "DROP TABLE experiment_runs; DROP TABLE runs");
        }
        for (const char *command : { "results", "scores" }) {
            r = runCli({ command, QString::fromStdString(damaged.string()) });
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains("damaged.db' is not a complete Prunescope store: it has "
                                    "schema version 5 but no table runs"),
                     qPrintable(r.err));
        }

        // An immutable file (chattr +i): refused at open, with what reads it instead.
        const fs::path frozen = m_dir / "frozen.db";
        fs::copy_file(store, frozen);
        const QString frozenArg = QString::fromStdString(frozen.string());
        if (QProcess::execute("chattr", { "+i", frozenArg }) != 0)
            QSKIP("chattr +i needs root (CAP_LINUX_IMMUTABLE)");
        r = runCli(QStringList { "run", spec, "--store", frozenArg } + one);
        QProcess::execute("chattr", { "-i", frozenArg });
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("cannot write store '" + frozenArg + "': the file is read-only"),
                 qPrintable(r.err));
    }

    void readOnlyFileSystemsAndFullDisks()
    {
        // Real mounts: a tmpfs made read-only, and one too small for a store.
        const fs::path mount = m_dir / "mnt";
        fs::create_directories(mount);
        const QString mountArg = QString::fromStdString(mount.string());
        if (QProcess::execute("mount", { "-t", "tmpfs", "-o", "size=400k", "tmpfs", mountArg })
            != 0)
            QSKIP("mounting a tmpfs needs root");
        const auto unmount = qScopeGuard([&] { QProcess::execute("umount", { mountArg }); });
        const QString spec = writeSpec(m_dir / "ro.json", tinySpec(m_dataset, 5));
        const QStringList one { "--alphas", "0", "--seeds", "0", "--fractions", "0.5" };
        const QString store = mountArg + "/ws.db";
        Result r = runCli(QStringList { "run", spec, "--store", store } + one);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        // The README promises that results opens a store read-only: also on read-only media.
        QCOMPARE(QProcess::execute("mount", { "-o", "remount,ro", mountArg }), 0);
        r = runCli({ "results", store });
        QVERIFY2(r.exitCode == 0 && r.out.contains("random"), qPrintable(r.err));
        QCOMPARE(QProcess::execute("mount", { "-o", "remount,rw", mountArg }), 0);

        // Disk full before any run: exit 2, and no half-made store is left.
        for (const auto &entry : fs::directory_iterator(mount))
            fs::remove_all(entry.path());
        {
            std::ofstream fill(mount / "fill", std::ios::binary);
            const std::string block(1024, '\0');
            while (fill.write(block.data(), std::streamsize(block.size())))
                ;
        }
        r = runCli(QStringList { "run", spec, "--store", mountArg + "/full.db" } + one);
        QCOMPARE(r.exitCode, 2);
        // SQLite says "database or disk is full" or, when the WAL index cannot grow, "disk I/O
        // error", to which the store adds "(is the disk full?)".
        QVERIFY2(r.err.contains("cannot create store '" + mountArg + "/full.db'")
                     && (r.err.contains("disk is full") || r.err.contains("is the disk full?")),
                 qPrintable(r.err));
        QVERIFY(!fs::exists(mount / "full.db"));
        for (const auto &entry : fs::directory_iterator(mount))
            QVERIFY2(entry.path().filename() == "fill", entry.path().c_str()); // no temporary left
        fs::remove(mount / "fill");

        // The disk filling in the middle of a sweep: what finished stays, and the command says
        // how many runs it stored (exit 1: some did not run).
        QCOMPARE(QProcess::execute("umount", { mountArg }), 0);
        QCOMPARE(
            QProcess::execute("mount", { "-t", "tmpfs", "-o", "size=500k", "tmpfs", mountArg }), 0);
        json sweep = tinySpec(m_dataset, 10);
        sweep["seeds"] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
        const fs::path filled = mount / "filled.db";
        r = runCli({ "run", writeSpec(m_dir / "filling.json", sweep), "--store",
                     QString::fromStdString(filled.string()), "--alphas", "0" });
        QCOMPARE(r.exitCode, 1);
        const auto stored
            = QRegularExpression("(\\d+) run\\(s\\) finished and are stored").match(r.err);
        QVERIFY2(r.err.contains("the store '" + QString::fromStdString(filled.string())
                                + "' could not be written")
                     && stored.hasMatch(),
                 qPrintable(r.err));
        QCOMPARE(countRuns(filled, "done"), stored.captured(1).toLongLong());
        SQLite::Database db(filled.string(), SQLite::OPEN_READONLY);
        QCOMPARE(db.execAndGet("PRAGMA integrity_check").getString(), std::string("ok"));
    }

    void imageFolderProblemsAreNamedAndNothingIsCached()
    {
        const fs::path root = m_dir / "photos";
        for (const char *split : { "train", "test" })
            for (const char *cls : { "a", "b" }) {
                fs::create_directories(root / split / cls);
                std::ofstream(root / split / cls / "x.jpg") << "not a picture";
            }
        const QString rootArg = QString::fromStdString(root.string());
        const fs::path cache = m_dir / "photo-cache";
        Result r = runCli({ "datasets", "inspect", rootArg, "--skip-corrupt", "--cache",
                            QString::fromStdString(cache.string()) });
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(
            r.err.contains("every image under '" + rootArg + "/train' was unreadable and skipped")
                && r.err.contains("nothing is left to train on"),
            qPrintable(r.err));
        QVERIFY2(!fs::exists(cache) || fs::is_empty(cache), "no cache for a refused dataset");

        fs::create_directory_symlink("loop", root / "train" / "loop");
        r = runCli({ "datasets", "inspect", rootArg });
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("cannot read '" + rootArg
                                + "/train/loop': Too many levels of "
                                  "symbolic links (a symbolic link that leads back to itself?)"),
                 qPrintable(r.err));
    }

    void twoProcessesTrainOneTeacher()
    {
        const fs::path store = m_dir / "shared-teacher.db";
        json spec = tinySpec(m_dataset, 10);
        spec["teacher"]["train"] = { { "epochs", 3 }, { "batch_size", 16 } };
        const QString specPath = writeSpec(m_dir / "shared-teacher.json", spec);
        const QStringList args { "run",         specPath,
                                 "--store",     QString::fromStdString(store.string()),
                                 "--seeds",     "0",
                                 "--fractions", "0.5",
                                 "--alphas",    "0.5" };
        QProcess first, second;
        first.start(PRUNESCOPE_CLI, args);
        second.start(PRUNESCOPE_CLI, args);
        QVERIFY(first.waitForFinished(240000) && second.waitForFinished(240000));
        const QString err = QString::fromUtf8(first.readAllStandardError())
            + QString::fromUtf8(second.readAllStandardError());
        QVERIFY2(first.exitCode() == 0 && second.exitCode() == 0, qPrintable(err));
        QCOMPARE(err.count("Training teacher"), 1);
        QVERIFY2(err.contains("Loading cached teacher"), qPrintable(err));
        SQLite::Database db(store.string(), SQLite::OPEN_READONLY);
        QCOMPARE(db.execAndGet("SELECT count(*) FROM teachers").getInt(), 1);
    }

    void sighupStopsLikeSigterm()
    {
        const fs::path store = m_dir / "hangup.db";
        json spec = tinySpec(m_dataset, 4000);
        const QString specPath = writeSpec(m_dir / "hangup.json", spec);
        QProcess p;
        p.start(PRUNESCOPE_CLI,
                { "run", specPath, "--store", QString::fromStdString(store.string()), "--alphas",
                  "0", "--seeds", "0", "--fractions", "0.5" });
        QVERIFY(p.waitForStarted());
        QDeadlineTimer deadline(120000);
        while (!deadline.hasExpired() && countRuns(store, "running") < 1)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        QCOMPARE(countRuns(store, "running"), int64_t(1));
        ::kill(pid_t(p.processId()), SIGHUP);
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 130);
        QCOMPARE(countRuns(store, "running"), int64_t(0));
        QCOMPARE(countRuns(store, "cancelled"), int64_t(1));
    }

    void everyMethodRunsEndToEnd()
    {
        const fs::path store = m_dir / "methods.db";
        const QString storeArg = QString::fromStdString(store.string());
        const Result listing = runCli({ "methods" });
        QCOMPARE(listing.exitCode, 0);
        QVERIFY(listing.out.contains("never predicted correctly scores +inf (default) or 0"));
        Result r;
        const json methods = json::parse(runCli({ "methods", "--json" }).out.toStdString());
        int run = 0;
        for (const auto &m : methods) {
            const std::string name = m["name"];
            QVERIFY2(listing.out.contains(QString::fromStdString(name + " — ")), name.c_str());
            if (name == "file" || name == "subset" || name == "random")
                continue; // imported files and random are exercised elsewhere
            json spec = tinySpec(m_dataset, 4);
            spec["pruning"]
                = { { "method", name },
                    { "fractions", { 0.25 } },
                    { "proxy", { { "train", { { "epochs", 2 }, { "batch_size", 64 } } } } } };
            if (name == "el2n" || name == "grand")
                spec["pruning"]["settings"] = { { "proxies", 1 } };
            spec["distillation"]["alphas"] = { 0 };
            spec["seeds"] = { 0 };
            r = runCli({ "run", writeSpec(m_dir / (name + ".json"), spec), "--store", storeArg });
            QVERIFY2(r.exitCode == 0, qPrintable(QString::fromStdString(name) + ": " + r.err));
            ++run;
        }
        QCOMPARE(run, 11);
        QCOMPARE(countRuns(store, "done"), int64_t(11));
        r = runCli({ "scores", storeArg });
        QCOMPARE(r.exitCode, 0);
        for (const char *m :
             { "el2n", "grand", "forgetting", "aum", "uncertainty", "dynamic_uncertainty",
               "prototypes", "moderate", "herding", "kcenter" })
            QVERIFY2(r.out.contains(m), m);
    }

    void survivesSigkillAndResumes()
    {
        const fs::path store = m_dir / "killed.db";
        json spec = tinySpec(m_dataset, 150);
        spec["student"]["train"]["eval_points"] = 5;
        const QString specPath = writeSpec(m_dir / "killed.json", spec);
        const QString storeArg = QString::fromStdString(store.string());

        QProcess p;
        p.start(PRUNESCOPE_CLI, { "run", specPath, "--store", storeArg });
        QVERIFY(p.waitForStarted());
        // Kill once two runs are done and more are under way (two train side by side).
        QDeadlineTimer deadline(180000);
        while (!deadline.hasExpired()) {
            if (fs::exists(store) && countRuns(store, "done") >= 2
                && countRuns(store, "running") >= 1)
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        p.kill(); // SIGKILL
        QVERIFY(p.waitForFinished());
        QCOMPARE(p.exitStatus(), QProcess::CrashExit);

        int64_t doneBefore = 0, runningBefore = 0;
        std::vector<std::pair<int64_t, double>> finished;
        {
            SQLite::Database db(store.string(), SQLite::OPEN_READONLY);
            QCOMPARE(db.execAndGet("PRAGMA integrity_check").getString(), std::string("ok"));
            SQLite::Statement q(
                db, "SELECT id, test_accuracy FROM runs WHERE status = 'done' ORDER BY id");
            while (q.executeStep())
                finished.emplace_back(q.getColumn(0).getInt64(), q.getColumn(1).getDouble());
            doneBefore = static_cast<int64_t>(finished.size());
            runningBefore
                = db.execAndGet("SELECT count(*) FROM runs WHERE status = 'running'").getInt64();
        }
        QVERIFY(doneBefore >= 2 && doneBefore < 8);

        const Result r = runCli({ "run", specPath, "--store", storeArg });
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        // The runs in progress at the kill (none only if the kill fell between two runs).
        QVERIFY(runningBefore <= 2);
        QCOMPARE(r.err.contains(QString("%1 run(s) in the store were left running by a process "
                                        "that ended")
                                    .arg(runningBefore)),
                 runningBefore > 0);
        QVERIFY2(r.err.contains(QString("%1 already in the store (skipped), %2 to run")
                                    .arg(doneBefore)
                                    .arg(8 - doneBefore)),
                 qPrintable(r.err));
        QCOMPARE(countRuns(store, "done"), int64_t(8));
        SQLite::Database db(store.string(), SQLite::OPEN_READONLY);
        for (const auto &[id, accuracy] : finished) {
            SQLite::Statement q(db, "SELECT test_accuracy FROM runs WHERE id = ?");
            q.bind(1, id);
            QVERIFY(q.executeStep());
            QCOMPARE(q.getColumn(0).getDouble(), accuracy); // finished runs untouched
        }
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
