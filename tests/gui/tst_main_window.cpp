// SPDX-License-Identifier: Apache-2.0
// The main window, offscreen: opening the sample traces imports them off the UI thread, fills
// the session table with the same numbers the CLI reports, and draws both charts.
#include "bridge/session_table_model.h"
#include "main_window.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <qcustomplot.h>

class TstMainWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("kvscope-tests"));
        QStandardPaths::setTestModeEnabled(true);
    }

    void opensSampleTracesAndShowsTheirAnalysis()
    {
        kv::gui::MainWindow window;
        QAbstractItemModelTester tester(window.sessionModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        window.show();
        QSignalSpy shown(&window, &kv::gui::MainWindow::analysisShown);
        QSignalSpy busy(window.controller(), &kv::views::AnalysisController::busyChanged);
        window.openPaths({ QStringLiteral(KV_SOURCE_DIR "/sample_traces") });
        QVERIFY(window.controller()->isBusy()); // the work runs on a worker; this thread is free
        QVERIFY(shown.wait(20000));
        QCOMPARE(window.sessionModel()->rowCount(), 6); // kv-cache-tester x3, Mooncake, Claude Code, Codex
        // Same figures as `kvscope-cli report sample_traces` (tests/golden/report_sample_traces.txt).
        const auto* model = window.sessionModel();
        int row = -1;
        for (int r = 0; r < model->rowCount(); ++r)
            if (model->index(r, kv::views::SessionTableModel::Name).data().toString()
                == QLatin1String("sample_tool_loop"))
                row = r;
        QVERIFY(row >= 0);
        QCOMPARE(model->index(row, kv::views::SessionTableModel::Hit5m).data().toString(), QStringLiteral("80.8%"));
        QCOMPARE(model->index(row, kv::views::SessionTableModel::Requests)
                     .data(kv::views::SessionTableModel::SortRole)
                     .toULongLong(),
            154ull);
        auto plots = window.findChildren<QCustomPlot*>();
        QCOMPARE(plots.size(), 2);
        for (QCustomPlot* p : plots)
            QVERIFY(p->graph(0)->dataCount() > 10);
        const QImage image = window.grab().toImage();
        QVERIFY(!image.isNull());
        QVERIFY(busy.count() >= 2);
    }

    void badInputIsReportedAndTheRestOpens()
    {
        QTemporaryDir dir;
        QFile bad(dir.filePath(QStringLiteral("broken.json")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write(R"({"id":"b","block_size":64,"requests":[{"t":0,"in":5,"hash_ids":[1,2}]})");
        bad.close();
        kv::views::AnalysisController controller;
        QSignalSpy report(&controller, &kv::views::AnalysisController::importFinished);
        QSignalSpy snap(&controller, &kv::views::AnalysisController::snapshotReady);
        controller.openPaths(
            { bad.fileName(), QStringLiteral(KV_SOURCE_DIR "/sample_traces/kv-cache-tester/sample_idle_gaps.json") });
        QVERIFY(snap.wait(20000));
        const auto r = report.at(0).at(0).value<kv::views::ImportReport>();
        QCOMPARE(r.failed, 1);
        QCOMPARE(r.imported, 1);
        QVERIFY(r.messages.at(0).contains(QStringLiteral("broken.json: byte ")));
        QCOMPARE(controller.snapshot()->sessions.size(), std::size_t(1));
    }
};

QTEST_MAIN(TstMainWindow)
#include "tst_main_window.moc"
