// The paths that make training fast must not change what is computed: channels-last weights and
// inputs, the memo of teacher logits for augmented views, the logit cache, and runs trained side
// by side.
#include <QtTest>

#include "engine/data/augment.h"
#include "engine/data/channels_last.h"
#include "engine/data/dataset.h"
#include "engine/data/device_data.h"
#include "engine/distill/teacher_memo.h"
#include "engine/experiment/runner.h"
#include "engine/models/model_factory.h"
#include "engine/train/trainer.h"
#include "tests/support/fixtures.h"
#include "tests/support/pattern_dataset.h"

#include <filesystem>
#include <map>
#include <set>
#include <thread>
#include <torch/torch.h>

namespace {

/// Records what the runner reports, from whichever thread, checking that no two calls overlap.
class RecordingObserver : public engine::Observer
{
public:
    std::map<size_t, double> accuracy;
    std::set<std::thread::id> threads;
    int started = 0;
    int overlaps = 0;

    void runStarted(size_t, const std::string &) override
    {
        Busy b(*this);
        ++started;
    }
    void stepDone(const engine::StepEvent &e) override
    {
        Busy b(*this);
        if (e.run) // students only, not the teacher
            threads.insert(std::this_thread::get_id());
    }
    void runFinished(const engine::RunOutcome &o) override
    {
        Busy b(*this);
        accuracy[o.run] = o.final.testAccuracy;
    }

private:
    std::atomic<int> m_inside { 0 };
    struct Busy
    {
        RecordingObserver &o;
        explicit Busy(RecordingObserver &observer)
            : o(observer)
        {
            if (o.m_inside.fetch_add(1) != 0)
                ++o.overlaps;
            std::this_thread::sleep_for(std::chrono::microseconds(50));
        }
        ~Busy() { o.m_inside.fetch_sub(1); }
    };
};

class MemoryStore : public engine::ExperimentStore
{
public:
    std::filesystem::path dir;
    int failAtStart = -1; ///< shouldStart throws for this run
    bool shouldStart(size_t run) override
    {
        if (int(run) == failAtStart)
            throw std::runtime_error("the store is gone");
        return true;
    }
    std::vector<bool> registerExperiment(const engine::ExperimentSpec &,
                                         const std::vector<engine::RunConfig> &runs) override
    {
        return std::vector<bool>(runs.size(), false);
    }
    std::optional<engine::TeacherRecord> findTeacher(const std::string &) override
    {
        return std::nullopt;
    }
    std::filesystem::path teacherCheckpointPath(const std::string &) override
    {
        return dir / "teacher.pt";
    }
    void saveTeacher(const std::string &, const engine::TeacherRecord &) override { }
};

} // namespace

class TestSpeedPaths : public QObject
{
    Q_OBJECT

private:
    engine::Dataset m_dataset = fixtures::tinyDataset(300, 200);
    engine::DeviceData m_data = engine::DeviceData::upload(m_dataset, torch::kCPU);

    std::shared_ptr<engine::Classifier> model(uint64_t seed)
    {
        return engine::buildSeededModel("smallcnnx0.25", { 1, 28, 28 }, 10, torch::kCPU, seed);
    }

    engine::TrainJob job(int64_t steps, bool augment)
    {
        engine::TrainJob j;
        j.data = &m_data;
        j.indices = torch::arange(m_data.trainSize(), torch::kInt64);
        j.recipe.budget = { engine::BudgetUnit::Steps, steps };
        j.recipe.batchSize = 32;
        j.recipe.lr = 0.05;
        j.recipe.cropPadding = augment ? 2 : 0;
        j.recipe.flip = augment;
        j.recipe.evalPoints = 1;
        j.seed = 3;
        return j;
    }

    std::shared_ptr<engine::Classifier> trainedTeacher()
    {
        auto teacher = model(9);
        engine::train(*teacher, job(30, false));
        teacher->eval();
        for (auto &p : teacher->parameters())
            p.set_requires_grad(false);
        return teacher;
    }

private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(2); }

    void channelsLastChangesStridesNotOutputs()
    {
        torch::manual_seed(5);
        auto nchw = engine::buildModel("smallcnn", { 1, 28, 28 }, 10);
        auto nhwc = engine::buildModel("smallcnn", { 1, 28, 28 }, 10);
        {
            torch::NoGradGuard g;
            const auto from = nchw->parameters(), to = nhwc->parameters();
            for (size_t i = 0; i < from.size(); ++i)
                to[i].copy_(from[i]);
        }
        engine::useChannelsLast(*nhwc);
        // One input channel: a plain contiguous tensor would also count as channels-last, so the
        // strides themselves are checked.
        const auto conv1 = nhwc->named_parameters()["conv1.weight"];
        QCOMPARE(conv1.stride(1), int64_t(1));
        const auto x = m_data.normalizer.apply(m_data.trainImages.slice(0, 0, 16));
        QCOMPARE(x.stride(1), int64_t(1));
        QCOMPARE(x.suggest_memory_format(), torch::MemoryFormat::ChannelsLast);
        nchw->eval();
        nhwc->eval();
        torch::NoGradGuard g;
        const auto a = nchw->forward(x.contiguous()), b = nhwc->forward(x);
        QVERIFY(a.abs().max().item<double>() > 0.01);
        QVERIFY2((a - b).abs().max().item<double>() < 1e-4,
                 qPrintable(QString::number((a - b).abs().max().item<double>())));
    }

    void cachedLogitsGiveTheSameRunAsTheOnlineTeacher()
    {
        // Without augmentation, the cache holds exactly what the teacher would compute per batch.
        auto teacher = trainedTeacher();
        const auto cached = engine::predictLogits(*teacher, m_data.trainImages, m_data.normalizer);
        auto withCache = model(4), online = model(4), plain = model(4);
        auto j1 = job(20, false), j2 = job(20, false), j0 = job(20, false);
        j1.kd = j2.kd = { 0.7, 4.0, true };
        j1.teacher.cachedLogits = cached;
        j2.teacher.model = teacher.get();
        const auto r1 = engine::train(*withCache, j1), r2 = engine::train(*online, j2);
        const auto r0 = engine::train(*plain, j0);
        QVERIFY2(std::fabs(r1.final.trainLoss - r0.final.trainLoss) > 1e-3,
                 "the teacher changes the loss");
        QVERIFY(std::fabs(r1.final.testAccuracy - r2.final.testAccuracy) <= 1e-6);
        QVERIFY2(std::fabs(r1.final.testLoss - r2.final.testLoss) < 1e-5,
                 qPrintable(QString("%1 vs %2").arg(r1.final.testLoss).arg(r2.final.testLoss)));
    }

    void memoReturnsTheTeachersLogitsAndReusesThem()
    {
        auto teacher = trainedTeacher();
        engine::TeacherMemo memo(m_data.trainSize(), 2, true, 10);
        engine::SplitMix64 rng(17);
        const auto indices = torch::arange(40, 72, torch::kInt64);
        const auto draw = engine::drawAugmentation(32, 2, true, rng);
        const auto inputs = m_data.normalizer.apply(
            engine::augmentBatch(m_data.trainImages.index_select(0, indices), 2, draw));
        torch::Tensor expected;
        {
            torch::NoGradGuard g;
            expected = teacher->forward(inputs);
        }
        const auto first = memo.logits(*teacher, indices, draw, inputs);
        QVERIFY((first - expected).abs().max().item<double>() < 1e-5);
        QCOMPARE(memo.computed(), int64_t(32));
        QCOMPARE(memo.reused(), int64_t(0));
        // The same views again: nothing is computed, even from inputs that are not those views
        // (proof that the stored logits, not a new pass, are returned).
        const auto again = memo.logits(*teacher, indices, draw, torch::zeros_like(inputs));
        QCOMPARE(memo.computed(), int64_t(32));
        QCOMPARE(memo.reused(), int64_t(32));
        QVERIFY((again - first).abs().max().item<double>() == 0.0);
        // Every image mirrored: new views, computed.
        auto mirrored = draw;
        for (size_t i = 0; i < mirrored.flip.size(); ++i)
            mirrored.flip[i] = !mirrored.flip[i];
        const auto flippedInputs = m_data.normalizer.apply(
            engine::augmentBatch(m_data.trainImages.index_select(0, indices), 2, mirrored));
        const auto flipped = memo.logits(*teacher, indices, mirrored, flippedInputs);
        QCOMPARE(memo.computed(), int64_t(64));
        torch::NoGradGuard g;
        QVERIFY((flipped - teacher->forward(flippedInputs)).abs().max().item<double>() < 1e-5);
    }

    void memoEntriesDoNotDependOnTheBatchTheyCameIn()
    {
        // The same 32 views met first in different batches: reversed and interleaved with 24
        // other images in one memo, in their own batch in the other. Bit-identical entries are
        // what makes a KD run reproduce outside the sweep it was first trained in.
        auto teacher = trainedTeacher();
        engine::SplitMix64 rng(23);
        const auto draw = engine::drawAugmentation(56, 2, true, rng);
        const auto indices = torch::arange(100, 156, torch::kInt64);
        const auto inputs = m_data.normalizer.apply(
            engine::augmentBatch(m_data.trainImages.index_select(0, indices), 2, draw));
        const auto firstRows = torch::arange(0, 32, torch::kInt64);
        torch::manual_seed(5);
        const auto shuffledRows = torch::randperm(56, torch::kInt64);
        const auto subDraw = [&](const torch::Tensor &rows) {
            engine::AugmentDraw d;
            for (int64_t k = 0; k < rows.size(0); ++k) {
                const auto r = size_t(rows[k].item<int64_t>());
                d.offsetX.push_back(draw.offsetX[r]);
                d.offsetY.push_back(draw.offsetY[r]);
                d.flip.push_back(draw.flip[r]);
            }
            return d;
        };
        engine::TeacherMemo alone(m_data.trainSize(), 2, true, 10),
            mixed(m_data.trainSize(), 2, true, 10);
        const auto a = alone.logits(*teacher, indices.index_select(0, firstRows),
                                    subDraw(firstRows), inputs.index_select(0, firstRows));
        mixed.logits(*teacher, indices.index_select(0, shuffledRows), subDraw(shuffledRows),
                     inputs.index_select(0, shuffledRows));
        const auto b = mixed.logits(*teacher, indices.index_select(0, firstRows),
                                    subDraw(firstRows), torch::zeros_like(inputs).slice(0, 0, 32));
        QCOMPARE(mixed.reused(), int64_t(32));
        QCOMPARE((a - b).abs().max().item<double>(), 0.0);
        // Still the teacher's logits: an online pass of the 32 views agrees to float precision.
        torch::NoGradGuard g;
        QVERIFY((a - teacher->forward(inputs.slice(0, 0, 32))).abs().max().item<double>() < 1e-5);
    }

    void memoTrainsLikeTheOnlineTeacher()
    {
        auto teacher = trainedTeacher();
        engine::TeacherMemo memo(m_data.trainSize(), 2, true, 10);
        auto a = model(4), b = model(4);
        auto ja = job(40, true), jb = job(40, true);
        ja.kd = jb.kd = { 0.9, 4.0, true };
        ja.teacher.model = jb.teacher.model = teacher.get();
        ja.teacher.memo = &memo;
        const auto ra = engine::train(*a, ja);
        const auto rb = engine::train(*b, jb);
        QVERIFY(memo.computed() > 0);
        // 300 images seen 4 times each over 50 views: some views come back.
        QVERIFY2(memo.reused() > 0, qPrintable(QString::number(memo.reused())));
        QCOMPARE(memo.computed() + memo.reused(), int64_t(4 * 300)); // 40 steps = 4 epochs
        QVERIFY(std::fabs(ra.final.testAccuracy - rb.final.testAccuracy) <= 1e-6);
        QVERIFY2(std::fabs(ra.final.trainLoss - rb.final.trainLoss) < 1e-4,
                 qPrintable(QString("%1 vs %2").arg(ra.final.trainLoss).arg(rb.final.trainLoss)));
    }

    void memoRefusesWhatWouldNotFit()
    {
        QVERIFY(engine::TeacherMemo::bytesFor(60000, 2, true, 10).has_value());
        // CIFAR-100 with padding 4 and flips: 50,000 × 162 views × 100 classes, 3.2 GB.
        QVERIFY(!engine::TeacherMemo::bytesFor(50000, 4, true, 100).has_value());
    }

    void runsAtOnceFollowsTheSpec()
    {
        engine::ExperimentSpec spec;
        spec.runsAtOnce = 3;
        QCOMPARE(engine::runsAtOnce(spec, "cpu"), 3);
        spec.runsAtOnce = 0;
        QCOMPARE(engine::runsAtOnce(spec, "cuda:0"), 4);
        QCOMPARE(engine::runsAtOnce(spec, "cpu"), torch::get_num_threads() >= 2 ? 2 : 1);
    }

    void runsSideBySideMatchRunsOneAtATime()
    {
        const auto dir = std::filesystem::temp_directory_path()
            / ("prunescope-speed-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        fixtures::writeIdxDataset(dir / "data", 400, 200, false);
        engine::ExperimentSpec spec;
        spec.datasetPath = (dir / "data").string();
        spec.studentModel = "smallcnnx0.25";
        spec.student.budget = { engine::BudgetUnit::Steps, 30 };
        spec.student.batchSize = 32;
        spec.student.lr = 0.05;
        spec.student.cropPadding = 2;
        spec.student.flip = true;
        spec.student.evalPoints = 1;
        engine::TeacherSpec teacher;
        teacher.model = "smallcnnx0.25";
        teacher.recipe = spec.student;
        spec.teacher = teacher;
        spec.fractions = { 0.25, 0.5 };
        spec.alphas = { 0.0, 0.9 };
        spec.seeds = { 0 };
        spec.device = "cpu";
        const auto experiment = engine::Experiment::prepare(spec);
        QCOMPARE(experiment.runs().size(), size_t(4));

        std::map<int, RecordingObserver> seen;
        for (int k : { 1, 2 }) {
            spec.runsAtOnce = k;
            MemoryStore store;
            store.dir = dir / std::to_string(k);
            const auto e = engine::Experiment::prepare(spec);
            const auto summary = engine::runExperiment(e, store, seen[k], {});
            QCOMPARE(summary.finished, 4);
            QCOMPARE(summary.runsAtOnce, k);
            QCOMPARE(seen[k].started, 4);
            QCOMPARE(seen[k].overlaps, 0);
        }
        QCOMPARE(seen[1].threads.size(), size_t(1));
        QCOMPARE(seen[2].threads.size(), size_t(2));
        // One thread per run instead of two changes only the order of float sums.
        for (size_t i = 0; i < 4; ++i)
            QVERIFY2(std::fabs(seen[1].accuracy[i] - seen[2].accuracy[i]) <= 0.011,
                     qPrintable(QString("run %1: %2 vs %3")
                                    .arg(i)
                                    .arg(seen[1].accuracy[i])
                                    .arg(seen[2].accuracy[i])));
        QCOMPARE(torch::get_num_threads(), 2); // restored after the side-by-side runs

        // A failure outside a run's own handling leaves runExperiment as an exception (on a
        // worker thread it would otherwise end the process).
        spec.runsAtOnce = 2;
        MemoryStore broken;
        broken.dir = dir / "broken";
        broken.failAtStart = 2;
        RecordingObserver quiet;
        try {
            engine::runExperiment(engine::Experiment::prepare(spec), broken, quiet, {});
            QFAIL("the store's exception must reach the caller");
        } catch (const std::runtime_error &e) {
            QCOMPARE(std::string(e.what()), std::string("the store is gone"));
        }
        QCOMPARE(torch::get_num_threads(), 2);
        std::filesystem::remove_all(dir);
    }
};

QTEST_APPLESS_MAIN(TestSpeedPaths)
#include "tst_speed_paths.moc"
