// The training worker on its thread, driven through RunSession as the window drives it.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "storage/store.h"
#include "tests/support/fixtures.h"
#include "ui/runs/run_session.h"

#include <nlohmann/json.hpp>

namespace fs = std::filesystem;
using nlohmann::json;

class TestRunSession : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    fs::path m_dataset;
    int m_stores = 0;

    QString spec(int steps, std::vector<double> fractions, std::vector<int> seeds, double lr = 0.05)
    {
        return QString::fromStdString(json {
            { "name", "session test" },
            { "dataset", { { "path", m_dataset.string() } } },
            { "student",
              { { "model", "smallcnnx0.25" },
                { "train",
                  { { "steps", steps },
                    { "batch_size", 32 },
                    { "lr", lr },
                    { "schedule", "constant" },
                    { "eval_points", 3 } } } } },
            { "pruning", { { "fractions", fractions } } },
            { "distillation", { { "alphas", { 0 } } } },
            { "seeds", seeds } }.dump());
    }

    QString newStore() { return m_tmp.filePath(QString("ws%1.db").arg(++m_stores)); }

    /// Follows the worker's reports of run rows, as the window's model does.
    struct Tracker
    {
        /// The receiver of every connection: reports still queued when a tracker goes out of
        /// scope are dropped with it instead of written into a dead object (AddressSanitizer
        /// found exactly that when the test's connections lived on the test object).
        QObject receiver;
        std::map<qint64, storage::RunRow> rows;
        int opened = 0;
        int interrupted = -1;
        std::vector<ui::RunProgress> progress;
        std::vector<int> enqueuedWaiting;
        QStringList problems;
        int count(storage::RunStatus s) const
        {
            return int(std::count_if(rows.begin(), rows.end(),
                                     [s](const auto &kv) { return kv.second.status == s; }));
        }
    };

    /// Opens the store with the tracker connected before the worker thread starts (nothing missed).
    void open(ui::RunSession &session, Tracker &tracker, const QString &store)
    {
        auto connection = std::make_shared<QMetaObject::Connection>();
        // Queued to this (GUI) thread like the window's own connections; made before the worker
        // thread starts, so no report is missed.
        *connection = connect(
            &session, &ui::RunSession::workerStarted, &tracker.receiver,
            [&tracker, connection](ui::RunWorker *w) {
                QObject::disconnect(*connection);
                connect(w, &ui::RunWorker::opened, &tracker.receiver,
                        [&tracker](const ui::RunRows &rows, int interrupted) {
                            ++tracker.opened;
                            tracker.interrupted = interrupted;
                            for (const auto &r : rows)
                                tracker.rows[r.id] = r;
                        });
                connect(w, &ui::RunWorker::runsChanged, &tracker.receiver,
                        [&tracker](const ui::RunRows &rows) {
                            for (const auto &r : rows)
                                tracker.rows[r.id] = r;
                        });
                connect(w, &ui::RunWorker::progress, &tracker.receiver,
                        [&tracker](const ui::RunProgress &p) { tracker.progress.push_back(p); });
                connect(w, &ui::RunWorker::enqueued, &tracker.receiver,
                        [&tracker](const QString &, int waiting, int) {
                            tracker.enqueuedWaiting.push_back(waiting);
                        });
                connect(w, &ui::RunWorker::problem, &tracker.receiver,
                        [&tracker](const QString &m) { tracker.problems << m; });
            });
        session.open(store);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_dataset = fs::path(m_tmp.path().toStdString()) / "digits";
        fixtures::writeIdxDataset(m_dataset, 400, 100, true);
    }

    void startProgressFinished()
    {
        ui::RunSession session;
        Tracker tracker;
        QSignalSpy busy(&session, &ui::RunSession::busyChanged);
        open(session, tracker, newStore());
        session.enqueue(spec(30, { 0.5 }, { 0, 1 }));
        QTRY_COMPARE_WITH_TIMEOUT(tracker.count(storage::RunStatus::Done), 2, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(!session.isBusy(), 10000);
        QCOMPARE(tracker.enqueuedWaiting, std::vector<int> { 2 }); // two runs to run
        QVERIFY(tracker.progress.size() >= 2);
        const auto last = tracker.progress.back();
        QCOMPARE(last.step, last.totalSteps); // the final step is always reported
        QVERIFY(busy.count() >= 2); // busy, then idle
        for (const auto &[id, r] : tracker.rows)
            QVERIFY(r.testAccuracy && *r.testAccuracy > 0.1);
        // Cancel and retry never touch a finished run (its results stay).
        QVector<qint64> ids;
        for (const auto &[id, r] : tracker.rows)
            ids << id;
        session.cancel(ids);
        session.retry(ids);
        QTest::qWait(300);
        QCOMPARE(tracker.count(storage::RunStatus::Done), 2);
    }

    void cancelYieldsExactlyOneCancelled()
    {
        ui::RunSession session;
        Tracker tracker;
        open(session, tracker, newStore());
        session.enqueue(spec(400, { 0.5 }, { 0, 1 }));
        QTRY_VERIFY_WITH_TIMEOUT(!tracker.progress.empty() && tracker.progress.back().step > 20,
                                 60000);
        session.stopCurrent();
        QTRY_VERIFY_WITH_TIMEOUT(tracker.count(storage::RunStatus::Done) == 1 && !session.isBusy(),
                                 120000);
        QCOMPARE(tracker.count(storage::RunStatus::Cancelled), 1);
        QCOMPARE(tracker.count(storage::RunStatus::Done), 1); // the queue went on with the next run
    }

    void engineErrorArrivesAsFailure()
    {
        ui::RunSession session;
        Tracker tracker;
        open(session, tracker, newStore());
        session.enqueue(spec(20, { 0.5 }, { 0 }, 100));
        QTRY_COMPARE_WITH_TIMEOUT(tracker.count(storage::RunStatus::Failed), 1, 60000);
        const auto &failed = tracker.rows.begin()->second;
        QVERIFY2(QString::fromStdString(failed.error).contains("training diverged"),
                 failed.error.c_str());
    }

    void badSpecIsReportedNotQueued()
    {
        ui::RunSession session;
        Tracker tracker;
        open(session, tracker, newStore());
        session.enqueue(R"({"student": {"model": "vgg"}})");
        QTRY_COMPARE_WITH_TIMEOUT(tracker.problems.size(), 1, 10000);
        QVERIFY(tracker.problems.front().contains("unknown model 'vgg'"));
        QVERIFY(tracker.rows.empty()); // nothing was queued
    }

    void closingMidRunInterruptsAndReopeningResumes()
    {
        const QString store = newStore();
        std::optional<double> firstAccuracy;
        qint64 firstId = 0;
        {
            ui::RunSession session;
            Tracker tracker;
            open(session, tracker, store);
            session.enqueue(spec(150, { 0.5 }, { 0, 1, 2 }));
            QTRY_VERIFY_WITH_TIMEOUT(tracker.count(storage::RunStatus::Done) >= 1
                                         && tracker.count(storage::RunStatus::Running) == 1,
                                     120000);
            session.close(true); // the window closes: resume next time
            for (const auto &[id, r] : tracker.rows)
                if (r.status == storage::RunStatus::Done && !firstAccuracy) {
                    firstAccuracy = r.testAccuracy;
                    firstId = id;
                }
        }
        {
            storage::Store check(store.toStdString(), storage::OpenOptions { .readOnly = true });
            int interrupted = 0, done = 0;
            for (const auto &r : check.runs()) {
                interrupted += r.status == storage::RunStatus::Interrupted;
                done += r.status == storage::RunStatus::Done;
            }
            QCOMPARE(interrupted, 1);
            QVERIFY(done >= 1);
            QVERIFY(!check.metrics(firstId).empty());
        }
        ui::RunSession session;
        Tracker tracker;
        open(session, tracker, store);
        QTRY_COMPARE_WITH_TIMEOUT(tracker.opened, 1, 10000);
        QCOMPARE(tracker.interrupted, 1); // one interrupted run announced
        QTRY_COMPARE_WITH_TIMEOUT(tracker.count(storage::RunStatus::Done), 3, 120000);
        QCOMPARE(tracker.rows[firstId].testAccuracy,
                 firstAccuracy); // nothing finished is lost or redone
    }
};

QTEST_MAIN(TestRunSession)
#include "tst_run_session.moc"
