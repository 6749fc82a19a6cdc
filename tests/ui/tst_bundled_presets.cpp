#include <QtTest>

#include "engine/experiment/spec.h"
#include "ui/window/bundled_presets.h"

class TestBundledPresets : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyPresetIsAValidSpecAndTheFindingsComeFirst()
    {
        QStringList problems;
        const auto presets = ui::bundledPresets(&problems);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join("\n")));
        // The paper's six findings, in order, each with its sentence, then the single presets.
        QVERIFY(presets.size() >= 8);
        for (int n = 1; n <= 6; ++n) {
            const auto &p = presets[size_t(n - 1)];
            QCOMPARE(p.finding.value_or(0), n);
            QVERIFY2(p.title.startsWith(QString("Finding %1: ").arg(n)), qPrintable(p.title));
            QVERIFY(p.summary.endsWith('.'));
        }
        QVERIFY(!presets[6].finding);
        for (const auto &p : presets)
            for (const QString &spec : p.specs) {
                const auto parsed = engine::parseSpec(spec.toStdString());
                // (QVERIFY2 evaluates its message even when the check passes.)
                const QString first = parsed.problems.empty()
                    ? QString()
                    : QString::fromStdString(parsed.problems.front().field + ": "
                                             + parsed.problems.front().message);
                QVERIFY2(parsed.problems.empty(), qPrintable(p.file + ": " + first));
                // The findings run on the embedded data with at least three seeds.
                if (p.finding) {
                    QCOMPARE(QString::fromStdString(parsed.spec.datasetPath),
                             QString("/usr/share/datasets/fashion-mnist"));
                    QVERIFY(parsed.spec.seeds.size() >= 3);
                }
            }
        // Finding 6 needs teachers smaller than, equal to and larger than the student.
        QCOMPARE(presets[5].specs.size(), qsizetype(3));
    }
};

QTEST_MAIN(TestBundledPresets)
#include "tst_bundled_presets.moc"
