// SPDX-License-Identifier: Apache-2.0
// The main window's input and output, offscreen: headless exports of every chart and the report,
// price tables and KV specs from files, the simulation panel, and bad input.
#include "bridge/session_table_model.h"
#include "bridge/top_chunks_model.h"
#include "bridge/what_if_state.h"
#include "kv/core/access_profile.h"
#include "kv/core/cache_cost.h"
#include "kv/core/chunk_refresh.h"
#include "kv/core/curves.h"
#include "kv/core/memory_tiers.h"
#include "kv/core/serving_simulator.h"
#include "kv/core/simulation_store.h"
#include "kv/core/synthetic_session.h"
#include "main_window.h"
#include "widgets/capacity_curve_chart.h"
#include "widgets/chart_export.h"
#include "widgets/chart_theme.h"
#include "widgets/chunks_chart.h"
#include "widgets/cost_chart.h"
#include "widgets/fleet_chart.h"
#include "widgets/miss_causes_chart.h"
#include "widgets/prompt_composition_chart.h"
#include "widgets/provider_gap_chart.h"
#include "widgets/request_gaps_chart.h"
#include "widgets/request_inspector.h"
#include "widgets/serving_chart.h"
#include "widgets/simulation_panel.h"
#include "widgets/subagent_sharing_chart.h"
#include "widgets/tiers_chart.h"
#include "widgets/token_columns_chart.h"
#include "widgets/ttl_curve_chart.h"
#include "widgets/what_if_panel.h"
#include "widgets/working_set_chart.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <qcustomplot.h>

class TstMainWindowIo : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(QStringLiteral("kvscope-tests"));
        QStandardPaths::setTestModeEnabled(true);
    }

    void headlessExportsWriteValidFiles()
    {
        QTemporaryDir dir;
        auto run = [](const QStringList& args) {
            QProcess p;
            p.start(QStringLiteral(KV_GUI_PATH), args);
            p.waitForFinished(60000);
            return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        };
        const QString samples = QStringLiteral(KV_SOURCE_DIR "/sample_traces");
        const std::pair<const char*, QByteArray> formats[] = { { "png", QByteArray("\x89PNG") },
            { "svg", QByteArray("<?xml") }, { "pdf", QByteArray("%PDF") }, { "csv", QByteArray() } };
        for (const QString& chart : kv::gui::MainWindow::chartNames()) {
            for (const auto& [ext, magic] : formats) {
                const QString file = dir.filePath(chart + QLatin1Char('.') + QLatin1String(ext));
                // The fleet needs several rows of one block size: the two agent logs and two traces.
                QStringList rows = chart == QLatin1String("fleet")
                    ? QStringList { QStringLiteral("--select"), QStringLiteral("0-3") }
                    : QStringList {};
                if (chart == QLatin1String("simulation")) // a short run of the built-in instance
                    rows = QStringList { QStringLiteral("--simulate"), QStringLiteral("builtin"),
                        QStringLiteral("--sim-users"), QStringLiteral("fixed:2"), QStringLiteral("--sim-duration"),
                        QStringLiteral("10m") };
                // The simulator needs one block size: the kv-cache-tester samples.
                const QString input
                    = chart == QLatin1String("simulation") ? samples + QStringLiteral("/kv-cache-tester") : samples;
                QCOMPARE(run(QStringList { QStringLiteral("--export-chart"), chart, QStringLiteral("--out"), file,
                                 QStringLiteral("--ttl"), QStringLiteral("1h"), input }
                             + rows),
                    0);
                QFile f(file);
                QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(file));
                const QByteArray bytes = f.readAll();
                QVERIFY2(bytes.startsWith(magic), qPrintable(file));
                if (QLatin1String(ext) == QLatin1String("csv"))
                    QVERIFY2(bytes.startsWith("series,x,y\n") || bytes.startsWith("request,agent,"), qPrintable(file));
                if (QLatin1String(ext) == QLatin1String("csv"))
                    QVERIFY2(bytes.count('\n') > 3, qPrintable(file));
                if (QLatin1String(ext) == QLatin1String("svg"))
                    QVERIFY(bytes.contains("<svg"));
            }
        }
        // A price or spec file that cannot be read stops a script before any work, naming it.
        QCOMPARE(run({ QStringLiteral("--export-chart"), QStringLiteral("cost"), QStringLiteral("--out"),
                     dir.filePath(QStringLiteral("cost.png")), QStringLiteral("--prices"),
                     dir.filePath(QStringLiteral("no-such-prices.json")), samples }),
            2);
        QCOMPARE(run({ QStringLiteral("--export-chart"), QStringLiteral("tiers"), QStringLiteral("--out"),
                     dir.filePath(QStringLiteral("tiers.png")), QStringLiteral("--models-file"),
                     dir.filePath(QStringLiteral("no-such-models.json")), samples }),
            2);
        const QString report = dir.filePath(QStringLiteral("report.pdf"));
        QCOMPARE(run({ QStringLiteral("--export-report"), report, samples }), 0);
        QFile r(report);
        QVERIFY(r.open(QIODevice::ReadOnly));
        const QByteArray pdf = r.readAll();
        QVERIFY(pdf.startsWith("%PDF"));
        QVERIFY(pdf.count("/Type /Page\n") + pdf.count("/Type /Page ") + pdf.count("/Type /Page>")
            >= 14); // the summary and 13 charts (one session: no fleet page)
        QCOMPARE(run({ QStringLiteral("--export-chart"), QStringLiteral("nonsense"), QStringLiteral("--out"),
                     dir.filePath(QStringLiteral("x.png")), samples }),
            1);
        QCOMPARE(run({ QStringLiteral("--export-chart"), QStringLiteral("ttl"), samples }), 2); // no --out
        // A broken trace beside good ones: the chart is still written, the problem goes to stderr
        // (no dialog waits for a click) and the exit status says something was wrong.
        QTemporaryDir mixed;
        QVERIFY(QFile::copy(samples + QStringLiteral("/kv-cache-tester/sample_idle_gaps.json"),
            mixed.filePath(QStringLiteral("good.json"))));
        QFile broken(mixed.filePath(QStringLiteral("broken.json")));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write(R"({"id": "b", "block_size": 64, "hash_id_scope": "local", "requests": [ {"t": 1, oops)");
        broken.close();
        QProcess p;
        const QString chart = dir.filePath(QStringLiteral("mixed.png"));
        p.start(QStringLiteral(KV_GUI_PATH),
            { QStringLiteral("--export-chart"), QStringLiteral("ttl"), QStringLiteral("--out"), chart, mixed.path() });
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 1);
        QVERIFY(QFileInfo(chart).size() > 1000);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("broken.json: byte")), qPrintable(err));
    }

    void priceAndModelFilesReachTheViews()
    {
        kv::gui::MainWindow window;
        window.show();
        QSignalSpy shown(&window, &kv::gui::MainWindow::analysisShown);
        window.openPaths({ QStringLiteral(KV_SOURCE_DIR "/sample_traces/kv-cache-tester") });
        QVERIFY(shown.wait(20000));
        window.selectSessions({ 1 });
        const std::string name = window.currentSession()->name;
        const kv::core::SessionCost before = *window.currentSession()->cost;
        // Every price of the models these traces use, doubled: every figure doubles.
        QTemporaryDir dir;
        QString json = QStringLiteral("[");
        for (const char* model : { "claude-opus-4-5", "claude-haiku-4-5" }) {
            const kv::core::ModelPrice* p = kv::core::findPrice(kv::core::builtinPrices(), model);
            QVERIFY(p);
            json += QStringLiteral("%1{\"model\": \"%2\", \"input\": %3, \"output\": %4, \"write_5m\": %5, "
                                   "\"write_1h\": %6, \"read\": %7}")
                        .arg(json.size() > 1 ? QStringLiteral(",") : QString(), QString::fromStdString(p->model))
                        .arg(2 * p->input)
                        .arg(2 * p->output)
                        .arg(2 * p->write5m)
                        .arg(2 * p->write1h)
                        .arg(2 * p->read);
        }
        const QString prices = dir.filePath(QStringLiteral("prices.json"));
        QFile f(prices);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write((json + QLatin1Char(']')).toUtf8());
        f.close();
        QSignalSpy changed(window.controller(), &kv::views::AnalysisController::pricesChanged);
        window.setPriceFile(prices, false);
        QVERIFY(changed.wait(20000));
        QVERIFY(shown.count() >= 2 || shown.wait(20000));
        QCOMPARE(window.currentSession()->name, name); // the selection survives the new snapshot
        const kv::core::SessionCost& after = *window.currentSession()->cost;
        QVERIFY(before.noCache > 0);
        QCOMPARE(after.noCache, 2 * before.noCache);
        QCOMPARE(after.fiveMinute, 2 * before.fiveMinute);
        QCOMPARE(after.clairvoyant, 2 * before.clairvoyant);
        QCOMPARE(window.findChild<kv::views::CostChart*>()->dollars()[1], after.noCache);
        QCOMPARE(window.controller()->priceFile(), prices);
        // A broken file: an error naming it, and the prices in use stay.
        const QString broken = dir.filePath(QStringLiteral("broken.json"));
        QFile b(broken);
        QVERIFY(b.open(QIODevice::WriteOnly));
        b.write("[{\"model\": \"x\", \"input\": \"lots\"}]");
        b.close();
        QSignalSpy failed(window.controller(), &kv::views::AnalysisController::failed);
        window.setInteractive(false);
        window.setPriceFile(broken, false);
        QVERIFY(failed.wait(20000));
        QVERIFY2(failed.first().first().toString().contains(QStringLiteral("broken.json")),
            qPrintable(failed.first().first().toString()));
        QCOMPARE(window.controller()->priceFile(), prices);
        // KV specs from a file join the model list of the memory-tiers view.
        const QString specs = dir.filePath(QStringLiteral("models.json"));
        QFile m(specs);
        QVERIFY(m.open(QIODevice::WriteOnly));
        m.write(R"([{"name": "tiny", "layers": 2, "kv_heads": 1, "head_dim": 64}])");
        m.close();
        QString error;
        QVERIFY(window.setKvModelFile(specs, false, &error));
        QVERIFY(window.tiersChart()->modelBox()->findData(QStringLiteral("tiny")) >= 0);
        QVERIFY(window.tiersChart()->configure(QStringLiteral("tiny"), QStringLiteral("hbm=1MiB")));
        QVERIFY(!window.setKvModelFile(dir.filePath(QStringLiteral("missing.json")), false, &error));
        QVERIFY(error.contains(QStringLiteral("missing.json")));
    }

    void simulationPanelComparesConfigs()
    {
        QTemporaryDir storeDir;
        const QString db = storeDir.filePath(QStringLiteral("kv.sqlite"));
        kv::gui::MainWindow window(db);
        window.show();
        window.setInteractive(false);
        QSignalSpy shown(&window, &kv::gui::MainWindow::analysisShown);
        window.openPaths({ QStringLiteral(KV_SOURCE_DIR "/sample_traces/kv-cache-tester") });
        QVERIFY(shown.wait(20000));
        QTemporaryDir dir;
        const QString tiny = dir.filePath(QStringLiteral("tiny.json"));
        QFile f(tiny);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"name": "tiny", "hbm_kv_bytes": "10GB"})");
        f.close();
        auto* panel = window.simulationPanel();
        QString error;
        QVERIFY(!panel->configure(QStringLiteral("lots"), QStringLiteral("20m"), QStringLiteral("5"), &error));
        QVERIFY(error.contains(QStringLiteral("lots")));
        QVERIFY(panel->configure(QStringLiteral("fixed:3"), QStringLiteral("20m"), QStringLiteral("5"), &error));
        panel->setConfigFiles({ tiny });
        QSignalSpy done(&window, &kv::gui::MainWindow::simulationShown);
        window.runSimulation(); // one config: the tiny HBM
        QVERIFY(done.wait(60000));
        QVERIFY2(done.first().first().toBool(), qPrintable(done.first().at(1).toString()));
        QCOMPARE(panel->results()->size(), std::size_t(1));
        const double tinyComputed = kv::core::summarizeRun(panel->results()->front()).computedShare;
        // The tiny HBM against the built-in 400 GB one on the same users: it recomputes more.
        const QString builtin = dir.filePath(QStringLiteral("builtin.json"));
        QFile b(builtin);
        QVERIFY(b.open(QIODevice::WriteOnly));
        b.write(R"({"name": "big"})");
        b.close();
        panel->setConfigFiles({ tiny, builtin });
        done.clear();
        window.runSimulation();
        QVERIFY(done.wait(60000));
        QVERIFY(done.first().first().toBool());
        const kv::views::SimulationResultsPtr held = panel->results(); // kept: the panel moves on
        const auto& runs = *held;
        QCOMPARE(runs.size(), std::size_t(2));
        QCOMPARE(runs[0].config, std::string("tiny"));
        QCOMPARE(kv::core::summarizeRun(runs[0]).computedShare, tinyComputed); // the same run again
        QVERIFY(kv::core::summarizeRun(runs[1]).computedShare < tinyComputed);
        QCOMPARE(panel->plot()->graphCount(), 4); // TTFT and users per config
        QCOMPARE(panel->plot()->graph(0)->dataCount(), 20); // a point per minute
        QCOMPARE(panel->plot()->graph(0)->data()->at(0)->value,
            std::clamp(runs[0].periods[0].ttftAtObjective, 0.01, 1000.0));
        QVERIFY(panel->summaryText().contains(QStringLiteral("tiny holds")));
        // Every run is kept in the store with its config and users (for kvscope-cli runs).
        auto store = kv::core::TraceStore::open(db.toStdString());
        QVERIFY(store.ok());
        auto stored = kv::core::listSimulations(*store);
        QVERIFY(stored.ok());
        QCOMPARE(stored->size(), std::size_t(3));
        QCOMPARE(stored->back().result.config, std::string("big"));
        QCOMPARE(stored->back().settings.users, std::string("fixed:3"));
        QCOMPARE(kv::core::loadSimulation(*store, stored->back().id)->result.periods.size(), runs[1].periods.size());
        // The stored runs are listed in the panel; two of them come back on one chart.
        QTRY_COMPARE_WITH_TIMEOUT(panel->storedRuns()->count(), 3, 20000);
        panel->storedRuns()->item(0)->setSelected(true);
        panel->storedRuns()->item(2)->setSelected(true);
        QPushButton* show = nullptr;
        for (QPushButton* button : panel->findChildren<QPushButton*>())
            if (button->text() == QLatin1String("Show"))
                show = button;
        QVERIFY(show);
        done.clear();
        show->click();
        QVERIFY(done.wait(20000));
        QCOMPARE(panel->results()->size(), std::size_t(2));
        QCOMPARE(panel->results()->at(0).config, std::string("tiny"));
        QCOMPARE(panel->results()->at(1).config, std::string("big"));
        QCOMPARE(panel->results()->at(1).periods.size(), runs[1].periods.size());
        QCOMPARE(panel->results()->at(1).periods[3].ttftP95, runs[1].periods[3].ttftP95);
        // A config that cannot be read: said, nothing run.
        panel->setConfigFiles({ dir.filePath(QStringLiteral("missing.json")) });
        done.clear();
        window.runSimulation();
        QCOMPARE(done.count(), 1);
        QVERIFY(!done.first().first().toBool());
        QVERIFY(done.first().at(1).toString().contains(QStringLiteral("missing.json")));
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

QTEST_MAIN(TstMainWindowIo)
#include "tst_main_window_io.moc"
