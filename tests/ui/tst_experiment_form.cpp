#include <QAction>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QToolButton>
#include <QWheelEvent>
#include <QtTest>

#include "engine/data/formats/image_decode.h"
#include "engine/experiment/runner.h"
#include "engine/train/device.h"
#include "tests/support/fixtures.h"
#include "ui/common/wheel_guard.h"
#include "ui/form/cluster_target_box.h"
#include "ui/form/experiment_form.h"

#include <nlohmann/json.hpp>

class TestExperimentForm : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_dataset;

    template<typename T> T *widget(ui::ExperimentForm &form, const char *path)
    {
        auto *w = form.findChild<T *>(path);
        if (!w)
            qFatal("no widget %s", path);
        return w;
    }

    void ready(ui::ExperimentForm &form)
    {
        widget<QLineEdit>(form, "dataset")->setText(m_dataset);
        form.validateNow();
        QTRY_VERIFY_WITH_TIMEOUT(!form.summaryText().contains("Reading the dataset"), 20000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        m_dataset = m_tmp.filePath("digits");
        fixtures::writeIdxDataset(m_dataset.toStdString(), 400, 100, true);
        ui::installWheelGuard(*qApp); // as the application does
    }

    void fractionsAreEchoedAsCountsOfWhatTheValidationSplitLeaves()
    {
        ui::ExperimentForm form;
        ready(form);
        widget<QLineEdit>(form, "pruning.fractions")->setText("0.5");
        form.validateNow();
        const auto echo = [&] {
            for (auto *label : form.findChildren<QLabel *>())
                if (label->text().contains("fraction(s): "))
                    return label->text();
            return QString();
        };
        // 400 training images, 10 % (40) held out by default: f = 0.5 keeps 180 of 360.
        QTRY_COMPARE(echo(),
                     QString("1 fraction(s): 50 % (180) of 360 (40 held out for validation)"));
        widget<QSpinBox>(form, "dataset.validation")->setValue(0);
        form.validateNow();
        QTRY_COMPARE(echo(), QString("1 fraction(s): 50 % (200)"));
        const auto spec = nlohmann::json::parse(form.specJson().toStdString());
        QCOMPARE(spec["dataset"]["validation"].get<double>(), 0.0);
    }

    void wheelOverUnfocusedInputsScrollsTheFormInstead()
    {
        QScrollArea scroll;
        auto *form = new ui::ExperimentForm;
        scroll.setWidget(form);
        scroll.setWidgetResizable(true);
        scroll.resize(form->sizeHint().width() + 40, 300);
        scroll.show();
        QVERIFY(QTest::qWaitForWindowExposed(&scroll));
        auto wheel = [](QWidget *w, int delta) {
            const QPointF at(w->width() / 2.0, w->height() / 2.0);
            QWheelEvent e(at, w->mapToGlobal(at), QPoint(), QPoint(0, delta), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
            QApplication::sendEvent(w, &e);
        };
        auto *noise = form->findChild<QDoubleSpinBox *>("dataset.inject.label_noise");
        auto *source = form->findChild<QComboBox *>("teacher.source");
        QVERIFY(noise && source);
        QCOMPARE(noise->focusPolicy(), Qt::StrongFocus); // the wheel gives no focus either
        const double noiseBefore = noise->value();
        const int sourceBefore = source->currentIndex();
        QCOMPARE(scroll.verticalScrollBar()->value(), 0);
        wheel(noise, 120); // up: would raise the noise
        wheel(source, -120); // down: would pick the next source
        QCOMPARE(noise->value(), noiseBefore);
        QCOMPARE(source->currentIndex(), sourceBefore);
        wheel(noise, -120);
        QVERIFY(scroll.verticalScrollBar()->value() > 0); // the form scrolled instead
        // Focused (clicked or tabbed to), the wheel edits as usual.
        noise->setFocus();
        QTRY_VERIFY(noise->hasFocus());
        wheel(noise, 120);
        QVERIFY(noise->value() > noiseBefore);
    }

    void defaultsAreValid()
    {
        ui::ExperimentForm form;
        ready(form);
        QVERIFY2(form.problems().isEmpty(), qPrintable(form.problems().join("; ")));
        QVERIFY(form.queueAction()->isEnabled());
        // 3 fractions × 2 α × 2 seeds, the default sweep.
        QVERIFY2(form.summaryText().contains("12 runs"), qPrintable(form.summaryText()));
        QSignalSpy queued(&form, &ui::ExperimentForm::queueRequested);
        form.queueAction()->trigger();
        QCOMPARE(queued.count(), 1);
        const auto spec = nlohmann::json::parse(queued.front().front().toString().toStdString());
        QCOMPARE(spec["pruning"]["fractions"].size(), size_t(3));
        QCOMPARE(spec["distillation"]["alphas"][1].get<double>(), 0.5);
    }

    void badValuesShowTheirReason_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("errorPath");
        QTest::addColumn<QString>("expected");
        QTest::newRow("f > 1") << "pruning.fractions"
                               << "0.5, 1.5"
                               << "pruning.fractions"
                               << "value 2: 1.5 is outside (0, 1]";
        QTest::newRow("f in per cent") << "pruning.fractions"
                                       << "2, 10, 30"
                                       << "pruning.fractions"
                                       << "value 1: 2 is outside (0, 1]: a kept fraction is "
                                          "N_kept / N; did you mean 2 % (0.02)?";
        QTest::newRow("f empty") << "pruning.fractions"
                                 << ""
                                 << "pruning.fractions"
                                 << "the list is empty";
        QTest::newRow("f NaN") << "pruning.fractions"
                               << "nan"
                               << "pruning.fractions"
                               << "'nan' is not a finite number";
        QTest::newRow("f keeps nothing") << "pruning.fractions"
                                         << "0.0001"
                                         << "pruning.fractions"
                                         << "keeps round(f·N) = 0 of the 400";
        QTest::newRow("bad range") << "pruning.fractions"
                                   << "0.1, 0.4, ..., 0.9"
                                   << "pruning.fractions"
                                   << "0.9 is not reached from 0.4 in steps of 0.3";
        QTest::newRow("α > 1") << "distillation.alphas"
                               << "0, 2"
                               << "distillation.alphas"
                               << "2 is outside [0, 1]";
        QTest::newRow("τ = 0") << "distillation.tau"
                               << "0"
                               << "distillation.tau"
                               << "τ must be > 0";
        QTest::newRow("unknown student") << "student.model"
                                         << "vgg"
                                         << "student.model"
                                         << "unknown model 'vgg'";
        QTest::newRow("unknown teacher") << "teacher.model"
                                         << "resnet9"
                                         << "teacher.model"
                                         << "unknown model 'resnet9'";
        QTest::newRow("seed") << "seeds"
                              << "1.5"
                              << "seeds"
                              << "1.5 is not a whole number";
        QTest::newRow("missing dataset") << "dataset"
                                         << "/nonexistent/data"
                                         << "dataset"
                                         << "does not exist";
        QTest::newRow("lr") << "student.train.lr"
                            << "0"
                            << "student.train.lr"
                            << "0 is outside (0, 100]";
        if (engine::resolveDevice("auto") == "cpu")
            QTest::newRow("cuda absent") << "device"
                                         << "CUDA"
                                         << "device"
                                         << "no CUDA device is available";
    }

    void badValuesShowTheirReason()
    {
        QFETCH(QString, path);
        QFETCH(QString, value);
        QFETCH(QString, errorPath);
        QFETCH(QString, expected);
        ui::ExperimentForm form;
        ready(form);
        if (auto *line = form.findChild<QLineEdit *>(path))
            line->setText(value);
        else if (auto *spin = form.findChild<QDoubleSpinBox *>(path))
            spin->setValue(value.toDouble());
        else if (auto *combo = form.findChild<QComboBox *>(path))
            combo->setCurrentText(value);
        else
            QFAIL("no such field");
        form.validateNow();
        QTRY_VERIFY_WITH_TIMEOUT(!form.summaryText().contains("Reading the dataset"), 20000);
        QVERIFY2(form.fieldError(errorPath).contains(expected),
                 qPrintable(form.fieldError(errorPath)));
        QVERIFY(!form.queueAction()->isEnabled());
        QVERIFY(form.summaryText().contains("problem"));
    }

    void methodSettingsFollowTheMethod()
    {
        ui::ExperimentForm form;
        ready(form);
        auto *method = widget<QComboBox>(form, "pruning.method");
        auto *direction = widget<QComboBox>(form, "pruning.direction");
        QVERIFY(!direction->isEnabled()); // random keeps no end of a score
        method->setCurrentIndex(method->findData("el2n"));
        auto *proxies = widget<QSpinBox>(form, "pruning.settings.proxies");
        QCOMPARE(proxies->value(), 3);
        QVERIFY(direction->isEnabled());
        proxies->setValue(2);
        direction->setCurrentIndex(direction->findData("easiest"));
        widget<QSpinBox>(form, "pruning.proxy")->setValue(40);
        form.validateNow();
        QVERIFY2(form.problems().isEmpty(), qPrintable(form.problems().join("; ")));
        auto spec = nlohmann::json::parse(form.specJson().toStdString());
        QCOMPARE(spec["pruning"]["settings"]["proxies"].get<int>(), 2);
        QCOMPARE(spec["pruning"]["direction"].get<std::string>(), std::string("easiest"));
        QCOMPARE(spec["pruning"]["proxy"]["train"]["steps"].get<int>(), 40);

        // A checkpoint past the proxy's training is refused under the settings.
        widget<QComboBox>(form, "pruning.settings.checkpoint_unit")->setCurrentIndex(1); // steps
        widget<QDoubleSpinBox>(form, "pruning.settings.checkpoint")->setValue(50);
        form.validateNow();
        QVERIFY2(
            form.fieldError("pruning.settings").contains("beyond the proxy's 40 training steps"),
            qPrintable(form.problems().join("; ")));

        // Moderate reads the teacher's embedding: the teacher stays in the spec at α = 0.
        method->setCurrentIndex(method->findData("moderate"));
        widget<QLineEdit>(form, "distillation.alphas")->setText("0");
        form.validateNow();
        QVERIFY2(form.problems().isEmpty(), qPrintable(form.problems().join("; ")));
        spec = nlohmann::json::parse(form.specJson().toStdString());
        QVERIFY(spec.contains("teacher"));
        QVERIFY(!widget<QSpinBox>(form, "pruning.proxy")->isEnabled());
        QVERIFY(widget<QComboBox>(form, "teacher.model")->isEnabled());

        // CCS shows its base score's settings too.
        method->setCurrentIndex(method->findData("ccs"));
        QVERIFY(form.findChild<QDoubleSpinBox *>("pruning.settings.beta"));
        auto *score = widget<QComboBox>(form, "pruning.settings.score");
        score->setCurrentIndex(score->findData("el2n"));
        QTRY_VERIFY(form.findChild<QSpinBox *>("pruning.settings.proxies"));
        QVERIFY(!direction->isEnabled());
    }

    void tauIsDisabledWithoutDistillation()
    {
        ui::ExperimentForm form;
        ready(form);
        widget<QLineEdit>(form, "distillation.alphas")->setText("0");
        form.validateNow();
        auto *tau = widget<QDoubleSpinBox>(form, "distillation.tau");
        QVERIFY(!tau->isEnabled());
        QVERIFY(tau->toolTip().contains("No effect when every α = 0"));
        QVERIFY(form.problems().isEmpty()); // α = 0 alone needs no teacher
    }

    void scheduleFromTheHeatMap()
    {
        ui::ExperimentForm form;
        ready(form);
        form.setSchedule({ { 0.02, 0.9 }, { 0.3, 0.4 } });
        QVERIFY2(form.problems().isEmpty(), qPrintable(form.problems().join("; ")));
        const auto spec = nlohmann::json::parse(form.specJson().toStdString());
        QCOMPARE(spec["distillation"]["alpha_schedule"].size(), size_t(2));
        QCOMPARE(spec["distillation"]["alphas"],
                 nlohmann::json::array({ 0.0 })); // with the α = 0 baseline
    }

    void importedTeacherShowsItsOwnFields()
    {
        // Inside a resizable scroll area, as in the window: rows shown later must get room.
        QScrollArea scroll;
        auto *formPtr = new ui::ExperimentForm;
        ui::ExperimentForm &form = *formPtr;
        scroll.setWidget(formPtr);
        scroll.setWidgetResizable(true);
        scroll.resize(500, 700);
        scroll.show();
        ready(form);
        auto *file = widget<QLineEdit>(form, "teacher.file");
        auto *architecture = widget<QComboBox>(form, "teacher.model");
        QVERIFY(!file->isEnabled());
        QVERIFY(architecture->isEnabled());
        auto spec = nlohmann::json::parse(form.specJson().toStdString());
        const std::string missing = m_tmp.filePath("nowhere.pt").toStdString();
        spec["teacher"]
            = { { "file", missing }, { "input", { { "mean", { 0.5 } }, { "std", { 0.25 } } } } };
        form.loadSpec(QString::fromStdString(spec.dump()));
        form.validateNow();
        QVERIFY(file->isEnabled());
        QVERIFY(!architecture->isEnabled());
        QVERIFY(architecture->toolTip().contains("imported"));
        QTRY_VERIFY2(file->height() > 0, qPrintable(QString::number(file->height())));
        QCOMPARE(file->text().toStdString(), missing);
        QCOMPARE(widget<QLineEdit>(form, "teacher.input.mean")->text(), QString("0.5"));
        QVERIFY2(form.fieldError("teacher.file").contains("does not exist"),
                 qPrintable(form.fieldError("teacher.file")));
        QVERIFY(!form.queueAction()->isEnabled());
        // The spec the form writes is the imported teacher, with no trained-teacher fields left.
        const auto written = nlohmann::json::parse(form.specJson().toStdString());
        QCOMPARE(written["teacher"]["file"].get<std::string>(), missing);
        QVERIFY(!written["teacher"].contains("train"));
        // Back to a teacher trained here.
        widget<QComboBox>(form, "teacher.source")->setCurrentIndex(0);
        form.validateNow();
        QVERIFY(architecture->isEnabled());
        QVERIFY(!file->isEnabled());
        QVERIFY(!nlohmann::json::parse(form.specJson().toStdString())["teacher"].contains("file"));
    }

    void imageFolderOptionsAppearForImageFolders()
    {
        ui::ExperimentForm form;
        form.show();
        ready(form);
        auto *size = widget<QSpinBox>(form, "dataset.image_size");
        QVERIFY(!size->isEnabled());
        widget<QComboBox>(form, "dataset.format")->setCurrentIndex(5); // imagefolder
        form.validateNow();
        QVERIFY(size->isEnabled());
        size->setValue(48);
        const auto spec = nlohmann::json::parse(form.specJson().toStdString());
        QCOMPARE(spec["dataset"]["image_size"].get<int>(), 48);
    }

    void anErrorWaitsForAPauseInTyping()
    {
        // Typing "0.5, 1.5" into the fractions: the error under the field appears when typing
        // pauses, not between keystrokes (each appearance moved every field below it); the
        // action bar knows the problem at once.
        ui::ExperimentForm form;
        form.show();
        ready(form);
        form.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&form));
        auto *fractions = widget<QLineEdit>(form, "pruning.fractions");
        fractions->setFocus();
        fractions->selectAll();
        QTest::keyClicks(fractions, "0.5, 1.5");
        form.validateNow();
        const auto shownError = [&] {
            for (QLabel *label : form.findChildren<QLabel *>())
                if (label->isVisible() && label->text().contains("1.5")
                    && label->objectName() != "firstProblem")
                    return true;
            return false;
        };
        QVERIFY(!form.problems().isEmpty());
        QVERIFY(!shownError());
        QTRY_VERIFY_WITH_TIMEOUT(shownError(), 3000);
        // Fixed: gone at once.
        fractions->selectAll();
        QTest::keyClicks(fractions, "0.5");
        form.validateNow();
        QVERIFY(!shownError());
        QVERIFY(form.problems().isEmpty());
    }

    void greyImageFoldersAreReadAsGrey()
    {
        // A folder of grey pictures (stored as RGB PNG): the form proposes grey; a choice made
        // by the user is kept.
        const std::filesystem::path root = m_tmp.filePath("grey-folder").toStdString();
        engine::DecodedImage image { 10, 10, 3, std::vector<uint8_t>(300, 120) };
        for (const char *split : { "train", "test" })
            for (const char *cls : { "a", "b" }) {
                std::filesystem::create_directories(root / split / cls);
                for (int i = 0; i < 2; ++i)
                    engine::writePngFile(root / split / cls / (std::to_string(i) + ".png"), image);
            }
        ui::ExperimentForm form;
        form.show();
        ready(form);
        auto *channels = widget<QComboBox>(form, "dataset.channels");
        QCOMPARE(channels->currentData().toInt(), 3);
        widget<QLineEdit>(form, "dataset")->setText(QString::fromStdString(root.string()));
        form.validateNow();
        QTRY_COMPARE_WITH_TIMEOUT(channels->currentData().toInt(), 1, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!form.summaryText().contains("Reading the dataset"), 20000);
        QCOMPARE(
            nlohmann::json::parse(form.specJson().toStdString())["dataset"]["channels"].get<int>(),
            1);
        // Read as grey: the dataset's echo gives one channel.
        bool oneChannel = false;
        for (QLabel *label : form.findChildren<QLabel *>())
            oneChannel |= label->text().contains(QString::fromUtf8("1×32×32"));
        QVERIFY2(oneChannel, qPrintable(form.problems().join("; ")));
        // Chosen by hand: RGB stays.
        channels->setCurrentIndex(0);
        Q_EMIT channels->activated(0);
        form.validateNow();
        QTRY_VERIFY_WITH_TIMEOUT(!form.summaryText().contains("Reading the dataset"), 20000);
        QCOMPARE(channels->currentData().toInt(), 3);
    }

    void injectionIsWrittenAndReadBack()
    {
        ui::ExperimentForm form;
        ready(form);
        // Nothing injected by default: the spec does not mention it.
        QVERIFY(
            !nlohmann::json::parse(form.specJson().toStdString())["dataset"].contains("inject"));
        widget<QDoubleSpinBox>(form, "dataset.inject.label_noise")->setValue(10);
        widget<QDoubleSpinBox>(form, "dataset.inject.corrupt_each")->setValue(2);
        auto spec = nlohmann::json::parse(form.specJson().toStdString());
        QCOMPARE(spec["dataset"]["inject"]["label_noise"].get<double>(), 0.1);
        QCOMPARE(spec["dataset"]["inject"]["corrupt_each"].get<double>(), 0.02);
        QVERIFY(spec["dataset"]["inject"]["corruptions"].empty()); // all kinds
        const auto parsed = engine::parseSpec(spec.dump());
        QVERIFY2(parsed.problems.empty(), engine::formatProblems(parsed.problems).c_str());
        QCOMPARE(parsed.spec.injection.labelNoise, 0.1);
        // A preset with chosen kinds and pair flips comes back as written.
        spec["dataset"]["inject"] = { { "label_noise", 0.2 },
                                      { "label_mode", "pairs" },
                                      { "corrupt_each", 0.01 },
                                      { "corruptions", { "blur", "noise" } },
                                      { "seed", 5 } };
        form.loadSpec(QString::fromStdString(spec.dump()));
        const auto back = nlohmann::json::parse(form.specJson().toStdString());
        QCOMPARE(back["dataset"]["inject"], spec["dataset"]["inject"]);
    }

    void presetRoundTrips()
    {
        ui::ExperimentForm form;
        ready(form);
        const QString before = form.specJson();
        auto spec = nlohmann::json::parse(before.toStdString());
        spec["teacher"]["train"]["lr"] = 0.05; // a field the form does not show
        form.loadSpec(QString::fromStdString(spec.dump()));
        const auto after = nlohmann::json::parse(form.specJson().toStdString());
        QCOMPARE(after["teacher"]["train"]["lr"].get<double>(), 0.05);
        QVERIFY(form.commandLine("/tmp/ws.db")
                    .startsWith("prunescope-cli run /dev/stdin --store '/tmp/ws.db'"));
    }

    void teacherBrowseFollowsItsFieldWithTheReason()
    {
        ui::ExperimentForm form;
        ready(form);
        auto *browse = form.findChild<QToolButton *>("teacher.browse");
        QVERIFY(browse);
        widget<QLineEdit>(form, "distillation.alphas")->setText("0");
        form.validateNow();
        QVERIFY(!browse->isEnabled());
        QVERIFY(browse->toolTip().contains("No effect when every α = 0"));
        widget<QLineEdit>(form, "distillation.alphas")->setText("0, 0.5");
        form.validateNow();
        QVERIFY(!browse->isEnabled()); // the teacher is trained here
        QVERIFY(browse->toolTip().contains("trained here"));
    }

    void slurmOptionSaysWhySbatchIsMissing()
    {
        // A PATH without sbatch: the choice is disabled and says why, instead of failing later.
        QTemporaryDir emptyBin;
        const QByteArray path = qgetenv("PATH");
        qputenv("PATH", QFile::encodeName(emptyBin.path()));
        ui::ExperimentForm form;
        ui::ClusterTargetBox *target = form.clusterTarget();
        target->recheck();
        qputenv("PATH", path);
        QVERIFY2(target->unavailableReason().startsWith("sbatch is not on the PATH"),
                 qPrintable(target->unavailableReason()));
        auto *runOn = target->findChild<QComboBox *>("runOn");
        QVERIFY(runOn);
        QCOMPARE(runOn->itemText(1), QString("Slurm cluster (sbatch not found)"));
        QVERIFY(runOn->itemData(1, Qt::ToolTipRole).toString().contains("sbatch is not on the"));
        target->setCluster(true);
        QVERIFY(!target->onCluster());
        QCOMPARE(form.queueAction()->text(), QString("Queue runs"));
        bool said = false;
        for (auto *label : target->findChildren<QLabel *>())
            said = said || label->text().contains("sbatch is not on the PATH");
        QVERIFY(said);
    }

    void slurmFieldsAreCheckedBeforeSubmitting()
    {
        QCOMPARE(ui::slurmTimeProblem(""), QString());
        for (const char *ok : { "90", "30:00", "4:00:00", "1-12", "1-12:00", "2-00:00:00" })
            QVERIFY2(ui::slurmTimeProblem(ok).isEmpty(), ok);
        for (const char *bad : { "4h", "1:2:3:4", "-5", "1-", "10 min" })
            QVERIFY2(ui::slurmTimeProblem(bad).contains("is not a Slurm time limit"), bad);
        if (!ui::ClusterTargetBox().unavailableReason().isEmpty())
            QSKIP("sbatch is not on the PATH here: the cluster fields cannot be chosen");
        ui::ExperimentForm form;
        ready(form);
        ui::ClusterTargetBox *target = form.clusterTarget();
        target->setCluster(true);
        target->setFields("gpu", 2, "4h", 3);
        form.validateNow();
        QVERIFY(!form.queueAction()->isEnabled());
        QVERIFY(target->problems().join(" ").contains("Time limit: “4h” is not a Slurm time"));
        target->setFields("gpu; rm -rf", 2, "4:00:00", 3);
        form.validateNow();
        QVERIFY(!form.queueAction()->isEnabled());
        QVERIFY(
            target->problems().join(" ").contains("Partition: “gpu; rm -rf” is not a partition"));
        target->setFields("gpu", 2, "4:00:00", 3);
        form.validateNow();
        QVERIFY(form.queueAction()->isEnabled());
        QCOMPARE(form.queueAction()->text(), QString("Submit to Slurm"));
        QCOMPARE(target->resources().gres, std::string("gpu:2"));
        QCOMPARE(target->resources().partition, std::string("gpu"));
        QCOMPARE(target->runsPerTask(), 3);
        QSignalSpy local(&form, &ui::ExperimentForm::queueRequested);
        QSignalSpy slurm(&form, &ui::ExperimentForm::clusterSubmitRequested);
        form.queueAction()->trigger();
        QCOMPARE(slurm.count(), 1);
        QCOMPARE(local.count(), 0);
        // What was submitted is where the next session's box starts, on this computer.
        ui::ClusterTargetBox next;
        QVERIFY(!next.onCluster());
        next.setCluster(true);
        QCOMPARE(next.resources().partition, std::string("gpu"));
        QCOMPARE(next.resources().gres, std::string("gpu:2"));
        QCOMPARE(next.resources().time, std::string("4:00:00"));
        QCOMPARE(next.runsPerTask(), 3);
    }

    void handEditedSlurmFieldsAreNamedNotClamped()
    {
        QSettings settings;
        settings.setValue("slurm/partition", "gpu");
        settings.setValue("slurm/gpus", "40");
        settings.setValue("slurm/runsPerTask", "three");
        settings.sync();
        ui::ClusterTargetBox box;
        const QString said = box.restoreProblems().join("\n");
        QVERIFY2(said.contains("GPUs per task “40” in " + settings.fileName()
                               + " (slurm/gpus) is not a whole number from 0 to 16; the field "
                                 "starts at 0."),
                 qPrintable(said));
        QVERIFY2(said.contains("Runs per task “three”"), qPrintable(said));
        QCOMPARE(box.restoreProblems().size(), 2);
        QCOMPARE(box.resources().gres, std::string()); // 0 GPUs, not 16
        QCOMPARE(box.resources().partition, std::string("gpu")); // the usable field is kept
        QCOMPARE(box.runsPerTask(), 1);
        settings.setValue("slurm/gpus", 2);
        settings.setValue("slurm/runsPerTask", 4);
        settings.sync();
        QVERIFY(ui::ClusterTargetBox().restoreProblems().isEmpty());
        if (box.unavailableReason().isEmpty()) {
            box.setCluster(true);
            bool shown = false;
            for (auto *label : box.findChildren<QLabel *>())
                shown = shown || label->text().contains("GPUs per task “40”");
            QVERIFY(shown);
        }
        settings.remove("slurm");
    }
};

QTEST_MAIN(TestExperimentForm)
#include "tst_experiment_form.moc"
