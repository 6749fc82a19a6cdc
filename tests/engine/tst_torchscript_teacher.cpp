#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "engine/core/errors.h"
#include "engine/core/file_bytes.h"
#include "engine/data/dataset.h"
#include "engine/data/dataset_loader.h"
#include "engine/data/device_data.h"
#include "engine/experiment/spec.h"
#include "engine/experiment/spec_json.h"
#include "engine/models/torchscript_teacher.h"
#include "engine/train/trainer.h"
#include "tests/support/fixtures.h"

#include <fstream>
#include <torch/script.h>

namespace fs = std::filesystem;

namespace {

fs::path dirOf(const QTemporaryDir &tmp)
{
    return fs::path(tmp.path().toStdString());
}

/// A linear TorchScript classifier over flattened pixels, built and saved from C++ (no Python
/// needed): logits = x·Wᵀ + b, features(x) = x flattened.
void saveLinearModule(const fs::path &file, const torch::Tensor &w, const torch::Tensor &b,
                      bool withFeatures)
{
    torch::jit::Module m("Linear");
    m.register_parameter("w", w, false);
    m.register_parameter("b", b, false);
    std::string source
        = "def forward(self, x):\n    return x.flatten(1).matmul(self.w.t()) + self.b\n";
    if (withFeatures)
        source += "def features(self, x):\n    return x.flatten(1)\n";
    m.define(source);
    m.save(file.string());
}

template<class F> std::string configErrorOf(F &&f)
{
    try {
        f();
    } catch (const engine::ConfigError &e) {
        return e.what();
    }
    return "no error";
}

struct Fixture
{
    QTemporaryDir tmp;
    fs::path dir;
    std::shared_ptr<const engine::Dataset> dataset;
    engine::DeviceData data;

    Fixture()
    {
        dir = dirOf(tmp) / "digits";
        fixtures::writeIdxDataset(dir, 64, 32, true, 5);
        dataset = engine::loadDataset(dir, engine::DatasetFormat::Idx);
        data = engine::DeviceData::upload(*dataset, torch::kCPU);
    }
};

} // namespace

class TestTorchScriptTeacher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void logitsMatchTheClosedFormForEachInputConvention()
    {
        Fixture f;
        torch::manual_seed(3);
        const auto w = torch::randn({ 10, 784 }) * 0.05;
        const auto b = torch::randn({ 10 });
        const fs::path file = dirOf(f.tmp) / "linear.pt";
        saveLinearModule(file, w, b, true);
        const auto pixels = f.data.trainImages.to(torch::kDouble).flatten(1) / 255.0;

        engine::TeacherInput unit;
        unit.kind = "unit";
        auto teacher = engine::loadTorchScriptTeacher(file, unit, f.data.shape, 10,
                                                      f.data.normalizer, torch::kCPU);
        auto logits = engine::predictLogits(*teacher, f.data.trainImages, f.data.normalizer);
        auto expected = (pixels.matmul(w.to(torch::kDouble).t()) + b.to(torch::kDouble));
        QVERIFY2(torch::allclose(logits.to(torch::kDouble), expected, 1e-5, 1e-5),
                 std::to_string((logits.to(torch::kDouble) - expected).abs().max().item<double>())
                     .c_str());

        engine::TeacherInput norm;
        norm.kind = "normalize";
        norm.mean = { 0.3 };
        norm.stdDev = { 0.2 };
        teacher = engine::loadTorchScriptTeacher(file, norm, f.data.shape, 10, f.data.normalizer,
                                                 torch::kCPU);
        logits = engine::predictLogits(*teacher, f.data.trainImages, f.data.normalizer);
        expected = ((pixels - 0.3) / 0.2).matmul(w.to(torch::kDouble).t()) + b.to(torch::kDouble);
        QVERIFY(torch::allclose(logits.to(torch::kDouble), expected, 1e-5, 1e-5));

        // "standardized" hands over exactly what Prunescope's own models see.
        teacher = engine::loadTorchScriptTeacher(file, {}, f.data.shape, 10, f.data.normalizer,
                                                 torch::kCPU);
        logits = engine::predictLogits(*teacher, f.data.trainImages, f.data.normalizer);
        expected = f.data.normalizer.apply(f.data.trainImages).flatten(1).matmul(w.t()) + b;
        QVERIFY(torch::allclose(logits, expected, 1e-5, 1e-5));
        // features() is the module's own method; test accuracy is an ordinary evaluation.
        QCOMPARE(teacher->features(torch::zeros({ 3, 1, 28, 28 })).sizes().vec(),
                 (std::vector<int64_t> { 3, 784 }));
        const auto [loss, accuracy]
            = engine::evaluate(*teacher, f.data.testImages, f.data.testLabels, f.data.normalizer);
        const auto testLogits
            = f.data.normalizer.apply(f.data.testImages).flatten(1).matmul(w.t()) + b;
        const double expectedAccuracy
            = testLogits.argmax(1).eq(f.data.testLabels).to(torch::kDouble).mean().item<double>();
        QCOMPARE(accuracy, expectedAccuracy);
        QVERIFY(std::isfinite(loss));
    }

    void wrongModulesAreRefusedWithTheReason()
    {
        Fixture f;
        const fs::path seven = dirOf(f.tmp) / "seven.pt";
        saveLinearModule(seven, torch::zeros({ 7, 784 }), torch::zeros({ 7 }), false);
        std::string message = configErrorOf([&] {
            engine::loadTorchScriptTeacher(seven, {}, f.data.shape, 10, f.data.normalizer,
                                           torch::kCPU);
        });
        QVERIFY2(message.find("seven.pt' returns 2×7 for a batch of 2 images") != std::string::npos,
                 message.c_str());
        QVERIFY2(message.find("must return 2×10 logits") != std::string::npos, message.c_str());

        const fs::path rgb = dirOf(f.tmp) / "rgb.pt";
        saveLinearModule(rgb, torch::zeros({ 10, 3 * 32 * 32 }), torch::zeros({ 10 }), false);
        message = configErrorOf([&] {
            engine::loadTorchScriptTeacher(rgb, {}, f.data.shape, 10, f.data.normalizer,
                                           torch::kCPU);
        });
        QVERIFY2(message.find("rgb.pt' cannot take a batch of 2×1×28×28 images")
                     != std::string::npos,
                 message.c_str());

        const fs::path text = dirOf(f.tmp) / "notes.pt";
        std::ofstream(text) << "not a model";
        message = configErrorOf([&] {
            engine::loadTorchScriptTeacher(text, {}, f.data.shape, 10, f.data.normalizer,
                                           torch::kCPU);
        });
        QVERIFY2(message.find("notes.pt' is not a TorchScript module") != std::string::npos,
                 message.c_str());

        const fs::path plain = dirOf(f.tmp) / "plain.pt";
        saveLinearModule(plain, torch::zeros({ 10, 784 }), torch::zeros({ 10 }), false);
        auto teacher = engine::loadTorchScriptTeacher(plain, {}, f.data.shape, 10,
                                                      f.data.normalizer, torch::kCPU);
        message = configErrorOf([&] { teacher->features(torch::zeros({ 1, 1, 28, 28 })); });
        QVERIFY2(message.find("has no features(x) method") != std::string::npos, message.c_str());
    }

    void specNamesImportedTeacherProblems()
    {
        QTemporaryDir tmp;
        const fs::path file = dirOf(tmp) / "t.pt";
        saveLinearModule(file, torch::zeros({ 10, 784 }), torch::zeros({ 10 }), false);
        const std::string base = R"({"student": {"model": "smallcnn", "train": {"steps": 10}},
            "pruning": {"fractions": [0.5]}, "distillation": {"alphas": [0.5]}, "teacher": )";
        auto parsed = engine::parseSpec(base + R"({"file": ")" + file.string()
                                        + R"(", "input": {"mean": [0.5], "std": [0.25]}}})");
        QVERIFY2(parsed.problems.empty(), engine::formatProblems(parsed.problems).c_str());
        QVERIFY(parsed.spec.teacher->imported());
        QCOMPARE(parsed.spec.teacher->input.kind, std::string("normalize"));
        // The spec's canonical JSON reads back to the same teacher.
        const auto again = engine::parseSpec(engine::specToJson(parsed.spec));
        QVERIFY(again.problems.empty());
        QCOMPARE(again.spec.teacher->file, file.string());
        QCOMPARE(again.spec.teacher->input, parsed.spec.teacher->input);

        const auto problems = [&](const std::string &teacher) {
            return engine::formatProblems(engine::parseSpec(base + teacher + "}").problems);
        };
        std::string text = problems(R"({"file": "/no/such/teacher.pt"})");
        QVERIFY2(text.find("teacher.file: '/no/such/teacher.pt' does not exist")
                     != std::string::npos,
                 text.c_str());
        text = problems(R"({"file": ")" + file.string() + R"(", "train": {"epochs": 3}})");
        QVERIFY2(text.find("teacher.train: an imported teacher is trained already")
                     != std::string::npos,
                 text.c_str());
        text = problems(R"({"file": ")" + file.string() + R"(", "input": "imagenet"})");
        QVERIFY2(text.find("teacher.input: 'imagenet' is unknown") != std::string::npos,
                 text.c_str());
        text = problems(R"({"file": ")" + file.string() + R"(", "input": {"mean": [0.5]}})");
        QVERIFY2(text.find("teacher.input.std: required") != std::string::npos, text.c_str());
        text = problems(R"({"file": ")" + file.string() + R"(", "model": "resnet20"})");
        QVERIFY2(text.find("teacher.model: 'resnet20' contradicts") != std::string::npos,
                 text.c_str());
    }

    void identityFollowsContentNotPath()
    {
        QTemporaryDir tmp;
        const fs::path a = dirOf(tmp) / "a.pt", b = dirOf(tmp) / "b.pt";
        saveLinearModule(a, torch::ones({ 10, 784 }), torch::zeros({ 10 }), false);
        fs::copy_file(a, b);
        engine::DatasetInfo info;
        engine::TeacherSpec ta, tb;
        ta.model = tb.model = "torchscript";
        ta.file = a.string();
        tb.file = b.string();
        ta.fileHash = engine::fileContentHash(a);
        tb.fileHash = engine::fileContentHash(b);
        QCOMPARE(engine::teacherIdentityJson(ta, info), engine::teacherIdentityJson(tb, info));
        saveLinearModule(b, torch::zeros({ 10, 784 }), torch::zeros({ 10 }), false);
        tb.fileHash = engine::fileContentHash(b);
        QVERIFY(engine::teacherIdentityJson(ta, info) != engine::teacherIdentityJson(tb, info));
    }

    void pythonExportedModuleGivesTheSameLogits()
    {
#ifndef PRUNESCOPE_PYTHON_WITH_TORCH
        QSKIP("PyTorch-Python was not found when this build was configured");
#else
        Fixture f;
        const fs::path module = dirOf(f.tmp) / "conv.pt", logits = dirOf(f.tmp) / "logits.f32";
        QProcess python;
        python.start(PRUNESCOPE_PYTHON_WITH_TORCH,
                     { PRUNESCOPE_TEACHER_SCRIPT, QString::fromStdString(f.dir.string()),
                       QString::fromStdString(module.string()),
                       QString::fromStdString(logits.string()), "48" });
        QVERIFY(python.waitForFinished(120000));
        QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
        std::vector<float> expected(48 * 10);
        std::ifstream(logits, std::ios::binary)
            .read(reinterpret_cast<char *>(expected.data()), std::streamsize(expected.size() * 4));
        engine::TeacherInput unit;
        unit.kind = "unit";
        auto teacher = engine::loadTorchScriptTeacher(module, unit, f.data.shape, 10,
                                                      f.data.normalizer, torch::kCPU);
        const auto ours = engine::predictLogits(*teacher, f.data.trainImages.slice(0, 0, 48),
                                                f.data.normalizer);
        const auto diff
            = (ours - torch::from_blob(expected.data(), { 48, 10 })).abs().max().item<double>();
        QVERIFY2(diff <= 1e-5, std::to_string(diff).c_str());
#endif
    }
};

QTEST_GUILESS_MAIN(TestTorchScriptTeacher)
#include "tst_torchscript_teacher.moc"
