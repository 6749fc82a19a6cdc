// The Samples tab on a hand-made report (40 tiny images, a few flags, two runs): filters and their
// counts, sorting, thresholds, CSV export, the detail pane and thumbnails. Nothing is trained.
#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFile>
#include <QGroupBox>
#include <QLabel>
#include <QListView>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

#include "engine/data/dataset.h"
#include "engine/experiment/quality_assessment.h"
#include "storage/flag_sets.h"
#include "storage/store.h"
#include "tests/support/fixtures.h"
#include "ui/quality/quality_compute_bar.h"
#include "ui/quality/quality_worker.h"
#include "ui/quality/retained_noise_chart.h"
#include "ui/quality/retained_noise_data.h"
#include "ui/samples/flag_threshold_box.h"
#include "ui/samples/noise_matrix_view.h"
#include "ui/samples/sample_detail_pane.h"
#include "ui/samples/sample_filter.h"
#include "ui/samples/sample_filter_panel.h"
#include "ui/samples/sample_grid_model.h"
#include "ui/samples/sample_table.h"
#include "ui/samples/samples_panel.h"

#include <nlohmann/json.hpp>
#include <set>
#include <torch/torch.h>

namespace {

constexpr int64_t kN = 40;
constexpr int kClasses = 4;
// Samples whose given label the out-of-sample model contradicts (label issues), their
// confident classes, dark images and an exact duplicate pair.
const std::vector<int64_t> kMislabelled { 1, 6, 11 };
const std::vector<int64_t> kDark { 5, 9 };
constexpr int64_t kAlmostDark = 13; // score 0.55: flagged only at a threshold below the default

int flagId(engine::Flag f)
{
    return int(f);
}

// filter: the fixture's label issues are the confident joint's off-diagonal samples, exactly
// the three mislabelled ones; the default (lowest_quality, m + √m) adds two clean ones
// (labelIssuePickAndRankingAreChosenInTheSidebar).
std::shared_ptr<engine::QualityReport> makeReport(bool withTruth = true,
                                                  engine::LabelFilter filter
                                                  = engine::LabelFilter::ConfidentLearning)
{
    auto data = std::make_shared<engine::Dataset>();
    data->info.name = "tiny";
    data->info.classNames = { "zero", "one", "two", "three" };
    auto images = torch::zeros({ kN, 1, 8, 8 }, torch::kUInt8);
    auto px = images.accessor<uint8_t, 4>();
    for (int64_t i = 0; i < kN; ++i)
        for (int y = 0; y < 8; ++y)
            for (int x = 0; x < 8; ++x)
                px[i][0][y][x] = uint8_t((i * 37 + x * 29 + y * 13 + x * y * 7) % 256);
    images[20].copy_(images[21]);
    auto labels = torch::arange(kN, torch::kInt64).remainder(kClasses);
    data->train.images = images;
    data->train.labels = labels;

    auto oos = torch::full({ kN, kClasses }, 0.1f / 3);
    for (int64_t i = 0; i < kN; ++i)
        oos[i][labels[i].item<int64_t>()] = 0.9f;
    for (int64_t i : kMislabelled) {
        const int64_t given = i % kClasses;
        oos[i].fill_(0.02f);
        oos[i][(given + 1) % kClasses] = 0.94f;
    }

    auto report = std::make_shared<engine::QualityReport>();
    engine::SampleQuality &q = report->quality;
    q.count = kN;
    q.numClasses = kClasses;
    q.classNames = data->info.classNames;
    q.labels = labels;
    q.oosProbabilities = oos.contiguous();
    q.labelIssues = engine::findLabelIssues(q.oosProbabilities, labels,
                                            { filter, engine::LabelRanking::NoisePosterior });
    q.image = engine::measureImageQuality(images);
    q.nearest = engine::findNearDuplicates(images, q.image);
    q.scores.resize(engine::allFlags().size());
    q.scores[size_t(engine::Flag::LabelIssue)]
        = (1 - oos.gather(1, labels.unsqueeze(1)).squeeze(1)).contiguous();
    q.estimatedLabelErrors = q.labelIssues.likelyError.sum().item<int64_t>();
    auto dark = torch::full({ kN }, 0.05f);
    for (int64_t i : kDark)
        dark[i] = 0.9f;
    dark[kAlmostDark] = 0.55f;
    q.scores[size_t(engine::Flag::Dark)] = dark;
    for (engine::Flag f : { engine::Flag::Light, engine::Flag::Blurry, engine::Flag::Noisy,
                            engine::Flag::LowInformation, engine::Flag::NearDuplicate })
        q.scores[size_t(f)] = torch::zeros({ kN });
    auto duplicate = torch::zeros({ kN });
    duplicate[20] = 1.0f;
    duplicate[21] = 1.0f;
    q.scores[size_t(engine::Flag::ExactDuplicate)] = duplicate;

    if (withTruth) {
        engine::InjectionTruth &t = report->truth;
        t.originalLabels = labels.clone();
        t.labelFlipped = torch::zeros({ kN }, torch::kBool);
        for (int64_t i : kMislabelled) {
            t.originalLabels[i] = (i % kClasses + 1) % kClasses;
            t.labelFlipped[i] = true;
        }
        t.corruption = torch::full({ kN }, int64_t(-1), torch::kInt64);
        t.source = torch::full({ kN }, int64_t(-1), torch::kInt64);
        for (int64_t i : kDark)
            t.corruption[i] = int64_t(engine::Corruption::Darken);
        t.corruption[20] = int64_t(engine::Corruption::Duplicate);
        t.source[20] = 21;
    }

    engine::KeptSet even { 11, "el2n · f=0.5 · α=0 · seed 0", "el2n", 0.5, 0, 0, {} };
    engine::KeptSet first { 12, "random · f=0.5 · α=0 · seed 0", "random", 0.5, 0, 0, {} };
    for (int64_t i = 0; i < kN; ++i) {
        if (i % 2 == 0)
            even.kept.push_back(i);
        if (i < kN / 2)
            first.kept.push_back(i);
    }
    report->runs = { even, first };
    engine::StoredScore el2n { "el2n", true, {} };
    for (int64_t i = 0; i < kN; ++i)
        el2n.values.push_back(double(i) / 10);
    report->scores = { el2n };
    report->teacherNote = "no teacher for this data in the workspace";
    report->oosNote = "hand-made probabilities";
    report->data = data;
    return report;
}

int columnByKey(const ui::SampleTable &t, const QString &key)
{
    for (size_t c = 0; c < t.columns().size(); ++c)
        if (t.columns()[c].key == key)
            return int(c);
    return -1;
}

std::vector<int64_t> samplesShown(const ui::SampleGridModel &m)
{
    return m.order();
}

QList<QStringList> readCsv(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    QList<QStringList> rows;
    for (const QByteArray &line : file.readAll().split('\n'))
        if (!line.trimmed().isEmpty())
            rows << QString::fromUtf8(line.trimmed()).split(',');
    return rows;
}

} // namespace

class TestSampleBrowser : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void tableFlattensTheReport()
    {
        ui::SampleTable t(makeReport());
        QCOMPARE(t.size(), kN);
        QCOMPARE(t.numClasses(), kClasses);
        QCOMPARE(t.className(3), QString("three"));
        QVERIFY(t.flags()[size_t(flagId(engine::Flag::LabelIssue))].available);
        const auto &teacher = t.flags()[size_t(flagId(engine::Flag::TeacherDisagrees))];
        QVERIFY(!teacher.available);
        QCOMPARE(teacher.unavailableReason, QString("no teacher for this data in the workspace"));
        QCOMPARE(t.flaggedCount(flagId(engine::Flag::LabelIssue)), 3);
        QCOMPARE(t.flaggedCount(flagId(engine::Flag::Dark)), 2);
        QCOMPARE(t.flaggedCount(flagId(engine::Flag::ExactDuplicate)), 2);
        for (int64_t i : kMislabelled) {
            QVERIFY(t.flagged(flagId(engine::Flag::LabelIssue), i));
            QCOMPARE(t.suggestedLabel(i), int((i % kClasses + 1) % kClasses));
            QVERIFY(t.labelFlipped(i));
        }
        QCOMPARE(t.corruption(5), QString("darken"));
        QVERIFY(t.corruption(4).isEmpty());
        // Every flag score, the stored pruning score and the self-confidence are columns.
        QVERIFY(columnByKey(t, "score_dark") >= 0);
        QVERIFY(columnByKey(t, "score_el2n") >= 0);
        QVERIFY(columnByKey(t, "self_confidence") >= 0);
        QCOMPARE(columnByKey(t, "score_teacher_disagrees"), -1);
        const QImage image = t.images().image(7);
        QCOMPARE(image.size(), QSize(8, 8));
        QCOMPARE(image.format(), QImage::Format_Grayscale8);
        QCOMPARE(qGray(image.pixel(3, 2)), (7 * 37 + 3 * 29 + 2 * 13 + 3 * 2 * 7) % 256);
        // Enlarged by a whole factor only, so pixels stay equal squares.
        QCOMPARE(t.images().thumbnail(7, 60).size(), QSize(56, 56));
    }

    void filtersCountEachFacetUnderTheOthers()
    {
        ui::SampleTable t(makeReport());
        ui::SampleFilter f;
        auto all = ui::applyFilter(t, f);
        QCOMPARE(int64_t(all.order.size()), kN);
        QCOMPARE(all.classCounts, (std::vector<int64_t> { 10, 10, 10, 10 }));
        QCOMPARE(all.anyFlag, 7); // 3 label issues, 2 dark, 2 duplicates
        QCOMPARE(all.flagCounts[size_t(flagId(engine::Flag::Dark))], 2);

        f.classes = { 1 };
        auto one = ui::applyFilter(t, f);
        QCOMPARE(int64_t(one.order.size()), 10);
        for (int64_t i : one.order)
            QCOMPARE(t.label(i), 1);
        // Class counts ignore the class filter itself; flag counts respect it.
        QCOMPARE(one.classCounts, all.classCounts);
        QCOMPARE(one.anyFlag, 4); // 1 (label issue), 5 and 9 (dark), 21 (duplicate)
        QCOMPARE(one.flagCounts[size_t(flagId(engine::Flag::LabelIssue))], 1);

        f = {};
        f.flags = { flagId(engine::Flag::Dark) };
        QCOMPARE(ui::applyFilter(t, f).order, kDark);
        f.flags.clear();
        f.anyFlag = true;
        QCOMPARE(ui::applyFilter(t, f).order, (std::vector<int64_t> { 1, 5, 6, 9, 11, 20, 21 }));

        f = {};
        f.run = 0; // el2n keeps the even samples
        f.membership = ui::SampleFilter::Kept;
        auto kept = ui::applyFilter(t, f);
        QCOMPARE(int64_t(kept.order.size()), kN / 2);
        QCOMPARE(kept.kept, kN / 2);
        QCOMPARE(kept.pruned, kN / 2);
        QCOMPARE(kept.classCounts, (std::vector<int64_t> { 10, 0, 10, 0 }));
        QCOMPARE(kept.anyFlag, 2); // 6 (label issue), 20 (duplicate)
        f.membership = ui::SampleFilter::Pruned;
        f.classes = { 1 };
        QCOMPARE(int64_t(ui::applyFilter(t, f).order.size()), 10);
        QCOMPARE(f.activeCount(), 2);

        f = {};
        f.scoreColumn = columnByKey(t, "score_el2n");
        f.scoreMin = 1.0;
        f.scoreMax = 1.5;
        auto range = ui::applyFilter(t, f);
        QCOMPARE(range.order, (std::vector<int64_t> { 10, 11, 12, 13, 14, 15 }));
        QCOMPARE(range.inRange, 6);
    }

    void sortsByAScoreColumn()
    {
        ui::SampleTable t(makeReport());
        ui::SampleFilter f;
        f.sortColumn = columnByKey(t, "score_el2n");
        f.descending = true;
        auto byEl2n = ui::applyFilter(t, f);
        QCOMPARE(byEl2n.order.front(), kN - 1);
        QCOMPARE(byEl2n.order.back(), 0);
        f.sortColumn = columnByKey(t, "score_dark");
        auto byDark = ui::applyFilter(t, f);
        QCOMPARE(std::vector<int64_t>(byDark.order.begin(), byDark.order.begin() + 3),
                 (std::vector<int64_t> { 5, 9, kAlmostDark }));
        f.descending = false;
        f.sortColumn = columnByKey(t, "self_confidence");
        // The mislabelled samples have the lowest probability for their given label.
        auto bySelf = ui::applyFilter(t, f);
        QCOMPARE(std::vector<int64_t>(bySelf.order.begin(), bySelf.order.begin() + 3),
                 kMislabelled);
    }

    void modelBehavesAndThumbnailsArrive()
    {
        ui::SampleGridModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto table = std::make_shared<ui::SampleTable>(makeReport());
        model.setTable(table);
        model.setThumbnailSize(32, 1.0);
        model.setOrder(ui::applyFilter(*table, {}).order);
        QCOMPARE(model.rowCount(), int(kN));
        QCOMPARE(model.index(5).data(ui::SampleGridModel::FlagsRole).toStringList(),
                 QStringList { "dark" });
        QCOMPARE(model.index(5).data(ui::SampleGridModel::LabelRole).toString(), QString("one"));
        QCOMPARE(model.index(5).data(ui::SampleGridModel::KeptRole).toInt(), -1);
        model.setRun(0);
        QCOMPARE(model.index(5).data(ui::SampleGridModel::KeptRole).toInt(), 0);
        QCOMPARE(model.index(6).data(ui::SampleGridModel::KeptRole).toInt(), 1);

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(model.index(3).data(Qt::DecorationRole).isNull()); // asks for it
        QTRY_VERIFY_WITH_TIMEOUT(!changed.isEmpty(), 3000);
        const QPixmap thumb = qvariant_cast<QPixmap>(model.index(3).data(Qt::DecorationRole));
        QCOMPARE(thumb.size(), QSize(32, 32));
        QCOMPARE(qGray(thumb.toImage().pixel(4 * 3 + 1, 4 * 2 + 1)),
                 (3 * 37 + 3 * 29 + 2 * 13 + 3 * 2 * 7) % 256);
        // At twice the pixel ratio, twice the pixels in the same logical size.
        changed.clear();
        model.setThumbnailSize(32, 2.0);
        QVERIFY(model.index(3).data(Qt::DecorationRole).isNull());
        QTRY_VERIFY_WITH_TIMEOUT(
            !qvariant_cast<QPixmap>(model.index(3).data(Qt::DecorationRole)).isNull(), 3000);
        const QPixmap sharp = qvariant_cast<QPixmap>(model.index(3).data(Qt::DecorationRole));
        QCOMPARE(sharp.size(), QSize(64, 64));
        QCOMPARE(sharp.deviceIndependentSize(), QSizeF(32, 32));
    }

    void thresholdsApplyWhenTypingEnds()
    {
        ui::SamplesPanel panel;
        panel.show();
        panel.setTable(std::make_shared<ui::SampleTable>(makeReport()), "tiny · test");
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QDoubleSpinBox *dark = panel.thresholdBox()->editor(flagId(engine::Flag::Dark));
        QSignalSpy changed(panel.thresholdBox(), &ui::FlagThresholdBox::thresholdChanged);
        dark->setFocus();
        QTRY_VERIFY(dark->hasFocus());
        dark->selectAll();
        QTest::keyClicks(dark, "0.5");
        QCOMPARE(changed.size(), 0); // "0", "0.", "0.5" applied nothing
        QCOMPARE(panel.filterPanel()->flagList()->item(1 + flagId(engine::Flag::Dark))->text(),
                 QString("Dark (2)"));
        QTest::keyClick(dark, Qt::Key_Return);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.front().at(1).toDouble(), 0.5);
        // Samples 5 and 9 (0.9) and the almost dark 13 (0.55) now.
        QCOMPARE(panel.filterPanel()->flagList()->item(1 + flagId(engine::Flag::Dark))->text(),
                 QString("Dark (3)"));
    }

    void noiseMatrixCellsFilterTheGrid()
    {
        ui::SamplesPanel panel;
        panel.resize(1200, 800);
        panel.show();
        panel.setTable(std::make_shared<ui::SampleTable>(makeReport()), "tiny · test");
        auto *filters = panel.filterPanel();
        ui::NoiseMatrixView *matrix = filters->noiseMatrix();
        QVERIFY(matrix->hasMatrix());
        QVERIFY(filters->noiseBox()->isVisible());
        // Samples 1, 6 and 11 (given one, two, three) put 0.94 on the next class.
        QCOMPARE(matrix->count(1, 2), int64_t(1));
        QCOMPARE(matrix->count(2, 3), int64_t(1));
        QCOMPARE(matrix->count(3, 0), int64_t(1));
        QCOMPARE(matrix->count(1, 1), int64_t(9));
        QCOMPARE(matrix->count(0, 1), int64_t(0));
        QVERIFY(filters->noiseBox()->findChild<QLabel *>()->text().contains(
            "An estimated 3 wrong labels; the label-issue flag picks 3"));

        QTest::mouseClick(matrix, Qt::LeftButton, {}, matrix->cellRect(2, 3).center());
        QCOMPARE(matrix->given(), 2);
        QCOMPARE(matrix->likely(), 3);
        QCOMPARE(panel.gridModel()->rowCount(), 1);
        QCOMPARE(panel.gridModel()->sampleAt(0), int64_t(6));
        QCOMPARE(filters->clearButton()->text(), QString::fromUtf8("1 filter · Clear"));
        const QString caption = filters->noiseBox()->findChild<QLabel *>()->text();
        QVERIFY2(caption.contains("Given two, likely three: the label-issue flag takes 1 of the 1 "
                                  "estimated"),
                 qPrintable(caption));
        // A cell without label issues shows none; the same cell again, or the diagonal, clears.
        QTest::mouseClick(matrix, Qt::LeftButton, {}, matrix->cellRect(0, 1).center());
        QCOMPARE(panel.gridModel()->rowCount(), 0);
        QTest::mouseClick(matrix, Qt::LeftButton, {}, matrix->cellRect(0, 1).center());
        QCOMPARE(matrix->given(), -1);
        QCOMPARE(panel.gridModel()->rowCount(), int(kN));
        QTest::mouseClick(matrix, Qt::LeftButton, {}, matrix->cellRect(3, 0).center());
        QCOMPARE(panel.gridModel()->rowCount(), 1);
        QTest::mouseClick(matrix, Qt::LeftButton, {}, matrix->cellRect(2, 2).center());
        QCOMPARE(panel.gridModel()->rowCount(), int(kN));
        // Clear resets a chosen cell with the other filters.
        QTest::mouseClick(matrix, Qt::LeftButton, {}, matrix->cellRect(1, 2).center());
        QCOMPARE(panel.gridModel()->rowCount(), 1);
        filters->clearButton()->click();
        QCOMPARE(matrix->given(), -1);
        QCOMPARE(panel.gridModel()->rowCount(), int(kN));
    }

    void labelIssuePickAndRankingAreChosenInTheSidebar()
    {
        QSettings().remove("samples");
        ui::SamplesPanel panel;
        panel.resize(1200, 800);
        panel.show();
        panel.setTable(
            std::make_shared<ui::SampleTable>(makeReport(true, engine::LabelFilter::LowestQuality)),
            "tiny · test");
        auto *filters = panel.filterPanel();
        QComboBox *pick = filters->labelFilterCombo();
        QComboBox *rank = filters->labelRankCombo();
        QVERIFY(pick->isVisible());
        QCOMPARE(pick->currentData().toInt(), int(engine::LabelFilter::LowestQuality));
        QCOMPARE(rank->currentData().toInt(), int(engine::LabelRanking::NoisePosterior));
        // The default takes the joint's 3 off-diagonal samples and √3 more: 4.73 → 5, the three
        // mislabelled first.
        QCOMPARE(panel.table()->flaggedCount(int(engine::Flag::LabelIssue)), 5);
        for (int64_t i : kMislabelled)
            QVERIFY(panel.table()->flagged(int(engine::Flag::LabelIssue), i));
        panel.table()->setThreshold(int(engine::Flag::Dark), 0.5);
        const ui::SampleTable *before = panel.table();

        // The user picks "Off-diagonal samples" and ranks by self-confidence.
        const int offDiagonal = pick->findData(int(engine::LabelFilter::ConfidentLearning));
        QVERIFY(offDiagonal >= 0);
        pick->setCurrentIndex(offDiagonal);
        Q_EMIT pick->activated(offDiagonal);
        QVERIFY(panel.table() != before);
        const int selfConfidence = rank->findData(int(engine::LabelRanking::SelfConfidence));
        rank->setCurrentIndex(selfConfidence);
        Q_EMIT rank->activated(selfConfidence);
        const auto &issues = panel.table()->report().quality.labelIssues;
        QCOMPARE(issues.options.filter, engine::LabelFilter::ConfidentLearning);
        QCOMPARE(issues.options.ranking, engine::LabelRanking::SelfConfidence);
        // Independently: the confident joint's off-diagonal samples of the same probabilities.
        const auto &q = panel.table()->report().quality;
        const auto p = q.oosProbabilities.to(torch::kDouble).contiguous();
        const engine::ClassProbabilities in { { p.data_ptr<double>(), size_t(p.numel()) },
                                              { q.labels.data_ptr<int64_t>(), size_t(q.count) },
                                              q.numClasses };
        const auto joint = engine::confidentJoint(in);
        std::vector<int64_t> expected, shown;
        for (int64_t i = 0; i < kN; ++i) {
            if (joint.confidentClass[size_t(i)] >= 0
                && joint.confidentClass[size_t(i)] != q.labels[i].item<int64_t>())
                expected.push_back(i);
            if (panel.table()->flagged(int(engine::Flag::LabelIssue), i))
                shown.push_back(i);
        }
        QCOMPARE(shown, expected);
        QCOMPARE(shown, (std::vector<int64_t>(kMislabelled.begin(), kMislabelled.end())));
        // The score column is now 1 − self-confidence; the threshold set before is kept.
        QVERIFY(std::abs(panel.table()->report().quality.score(engine::Flag::LabelIssue, 1)
                         - (1 - q.oosProbabilities[1][1].item<float>()))
                < 1e-6);
        QCOMPARE(panel.table()->threshold(int(engine::Flag::Dark)), 0.5);
        QCOMPARE(pick->currentData().toInt(), int(engine::LabelFilter::ConfidentLearning));
        QCOMPARE(QSettings().value("samples/labelFilter").toString(),
                 QString("confident_learning"));
        QCOMPARE(QSettings().value("samples/labelRank").toString(), QString("self_confidence"));

        // Flags computed later arrive with the choice applied.
        panel.showComputed(std::make_shared<ui::SampleTable>(makeReport()), "tiny · again");
        QCOMPARE(panel.table()->report().quality.labelIssues.options.filter,
                 engine::LabelFilter::ConfidentLearning);
        QCOMPARE(rank->currentData().toInt(), int(engine::LabelRanking::SelfConfidence));
        QSettings().remove("samples");
    }

    void panelFiltersThroughTheSidebar()
    {
        ui::SamplesPanel panel;
        panel.setTable(std::make_shared<ui::SampleTable>(makeReport()), "tiny · test");
        auto *model = panel.gridModel();
        auto *filters = panel.filterPanel();
        QCOMPARE(model->rowCount(), int(kN));
        QCOMPARE(panel.selectionLabel()->text(), QString("0 selected · 40 shown of 40"));
        QCOMPARE(panel.exportButton()->text(), QString::fromUtf8("Export 40 shown…"));

        QListWidget *classes = filters->classList();
        QCOMPARE(classes->item(2)->text(), QString("two (10)"));
        classes->item(2)->setCheckState(Qt::Checked);
        QCOMPARE(model->rowCount(), 10);
        QCOMPARE(filters->clearButton()->text(), QString::fromUtf8("1 filter · Clear"));
        // The flag counts now count class "two" only: sample 6 has a label issue.
        QListWidget *flags = filters->flagList();
        QCOMPARE(flags->item(0)->text(), QString("Any flag (1)"));
        // With the injection's truth the label flag also says how right it is, over all samples.
        QCOMPARE(flags->item(1 + flagId(engine::Flag::LabelIssue))->text(),
                 QString::fromUtf8("Label issue (1) · P 1.000 · R 1.000"));
        QVERIFY(!(flags->item(1 + flagId(engine::Flag::TeacherDisagrees))->flags()
                  & Qt::ItemIsEnabled));

        filters->runCombo()->setCurrentIndex(1); // el2n: even samples
        QVERIFY(filters->membershipButton(ui::SampleFilter::Kept)->isEnabled());
        QCOMPARE(filters->membershipButton(ui::SampleFilter::Kept)->text(), QString("Kept (10)"));
        filters->membershipButton(ui::SampleFilter::Pruned)->setChecked(true);
        QCOMPARE(model->rowCount(), 0); // class two is all even
        QCOMPARE(filters->clearButton()->text(), QString::fromUtf8("2 filters · Clear"));
        filters->clearButton()->click();
        QCOMPARE(model->rowCount(), int(kN));
        QCOMPARE(model->index(0).data(ui::SampleGridModel::KeptRole).toInt(), 1);

        flags->item(1 + flagId(engine::Flag::Dark))->setCheckState(Qt::Checked);
        QCOMPARE(samplesShown(*model), kDark);
        filters->clearFilters();

        // Sort by the stored pruning score, highest first.
        filters->sortCombo()->setCurrentIndex(
            filters->sortCombo()->findData(columnByKey(*panel.table(), "score_el2n")));
        filters->sortDirection()->setChecked(true);
        QCOMPARE(model->sampleAt(0), kN - 1);
        QCOMPARE(model->sampleAt(int(kN) - 1), 0);
    }

    void thresholdsReevaluateFlagsCountsAndChart()
    {
        ui::SamplesPanel panel;
        panel.setTable(std::make_shared<ui::SampleTable>(makeReport()));
        auto *table = panel.table();
        QListWidget *flags = panel.filterPanel()->flagList();
        const int dark = flagId(engine::Flag::Dark);
        QCOMPARE(flags->item(1 + dark)->text(), QString("Dark (2)"));
        const int row13 = panel.gridModel()->rowOf(kAlmostDark);
        QVERIFY(panel.gridModel()
                    ->index(row13)
                    .data(ui::SampleGridModel::FlagsRole)
                    .toStringList()
                    .isEmpty());

        panel.thresholdBox()->editor(dark)->setValue(0.5);
        QCOMPARE(table->flaggedCount(dark), 3);
        QCOMPARE(flags->item(1 + dark)->text(), QString("Dark (3)"));
        QCOMPARE(
            panel.gridModel()->index(row13).data(ui::SampleGridModel::FlagsRole).toStringList(),
            QStringList { "dark" });

        // Retained noise: el2n keeps sample 6 (label issue) of its 20, random keeps 1, 6 and 11
        // of its 20; the same shares as the storage function's.
        auto curves = panel.noiseChart()->curves();
        QCOMPARE(int(curves.size()), 2);
        QCOMPARE(curves[0].method, QString("el2n"));
        QCOMPARE(curves[0].fractionPercent, (std::vector<double> { 50.0 }));
        QCOMPARE(curves[0].flaggedPercent[0], 5.0);
        QCOMPARE(curves[1].flaggedPercent[0], 15.0);
        const auto &report = table->report();
        std::vector<engine::Flag> labelFlags { engine::Flag::LabelIssue };
        for (int r = 0; r < 2; ++r) {
            const auto stored = engine::retainedNoise(report.runs[size_t(r)], report, labelFlags,
                                                      table->thresholds());
            QCOMPARE(curves[size_t(r)].flaggedPercent[0], 100 * stored.flagged);
            QCOMPARE(curves[size_t(r)].trulyNoisyPercent[0], 100 * stored.trulyNoisy);
        }
        QCOMPARE(curves[0].trulyNoisyPercent[0], 10.0); // 6 flipped, 20 duplicate
        QCOMPARE(curves[1].trulyNoisyPercent[0], 25.0); // 1, 5, 6, 9, 11

        const int label = flagId(engine::Flag::LabelIssue);
        panel.thresholdBox()->editor(label)->setValue(0.99);
        QCOMPARE(table->flaggedCount(label), 0);
        QCOMPARE(panel.noiseChart()->curves()[1].flaggedPercent[0], 0.0);

        panel.thresholdBox()->findChild<QPushButton *>()->click(); // Restore defaults
        QCOMPARE(table->flaggedCount(label), 3);
        QCOMPARE(table->flaggedCount(dark), 2);
        QCOMPARE(panel.thresholdBox()->editor(dark)->value(),
                 engine::flagInfo(engine::Flag::Dark).defaultThreshold);
    }

    void exportsTheSelectionOrTheFilteredView()
    {
        ui::SamplesPanel panel;
        panel.setTable(std::make_shared<ui::SampleTable>(makeReport()));
        panel.filterPanel()->flagList()->item(0)->setCheckState(Qt::Checked); // any flag
        QCOMPARE(panel.exportButton()->text(), QString::fromUtf8("Export 7 shown…"));
        const QString path = m_tmp.filePath("shown.csv");
        QCOMPARE(panel.exportCsvTo(path), QString());
        const auto rows = readCsv(path);
        QCOMPARE(rows.size(), 1 + 7);
        const QStringList &header = rows[0];
        QCOMPARE(header.mid(0, 5),
                 (QStringList { "index", "given_label", "given_class", "suggested_label",
                                "suggested_class" }));
        for (const char *column :
             { "label_issue", "dark", "exact_duplicate", "score_label_issue", "score_el2n",
               "self_confidence", "label_flipped", "original_label", "corruption" })
            QVERIFY2(header.contains(column), column);
        auto cell = [&](int row, const char *column) {
            return rows[row][header.indexOf(column)];
        };
        QCOMPARE(cell(1, "index"), QString("1"));
        QCOMPARE(cell(1, "given_class"), QString("one"));
        QCOMPARE(cell(1, "suggested_label"), QString("2"));
        QCOMPARE(cell(1, "label_issue"), QString("1"));
        QCOMPARE(cell(1, "dark"), QString("0"));
        QCOMPARE(cell(1, "teacher_disagrees"), QString()); // not available
        QCOMPARE(cell(1, "label_flipped"), QString("1"));
        QCOMPARE(cell(1, "original_label"), QString("2"));
        QCOMPARE(cell(1, "score_el2n").toDouble(), 0.1);
        QCOMPARE(cell(2, "index"), QString("5"));
        QCOMPARE(cell(2, "dark"), QString("1"));
        QCOMPARE(cell(2, "corruption"), QString("darken"));
        QCOMPARE(cell(6, "index"), QString("20"));
        QCOMPARE(cell(6, "exact_duplicate"), QString("1"));

        // With a selection, the button and the file hold the selected samples only.
        auto *sel = panel.grid()->selectionModel();
        sel->select(panel.gridModel()->index(1), QItemSelectionModel::Select);
        sel->select(panel.gridModel()->index(3), QItemSelectionModel::Select);
        QCOMPARE(panel.exportButton()->text(), QString::fromUtf8("Export 2 selected…"));
        QCOMPARE(panel.selectionLabel()->text(), QString("2 selected · 7 shown of 40"));
        QCOMPARE(panel.exportCsvTo(path), QString());
        const auto selected = readCsv(path);
        QCOMPARE(selected.size(), 3);
        QCOMPARE(selected[1][0], QString("5"));
        QCOMPARE(selected[2][0], QString("9"));
        // A filter change keeps the selected samples that still show.
        panel.filterPanel()
            ->flagList()
            ->item(1 + flagId(engine::Flag::Dark))
            ->setCheckState(Qt::Checked);
        panel.filterPanel()->flagList()->item(0)->setCheckState(Qt::Unchecked);
        QCOMPARE(panel.gridModel()->rowCount(), 2);
        QCOMPARE(panel.exportButton()->text(), QString::fromUtf8("Export 2 selected…"));

        QVERIFY(!panel.exportCsvTo(m_tmp.filePath("missing/dir/x.csv")).isEmpty());
    }

    void detailPaneShowsReasonsAndSteps()
    {
        ui::SamplesPanel panel;
        panel.setTable(std::make_shared<ui::SampleTable>(makeReport()));
        ui::SampleDetailPane *pane = panel.detailPane();
        const auto *table = panel.table();
        panel.grid()->setCurrentIndex(panel.gridModel()->index(panel.gridModel()->rowOf(1)));
        QCOMPARE(pane->sample(), 1);
        const QString text = pane->text();
        const QString reason = table->reason(flagId(engine::Flag::LabelIssue), 1);
        QVERIFY(!reason.isEmpty());
        QVERIFY2(text.contains(reason), qPrintable(text));
        QVERIFY(text.contains("Label issue raised"));
        QVERIFY(text.contains("suggested two"));
        QVERIFY(text.contains("label changed from two"));
        QVERIFY(text.contains("no teacher for this data in the workspace"));
        QVERIFY(text.contains("Kept by 1 of 2 runs"));
        QVERIFY2(text.contains("two 94.0 %"), qPrintable(text)); // top out-of-sample class

        const auto json = nlohmann::json::parse(pane->json().toStdString());
        QCOMPARE(json["index"].get<int64_t>(), 1);
        QCOMPARE(json["suggested_class"].get<std::string>(), std::string("two"));
        QVERIFY(json["flags"]["label_issue"]["raised"].get<bool>());
        QCOMPARE(json["flags"]["label_issue"]["reason"].get<std::string>(), reason.toStdString());
        QCOMPARE(json["kept_by"].size(), size_t(1));
        QVERIFY(json["truth"]["label_flipped"].get<bool>());

        // → / ← step through the grid's order; the grid's current sample follows.
        Q_EMIT pane->stepRequested(1);
        QCOMPARE(pane->sample(), 2);
        Q_EMIT pane->stepRequested(-1);
        Q_EMIT pane->stepRequested(-1);
        QCOMPARE(pane->sample(), 0);
        Q_EMIT pane->stepRequested(-1);
        QCOMPARE(pane->sample(), 0);
        QCOMPARE(panel.gridModel()->sampleAt(panel.grid()->currentIndex().row()), 0);

        // A threshold change refreshes the shown flags.
        panel.grid()->setCurrentIndex(
            panel.gridModel()->index(panel.gridModel()->rowOf(kAlmostDark)));
        QVERIFY(pane->text().contains("Dark not raised"));
        panel.thresholdBox()->editor(flagId(engine::Flag::Dark))->setValue(0.5);
        QVERIFY(pane->text().contains("Dark raised"));

        // A duplicate's partner is a link; following it selects the partner in the grid.
        panel.grid()->setCurrentIndex(panel.gridModel()->index(panel.gridModel()->rowOf(20)));
        QLabel *flags = nullptr;
        for (QLabel *label : pane->findChildren<QLabel *>())
            if (label->text().contains("<a href=\"sample:21\">21</a>"))
                flags = label;
        QVERIFY2(flags, qPrintable(pane->text()));
        Q_EMIT flags->linkActivated("sample:21");
        QCOMPARE(pane->sample(), 21);
        QCOMPARE(panel.gridModel()->sampleAt(panel.grid()->currentIndex().row()), 21);
    }

    void visibleGridFillsWithThumbnails()
    {
        ui::SamplesPanel panel;
        panel.resize(900, 600);
        panel.setTable(std::make_shared<ui::SampleTable>(makeReport()));
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QSignalSpy changed(panel.gridModel(), &QAbstractItemModel::dataChanged);
        QTRY_VERIFY_WITH_TIMEOUT(!changed.isEmpty(), 3000);
        QTRY_COMPARE_WITH_TIMEOUT(panel.gridModel()->pendingThumbnails(), 0, 3000);
        QVERIFY(
            !qvariant_cast<QPixmap>(panel.gridModel()->index(0).data(Qt::DecorationRole)).isNull());
        panel.setTileSide(24);
        auto thumbnail = [&] {
            return qvariant_cast<QPixmap>(panel.gridModel()->index(0).data(Qt::DecorationRole));
        };
        QTRY_VERIFY_WITH_TIMEOUT(!thumbnail().isNull(), 3000);
        QCOMPARE(thumbnail().deviceIndependentSize(), QSizeF(24, 24)); // 8 px × 3
    }

    void computeNeedsAWorkspaceAndAValidSpec()
    {
        ui::SamplesPanel panel;
        QVERIFY(!panel.computeButton()->isEnabled());
        panel.setStorePath(m_tmp.filePath("ws.db"));
        QVERIFY(panel.computeButton()->isEnabled());
        panel.setSpecSource([] { return QString("{\"pruning\": {\"fractions\": \"banana\"}}"); });
        panel.compute();
        QVERIFY(panel.errorText().contains("problems"));
        QVERIFY(!panel.worker()->isRunning());
    }

    void groundTruthFromAFileMeasuresTheLabelFlags()
    {
        // Data whose noise was not injected here: the truth comes from a file of indices, and
        // each label flag shows its precision and recall against it.
        ui::SamplesPanel panel;
        panel.setTable(std::make_shared<ui::SampleTable>(makeReport(false)));
        QVERIFY(!panel.table()->hasTruth());
        const auto write = [&](const QString &name, const QByteArray &text) {
            QFile file(m_tmp.filePath(name));
            file.open(QIODevice::WriteOnly);
            file.write(text);
            return file.fileName();
        };
        QVERIFY(panel.loadTruthFile(write("bad.csv", "index\n7\nbanana\n"))
                    .contains("bad.csv: line 3: 'banana' is not an index"));
        QVERIFY(panel.loadTruthFile(write("far.csv", "index\n7\n400\n"))
                    .contains("400 is not a training-set index 0..39"));
        QVERIFY(!panel.table()->hasTruth());
        QCOMPARE(panel.loadTruthFile(write("truth.csv", "index\n1\n6\n11\n30\n")), QString());
        const ui::SampleTable *t = panel.table();
        QVERIFY(t->hasTruth());
        QCOMPARE(t->truthSource(), QString("truth.csv"));
        // Precision and recall of the label-issue flag worked out here from its raised samples.
        const int flag = flagId(engine::Flag::LabelIssue);
        const std::set<int64_t> wrong { 1, 6, 11, 30 };
        int raised = 0, hits = 0;
        for (int64_t i = 0; i < kN; ++i)
            if (t->flagged(flag, i)) {
                ++raised;
                hits += int(wrong.count(i));
            }
        QVERIFY(raised > 0 && hits > 0);
        const QString expected = QString(" · P %1 · R %2")
                                     .arg(double(hits) / raised, 0, 'f', 3)
                                     .arg(double(hits) / 4.0, 0, 'f', 3);
        bool shown = false;
        for (int i = 0; i < panel.filterPanel()->flagList()->count(); ++i)
            shown |= panel.filterPanel()->flagList()->item(i)->text().endsWith(expected);
        QVERIFY2(shown, qPrintable(expected));
        panel.grid()->setCurrentIndex(panel.gridModel()->index(panel.gridModel()->rowOf(30)));
        QVERIFY2(panel.detailPane()->text().contains("Ground truth (truth.csv): wrongly labelled"),
                 qPrintable(panel.detailPane()->text()));
    }

    void earlierFlagSetsAreListedAndReopened()
    {
        // Flag sets recorded in the workspace are listed newest first (the same spec and settings
        // once), and reopening one uses its own spec, not the form's: here its dataset is gone,
        // and the error names the recorded path.
        const std::string file = m_tmp.filePath("picker.db").toStdString();
        {
            storage::Store store(file);
            const nlohmann::json spec {
                { "dataset", { { "path", "/nonexistent/fmnist-copy" } } },
                { "student", { { "model", "smallcnnx0.25" }, { "train", { { "steps", 10 } } } } },
                { "pruning", { { "fractions", { 0.5 } } } },
                { "device", "cpu" }
            };
            storage::FlagSet set { .specJson = spec.dump(),
                                   .description = "Fashion-MNIST · 10 % symmetric label noise",
                                   .fingerprint = "f00d",
                                   .folds = 4,
                                   .epochs = 2,
                                   .repeats = 2,
                                   .createdAt = {} };
            storage::recordFlagSet(store, set);
            storage::recordFlagSet(store, set);
            QCOMPARE(storage::flagSets(store).size(), size_t(1));
            QTest::qWait(1100); // created_at has seconds
            set.folds = 5;
            set.description = "Fashion-MNIST";
            storage::recordFlagSet(store, set);
            const auto sets = storage::flagSets(store);
            QCOMPARE(sets.size(), size_t(2));
            QCOMPARE(sets[0].folds, 5);
            QCOMPARE(nlohmann::json::parse(sets[1].specJson), spec);
        }
        ui::SamplesPanel panel;
        panel.setSpecSource([] { return QString("{\"pruning\": {\"fractions\": [0.5]}}"); });
        QComboBox *saved = panel.computeBar()->savedSets();
        QCOMPARE(saved->count(), 0);
        panel.setStorePath(QString::fromStdString(file));
        QCOMPARE(saved->count(), 2);
        QVERIFY2(saved->itemText(1).startsWith(
                     QString::fromUtf8("Fashion-MNIST · 10 % symmetric label noise · 4 folds × "
                                       "2 epochs × 2 repeats · ")),
                 qPrintable(saved->itemText(1)));
        saved->setCurrentIndex(0);
        panel.computeBar()->openSaved();
        QTRY_VERIFY_WITH_TIMEOUT(!panel.worker()->isRunning(), 10000);
        QCOMPARE(panel.computeBar()->foldsBox()->value(), 5); // the boxes show the set's settings
        saved->setCurrentIndex(1);
        panel.computeBar()->openSaved();
        QCOMPARE(panel.computeBar()->foldsBox()->value(), 4);
        QTRY_VERIFY_WITH_TIMEOUT(!panel.worker()->isRunning(), 10000);
        QVERIFY2(panel.errorText().contains("/nonexistent/fmnist-copy"),
                 qPrintable(panel.errorText()));
    }

    // The one path that trains (two tiny fold models, a few seconds), through the worker thread.
    void computesFlagsOffTheGuiThread()
    {
        const std::string dataset = m_tmp.filePath("digits").toStdString();
        fixtures::writeIdxDataset(dataset, 300, 50, false);
        const nlohmann::json spec {
            { "name", "flags" },
            { "dataset",
              { { "path", dataset },
                { "inject", { { "label_noise", 0.1 }, { "corrupt_each", 0.02 } } } } },
            { "student", { { "model", "smallcnnx0.25" }, { "train", { { "steps", 10 } } } } },
            { "pruning", { { "fractions", { 0.5 } } } },
            { "device", "cpu" }
        };
        ui::SamplesPanel panel;
        panel.setStorePath(m_tmp.filePath("flags.db"));
        panel.setSpecSource([&] { return QString::fromStdString(spec.dump()); });
        QSignalSpy progress(panel.worker(), &ui::QualityWorker::progress);
        QSignalSpy finished(panel.worker(), &ui::QualityWorker::finished);
        QElapsedTimer clock;
        clock.start();
        panel.compute();
        QVERIFY2(panel.errorText().isEmpty(), qPrintable(panel.errorText()));
        QVERIFY(panel.worker()->isRunning());
        QVERIFY(clock.elapsed() < 200); // compute() returns at once
        QTRY_VERIFY_WITH_TIMEOUT(!panel.worker()->isRunning(), 120000);
        QVERIFY2(panel.errorText().isEmpty(), qPrintable(panel.errorText()));
        QCOMPARE(finished.count(), 1);
        QVERIFY(progress.count() >= 2);
        QVERIFY(panel.table());
        QCOMPARE(panel.table()->size(), 300);
        QVERIFY(panel.table()->hasTruth());
        QCOMPARE(panel.gridModel()->rowCount(), 300);
        // The computation is listed in the workspace, and reopening it trains nothing.
        QComboBox *saved = panel.computeBar()->savedSets();
        QCOMPARE(saved->count(), 1);
        progress.clear();
        panel.setSpecSource([] { return QString(); });
        panel.computeBar()->openSaved();
        QTRY_VERIFY_WITH_TIMEOUT(!panel.worker()->isRunning(), 120000);
        QCOMPARE(finished.count(), 2);
        for (const auto &p : progress)
            QVERIFY2(!p.at(0).toString().contains("Training"), qPrintable(p.at(0).toString()));
        QCOMPARE(panel.table()->size(), 300);
    }

    void sixtyThousandSamplesStayResponsive()
    {
        const int64_t n = 60000;
        auto report = std::make_shared<engine::QualityReport>();
        auto data = std::make_shared<engine::Dataset>();
        data->info.classNames = { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j" };
        data->train.images = torch::randint(0, 256, { n, 1, 28, 28 }, torch::kUInt8);
        data->train.labels = torch::randint(0, 10, { n }, torch::kInt64);
        report->data = data;
        auto &q = report->quality;
        q.count = n;
        q.numClasses = 10;
        q.classNames = data->info.classNames;
        q.labels = data->train.labels;
        q.oosProbabilities = torch::softmax(torch::randn({ n, 10 }), 1).contiguous();
        q.labelIssues = engine::findLabelIssues(q.oosProbabilities, q.labels);
        q.scores.resize(engine::allFlags().size());
        for (const auto &f : engine::allFlags())
            if (f.flag != engine::Flag::TeacherDisagrees && f.flag != engine::Flag::LowAum
                && f.flag != engine::Flag::ExactDuplicate && f.flag != engine::Flag::NearDuplicate)
                q.scores[size_t(f.flag)] = torch::rand({ n });
        for (int r = 0; r < 12; ++r) {
            engine::KeptSet run {
                r, "run " + std::to_string(r), r % 2 ? "el2n" : "random", 0.1 * (1 + r / 2), 0, 0,
                {}
            };
            for (int64_t i = 0; i < n; ++i)
                if ((i * 7919 + r) % 10 < 1 + r / 2)
                    run.kept.push_back(i);
            report->runs.push_back(std::move(run));
        }
        QElapsedTimer clock;
        clock.start();
        auto table = std::make_shared<ui::SampleTable>(report);
        qInfo("table of 60,000 samples built in %lld ms", clock.restart());

        ui::SamplesPanel panel;
        panel.resize(1200, 800);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        clock.restart();
        panel.setTable(table);
        QCoreApplication::processEvents();
        const qint64 shown = clock.restart();
        panel.setTileSide(28);
        QCoreApplication::processEvents();
        const qint64 zoomed = clock.restart();
        panel.thresholdBox()->editor(flagId(engine::Flag::Dark))->setValue(0.3);
        QCoreApplication::processEvents();
        const qint64 threshold = clock.restart();
        panel.filterPanel()->classList()->item(3)->setCheckState(Qt::Checked);
        QCoreApplication::processEvents();
        const qint64 filtered = clock.restart();
        panel.filterPanel()->sortCombo()->setCurrentIndex(1);
        QCoreApplication::processEvents();
        const qint64 sorted = clock.restart();
        qInfo("60,000 samples: shown %lld ms, zoom %lld ms, threshold %lld ms, class filter %lld "
              "ms, sort %lld ms",
              shown, zoomed, threshold, filtered, sorted);
        // Generous bounds for a loaded 2-core machine; each is a few tens of ms normally.
        for (qint64 ms : { shown, zoomed, threshold, filtered, sorted })
            QVERIFY2(ms < 1500, qPrintable(QString::number(ms)));
        QTRY_COMPARE_WITH_TIMEOUT(panel.gridModel()->pendingThumbnails(), 0, 5000);

        // Scrolling through the whole grid: the GUI thread never stalls (thumbnails are made
        // off it, the layout is batched).
        panel.filterPanel()->clearFilters();
        QElapsedTimer beat;
        double longest = 0;
        QTimer heartbeat;
        heartbeat.setInterval(10);
        connect(&heartbeat, &QTimer::timeout, this, [&] {
            if (beat.isValid())
                longest = std::max(longest, double(beat.elapsed() - 10));
            beat.restart();
        });
        heartbeat.start();
        QScrollBar *bar = panel.grid()->verticalScrollBar();
        QTRY_VERIFY_WITH_TIMEOUT(bar->maximum() > 0, 5000);
        for (int k = 0; k <= 20; ++k) {
            bar->setValue(bar->maximum() * k / 20);
            QTest::qWait(15);
        }
        QTRY_COMPARE_WITH_TIMEOUT(panel.gridModel()->pendingThumbnails(), 0, 5000);
        heartbeat.stop();
        qInfo("longest GUI stall while scrolling 60,000 tiles: %.0f ms", longest);
        QVERIFY2(longest < 250, qPrintable(QString::number(longest)));
        const QModelIndex last = panel.grid()->indexAt(panel.grid()->viewport()->rect().center());
        QVERIFY(last.isValid());
        QVERIFY(!last.data(Qt::DecorationRole).isNull());
    }
};

QTEST_MAIN(TestSampleBrowser)
#include "tst_sample_browser.moc"
