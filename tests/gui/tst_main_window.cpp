// SPDX-License-Identifier: Apache-2.0
// The main window, offscreen: opening the sample traces imports them off the UI thread, fills
// the session table with the same numbers the CLI reports, and every view draws the engine's
// numbers (selections, fleets, level of detail, themes, the request inspector).
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
#include <QProcess>
#include <QSignalSpy>
#include <QSlider>
#include <QStatusBar>
#include <QTableView>
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
        // token columns, composition, TTL curve, working set, request gaps, capacity, sub-agents, miss
        // causes, chunks, cost, memory tiers, provider gap, serving, fleet, simulation
        QCOMPARE(plots.size(), 15);
        for (QCustomPlot* p : plots) {
            if (p->itemCount() > 10 && p->property(kv::views::kOwnCsvProperty).isValid())
                continue; // drawn with items (sub-agent lanes); its CSV is checked below
            if (p == window.simulationPanel()->plot()) {
                QCOMPARE(p->plottableCount(), 0); // nothing until a simulation is run
                continue;
            }
            QVERIFY(p->plottableCount() > 0);
            QCPAbstractPlottable* first = p->plottable(0);
            const int points = qobject_cast<QCPGraph*>(first) ? qobject_cast<QCPGraph*>(first)->dataCount()
                                                              : qobject_cast<QCPBars*>(first)->dataCount();
            if (p == window.fleetChart()->plot()) {
                QCOMPARE(points, 0); // one row is not a fleet: the chart says how to select one
                continue;
            }
            // The cost chart has one bar per choice (no "as charged" for a hash trace); the others
            // one point per request, TTL, capacity or gap bin.
            const bool few = first->name() == QLatin1String("cost") || first->name().startsWith(QLatin1String("share"))
                || first->name().startsWith(QLatin1String("prefilled once")); // one bar: blocks prefilled once
            QVERIFY2(points >= (few ? 1 : 11), qPrintable(first->name()));
        }
        const QImage image = window.grab().toImage();
        QVERIFY(!image.isNull());
        QVERIFY(busy.count() >= 2);
    }

    void whatIfSlidersDriveTheViewsFromTheEngine()
    {
        kv::gui::MainWindow window;
        window.show();
        QSignalSpy shown(&window, &kv::gui::MainWindow::analysisShown);
        window.openPaths({ QStringLiteral(KV_SOURCE_DIR "/sample_traces") });
        QVERIFY(shown.wait(20000));
        window.selectSession(0);
        const kv::core::SessionAnalysis* s = window.currentSession();
        QVERIFY(s);
        const auto snap = window.sessionModel()->snapshot();
        const int modelRow = int(s - snap->sessions.data());
        auto* state = window.whatIf();
        auto* panel = window.findChild<kv::views::WhatIfPanel*>();
        QVERIFY(panel);
        for (int step : { 5, 20, 30, 40, 50, 60 }) {
            // Move the slider as a user would; the views must show the engine's numbers at its TTL.
            panel->ttlSlider()->setValue(step);
            const double ttl = state->ttlSteps()[std::size_t(step)];
            QCOMPARE(state->ttl(), ttl);
            const auto expected
                = s->profile->evaluate(kv::core::CachePolicy::fromTokens(ttl, kv::core::kUnlimited, s->blockSize));
            QCOMPARE(window.tokenColumns()->plottedHitRate(), expected.totals.hitRate());
            // The columns of each request sum to its input and output tokens.
            const auto& cols = window.tokenColumns()->columns();
            QCOMPARE(cols.size(), std::size_t(s->profile->requestCount()));
            for (std::size_t j = 0; j < cols.size(); ++j) {
                QCOMPARE(cols[j].hit + cols[j].missedCacheable + cols[j].fresh, s->profile->inputTokens(j));
                QCOMPARE(cols[j].hit, expected.hitTokens[j]);
            }
            // The table's what-if column follows too.
            const QModelIndex cell = window.sessionModel()->index(modelRow, kv::views::SessionTableModel::HitWhatIf);
            QCOMPARE(cell.data(kv::views::SessionTableModel::SortRole).toDouble(), expected.totals.hitRate());
        }
        // Clicking a column inspects that request.
        auto* inspector = window.findChild<kv::views::RequestInspector*>();
        QVERIFY(inspector);
        QCustomPlot* plot = window.tokenColumns()->plot();
        plot->replot();
        const QPoint at(int(plot->xAxis->coordToPixel(3)), int(plot->yAxis->coordToPixel(100)));
        QTest::mouseClick(plot, Qt::LeftButton, {}, at);
        QVERIFY2(inspector->toPlainText().contains(QStringLiteral("Request 3")), qPrintable(inspector->toPlainText()));
        QVERIFY(inspector->toPlainText().contains(QStringLiteral("served from cache")));
        // The provider mode shows the cache reads the log reports (the selected sample is a Codex log).
        QVERIFY(s->hasReportedUsage);
        window.tokenColumns()->providerToggle()->setChecked(true);
        const auto& provided = window.tokenColumns()->columns();
        for (std::size_t j = 0; j < provided.size(); ++j) {
            QCOMPARE(provided[j].hit, std::min(s->reportedCacheRead[j], s->profile->inputTokens(j)));
            QCOMPARE(provided[j].hit + provided[j].missedCacheable + provided[j].fresh, s->profile->inputTokens(j));
        }
        window.tokenColumns()->providerToggle()->setChecked(false);
        // The provider-gap view compares the same reads with the modeled cache, request by request.
        auto* gapChart = window.findChild<kv::views::ProviderGapChart*>();
        std::uint64_t reads = 0, modeled = 0;
        const auto now = s->profile->evaluate(
            kv::core::CachePolicy::fromTokens(state->ttl(), state->capacityTokens(), s->blockSize));
        for (std::size_t j = 0; j < s->reportedUsage.size(); ++j)
            if (s->reportedUsage[j]) {
                reads += std::min(s->reportedCacheRead[j], s->profile->inputTokens(j));
                modeled += now.hitTokens[j];
            }
        QVERIFY(reads > 0);
        QCOMPARE(gapChart->gap().reportedCacheRead, reads);
        QCOMPARE(gapChart->gap().modeledHitTokens, modeled);
        // A capacity below the prompt size loses hits.
        panel->capacitySlider()->setValue(0);
        QVERIFY(window.tokenColumns()->plottedHitRate() < 0.5);
    }

    void everyViewPlotsTheEnginesNumbers()
    {
        kv::gui::MainWindow window;
        window.show();
        QSignalSpy shown(&window, &kv::gui::MainWindow::analysisShown);
        window.openPaths({ QStringLiteral(KV_SOURCE_DIR "/sample_traces") });
        QVERIFY(shown.wait(20000));
        auto* table = window.findChild<QTableView*>(QStringLiteral("sessions"));
        int row = -1;
        for (int r = 0; r < table->model()->rowCount(); ++r)
            if (table->model()->index(r, 0).data().toString() == QLatin1String("sample_tool_loop"))
                row = r;
        QVERIFY(row >= 0);
        window.selectSession(row);
        const kv::core::SessionAnalysis* s = window.currentSession();
        QCOMPARE(QString::fromStdString(s->name), QStringLiteral("sample_tool_loop"));
        const double ttl = window.whatIf()->ttl();
        // TTL curve: the analysis' curve, point by point.
        auto* ttlPlot = window.findChild<kv::views::TtlCurveChart*>()->plot();
        std::vector<kv::core::CurvePoint> finite;
        for (const auto& p : s->ttlCurve)
            if (std::isfinite(p.x))
                finite.push_back(p);
        QCOMPARE(ttlPlot->graph(0)->dataCount(), int(finite.size()));
        for (int i = 0; i < ttlPlot->graph(0)->dataCount(); ++i) {
            QCOMPARE(ttlPlot->graph(0)->data()->at(i)->key, finite[std::size_t(i)].x);
            QCOMPARE(ttlPlot->graph(0)->data()->at(i)->value, finite[std::size_t(i)].hitRate() * 100.0);
            QCOMPARE(ttlPlot->graph(1)->data()->at(i)->value, finite[std::size_t(i)].refreshFactor());
        }
        // Working set under 5 minutes: the profile's resident blocks after each request.
        auto* wsPlot = window.findChild<kv::views::WorkingSetChart*>()->plot();
        std::size_t matched = 0;
        const auto data = wsPlot->graph(1)->data();
        for (std::size_t j = 0, i = 0; j < s->requestTimes.size(); ++j) {
            while (i < std::size_t(data->size()) && data->at(int(i))->key < s->requestTimes[j])
                ++i;
            QVERIFY(i < std::size_t(data->size()));
            const std::uint64_t blocks = s->profile->workingSetBlocks(j, 300.0, kv::core::kUnlimited);
            // Requests at the same second share a key; the last of them is what stays drawn.
            if (j + 1 < s->requestTimes.size() && s->requestTimes[j + 1] == s->requestTimes[j])
                continue;
            while (i + 1 < std::size_t(data->size()) && data->at(int(i) + 1)->key == s->requestTimes[j])
                ++i;
            QCOMPARE(data->at(int(i))->value, double(blocks) * s->blockSize);
            ++matched;
        }
        QVERIFY(matched > 100);
        // Capacity curve: the profile's hit rate at each capacity of the grid, at the slider's TTL.
        auto* capPlot = window.findChild<kv::views::CapacityCurveChart*>()->plot();
        const kv::core::AccessProfile* one[] = { s->profile.get() };
        const auto curve = kv::core::capacityCurve(one, s->capacityGrid, ttl);
        QCOMPARE(capPlot->graph(0)->dataCount(), int(curve.size()));
        for (std::size_t i = 0; i < curve.size(); ++i)
            QCOMPARE(capPlot->graph(0)->data()->at(int(i))->value, curve[i].hitRate() * 100.0);
        // Request gaps: every gap counted once, in its colour.
        auto* gapsPlot = window.findChild<kv::views::RequestGapsChart*>()->plot();
        auto total = [](const QCPAbstractPlottable* p) {
            double sum = 0;
            const auto* bars = static_cast<const QCPBars*>(p);
            for (int i = 0; i < bars->data()->size(); ++i)
                sum += bars->data()->at(i)->value;
            return sum;
        };
        QCOMPARE(total(gapsPlot->plottable(0)), double(s->gaps.toolLoop.size()));
        QCOMPARE(total(gapsPlot->plottable(1)), double(s->gaps.human.size()));
        // Prompt composition: each request's stack is its segments.
        auto* compPlot = window.findChild<kv::views::PromptCompositionChart*>()->plot();
        for (int j = 0; j < int(s->segments.size()); ++j) {
            double stacked = 0, segments = 0;
            for (int k = 0; k < compPlot->plottableCount(); ++k)
                stacked += static_cast<QCPBars*>(compPlot->plottable(k))->data()->at(j)->value;
            for (const auto& sg : s->segments[std::size_t(j)])
                segments += sg.tokens;
            QCOMPARE(stacked, segments);
        }
        // Miss causes: each request's stack is its prompt; the causes are the engine's, per request.
        auto* misses = window.findChild<kv::views::MissCausesChart*>();
        const auto policy = kv::core::CachePolicy::fromTokens(ttl, window.whatIf()->capacityTokens(), s->blockSize);
        const kv::core::MissSummary expected = kv::core::summarizeMisses(*s, policy);
        QCOMPARE(misses->summary().causes, expected.causes);
        QVERIFY(misses->summaryText().contains(QStringLiteral("missed the cache")));
        auto* missPlot = misses->plot();
        for (int j = 0; j < int(s->profile->requestCount()); ++j) {
            double stacked = 0;
            for (int k = 0; k < missPlot->plottableCount(); ++k)
                stacked += static_cast<QCPBars*>(missPlot->plottable(k))->data()->at(j)->value;
            QCOMPARE(stacked, double(s->profile->inputTokens(std::size_t(j))));
            QCOMPARE(static_cast<QCPBars*>(missPlot->plottable(1))->data()->at(j)->value,
                double(expected.perRequest[std::size_t(j)].tokensOf(kv::core::MissCause::Cold)));
        }
        // Chunks: the histogram and the kinds are the engine's per-chunk counts; the table its top list.
        auto* chunks = window.findChild<kv::views::ChunksChart*>();
        QAbstractItemModelTester chunksModel(
            chunks->table()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        const kv::core::ChunkRefresh refresh = kv::core::chunkRefresh(*s, policy, 50);
        QCOMPARE(chunks->chunks().histogram, refresh.histogram);
        double drawnBlocks = 0, drawnPrefills = 0;
        for (int k = 0; k < 2; ++k) {
            const auto* bars = static_cast<QCPBars*>(chunks->plot()->plottable(k));
            for (int i = 0; i < bars->dataCount(); ++i) {
                drawnBlocks += bars->data()->at(i)->value;
                drawnPrefills += bars->data()->at(i)->value * bars->data()->at(i)->key;
            }
        }
        QCOMPARE(drawnBlocks, double(s->atStandardTtl[1].uniqueBlocks));
        QCOMPARE(drawnPrefills, double(s->atStandardTtl[1].prefilledBlocks));
        QCOMPARE(chunks->table()->model()->rowCount(), 50);
        QCOMPARE(chunks->table()->model()->index(0, kv::views::TopChunksModel::Prefills).data().toString(),
            QLocale().toString(refresh.top[0].prefills));
        QVERIFY(chunks->summaryText().contains(QStringLiteral("refresh factor")));
        // Cost: the bars are the session's costs, and knowing the future is never dearer.
        auto* cost = window.findChild<kv::views::CostChart*>();
        QVERIFY(s->cost);
        QCOMPARE(cost->dollars().size(), std::size_t(5));
        QVERIFY(std::isnan(cost->dollars()[0])); // a hash trace: nothing was charged
        QCOMPARE(cost->dollars()[2], s->cost->fiveMinute);
        QCOMPARE(cost->dollars()[4], s->cost->clairvoyant);
        QVERIFY(s->cost->clairvoyant <= std::min({ s->cost->noCache, s->cost->fiveMinute, s->cost->oneHour }));
        QCOMPARE(static_cast<QCPBars*>(cost->plot()->plottable(0))->dataCount(), 4);
        // Serving: the session's point is the engine's hits through the GPU model.
        auto* serving = window.findChild<kv::views::ServingChart*>();
        const kv::core::SessionServing expectedServing = kv::core::sessionServing(*s, policy, serving->rates());
        QCOMPARE(serving->serving().gpuSeconds, expectedServing.gpuSeconds);
        QCOMPARE(serving->plot()->graph(6)->data()->at(0)->value, expectedServing.outputPerSecond());
        QVERIFY(serving->serving().gpuSecondsWithoutCache > serving->serving().gpuSeconds);
        // Memory tiers: the hits of the typed tiers, adding up to one cache of their summed size.
        auto* tiersChart = window.findChild<kv::views::TiersChart*>();
        tiersChart->tiersEdit()->setText(QStringLiteral("hbm=2GiB,dram=8GiB"));
        emit tiersChart->tiersEdit()->editingFinished();
        const auto* spec = kv::core::findKvModel(
            kv::core::builtinKvModels(), tiersChart->modelBox()->currentData().toString().toStdString());
        QVERIFY(spec);
        const kv::core::MemoryTier typed[] = { { "hbm", 2ull << 30 }, { "dram", 8ull << 30 } };
        const auto tierBlocks = kv::core::tierCapacityBlocks(typed, *spec, s->blockSize);
        const auto whole = s->profile->evaluate(kv::core::CachePolicy { ttl, tierBlocks[0] + tierBlocks[1] });
        QCOMPARE(tiersChart->hits().tokens.size(), std::size_t(2));
        QCOMPARE(tiersChart->hits().tokens[0] + tiersChart->hits().tokens[1], whole.totals.hitTokens);
        QCOMPARE(tiersChart->hits().hitTokens, whole.totals.hitTokens);
        tiersChart->tiersEdit()->setText(QStringLiteral("hbm=lots"));
        emit tiersChart->tiersEdit()->editingFinished();
        QCOMPARE(tiersChart->hits().tokens.size(), std::size_t(0)); // refused, nothing drawn
        tiersChart->tiersEdit()->setText(QStringLiteral("hbm=40GiB,dram=512GiB,nvme=4TiB"));
        emit tiersChart->tiersEdit()->editingFinished();
        // Sub-agent sharing: per request, its blocks by first writer add up to its blocks.
        auto* sharingPlot = window.findChild<kv::views::SubagentSharingChart*>()->plot();
        const QStringList csv = sharingPlot->property(kv::views::kOwnCsvProperty).toString().split(QLatin1Char('\n'));
        std::vector<std::uint64_t> blocks(s->profile->requestCount(), 0);
        for (int i = 1; i < csv.size(); ++i) {
            if (csv[i].isEmpty())
                continue;
            const QStringList f = csv[i].split(QLatin1Char(','));
            blocks[f.first().toULongLong()] += f.last().toULongLong();
        }
        for (std::size_t j = 0; j < blocks.size(); ++j)
            QCOMPARE(blocks[j], std::uint64_t(s->profile->blockCount(j)));
    }

    void severalRowsAreReplayedIntoOneSharedCache()
    {
        kv::gui::MainWindow window;
        window.show();
        QSignalSpy shown(&window, &kv::gui::MainWindow::analysisShown);
        window.openPaths({ QStringLiteral(KV_SOURCE_DIR "/sample_traces/kv-cache-tester") });
        QVERIFY(shown.wait(20000));
        QCOMPARE(window.sessionModel()->rowCount(), 3);
        QSignalSpy views(&window, &kv::gui::MainWindow::viewsShown);
        window.selectSessions({ 1, 2, 0 }); // the current row moves too: only the combined view may report
        QVERIFY(views.count() > 0 || views.wait(20000));
        QCOMPARE(views.count(), 1);
        const kv::core::SessionAnalysis* s = window.currentSession();
        QVERIFY(s);
        QCOMPARE(QString::fromStdString(s->name), QStringLiteral("3 sessions"));
        // The same replay as the fleet: every session's requests into one cache.
        const auto snap = window.sessionModel()->snapshot();
        std::uint64_t requests = 0;
        for (const auto& one : snap->sessions)
            requests += one.profile->requestCount();
        QCOMPARE(std::uint64_t(s->profile->requestCount()), requests);
        // `kvscope-cli replay --shared-cache --ttl 300 sample_traces/kv-cache-tester`
        QCOMPARE(s->atStandardTtl[1].hitTokens, 5642304ull);
        QCOMPARE(s->atStandardTtl[1].inputTokens, 7360753ull);
        QCOMPARE(window.tokenColumns()->plottedHitRate(),
            s->profile
                ->evaluate(kv::core::CachePolicy::fromTokens(
                    window.whatIf()->ttl(), window.whatIf()->capacityTokens(), s->blockSize))
                .totals.hitRate());
        // Back to one row: its own analysis again.
        views.clear();
        window.selectSession(1);
        QVERIFY(views.count() > 0);
        QCOMPARE(window.currentSession()->name,
            window.findChild<QTableView*>(QStringLiteral("sessions"))
                ->model()
                ->index(1, kv::views::SessionTableModel::Name)
                .data()
                .toString()
                .toStdString()); // row 1 of the table as sorted
    }

    void fleetTimingRetimesTheSelection()
    {
        kv::gui::MainWindow window;
        window.show();
        QSignalSpy shown(&window, &kv::gui::MainWindow::analysisShown);
        window.openPaths({ QStringLiteral(KV_SOURCE_DIR "/sample_traces/kv-cache-tester") });
        QVERIFY(shown.wait(20000));
        auto* fleet = window.fleetChart();
        QVERIFY(fleet->setTiming(QStringLiteral("recorded"), 1));
        QSignalSpy views(&window, &kv::gui::MainWindow::viewsShown);
        window.selectSessions({ 0, 1, 2 });
        QVERIFY(views.count() > 0 || views.wait(20000));
        const kv::core::SessionAnalysis* recorded = window.currentSession();
        QVERIFY(recorded && recorded->fleet);
        QCOMPARE(recorded->fleet->members.size(), std::size_t(3));
        for (const auto& m : recorded->fleet->members)
            QCOMPARE(m.start, 0.0); // hash traces all start at 0
        const std::vector<double> lengths = [&] {
            std::vector<double> out;
            for (const auto& m : recorded->fleet->members)
                out.push_back(m.end - m.start);
            return out;
        }();
        // Starting at random within two hours: the views follow the re-timed fleet.
        QSignalSpy ready(window.controller(), &kv::views::AnalysisController::selectionReady);
        QVERIFY(fleet->setTiming(QStringLiteral("window=2h"), 3));
        QVERIFY(ready.wait(20000));
        const kv::core::SessionAnalysis* retimed = window.currentSession();
        QVERIFY(retimed && retimed->fleet);
        QCOMPARE(retimed->fleet->timing.mode, kv::core::FleetTiming::Mode::Window);
        double latest = 0;
        for (std::size_t i = 0; i < 3; ++i) {
            const auto& m = retimed->fleet->members[i];
            QVERIFY(m.start >= 0 && m.start < 7200);
            latest = std::max(latest, m.start);
            QCOMPARE(m.end - m.start, lengths[i]); // each session keeps its shape
        }
        QVERIFY(latest > 0);
        QVERIFY(fleet->summaryText().contains(QStringLiteral("random starts within 2 h (seed 3)")));
        // Local hashes share nothing and the capacity is unlimited: each session hits in the shared
        // cache exactly as in a cache of its own, and the fleet's hits are their sum.
        QCOMPARE(fleet->inFleet().size(), std::size_t(3));
        std::uint64_t hits = 0;
        for (std::size_t i = 0; i < 3; ++i) {
            QCOMPARE(fleet->inFleet()[i].hitTokens, fleet->alone()[i].hitTokens);
            QCOMPARE(fleet->inFleet()[i].inputTokens, fleet->alone()[i].inputTokens);
            hits += fleet->inFleet()[i].hitTokens;
        }
        QCOMPARE(hits, retimed->atStandardTtl[1].hitTokens);
        // A small shared cache: the sessions evict each other's blocks.
        window.whatIf()->setCapacityTokens(50000);
        std::uint64_t fleetHits = 0, aloneHits = 0;
        for (std::size_t i = 0; i < 3; ++i) {
            QVERIFY(fleet->inFleet()[i].hitTokens <= fleet->alone()[i].hitTokens);
            fleetHits += fleet->inFleet()[i].hitTokens;
            aloneHits += fleet->alone()[i].hitTokens;
        }
        QVERIFY(fleetHits < aloneHits);
        window.whatIf()->setCapacityTokens(kv::core::kUnlimited);
        QVERIFY(!fleet->setTiming(QStringLiteral("window=soon"), 1)); // refused, nothing changes
        QCOMPARE(fleet->timing().mode, kv::core::FleetTiming::Mode::Window);
    }

    void mixedBlockSizesCannotShareACache()
    {
        kv::gui::MainWindow window;
        window.show();
        QSignalSpy shown(&window, &kv::gui::MainWindow::analysisShown);
        window.openPaths({ QStringLiteral(KV_SOURCE_DIR "/sample_traces") });
        QVERIFY(shown.wait(20000));
        QSignalSpy views(&window, &kv::gui::MainWindow::viewsShown);
        QList<int> all;
        for (int r = 0; r < window.sessionModel()->rowCount(); ++r)
            all << r;
        window.selectSessions(all);
        QVERIFY(views.wait(20000));
        QVERIFY2(window.selectionError().contains(QStringLiteral("512")), qPrintable(window.selectionError()));
        QVERIFY(window.currentSession()); // the current row is still shown
        QVERIFY(window.statusBar()->findChild<QLabel*>()->text().contains(QStringLiteral("cannot be shown")));
    }

    void chartsWithMorePointsThanPixelsAreReduced()
    {
        // A long synthetic session: far more requests than any chart has pixels.
        kv::core::SyntheticSpec spec;
        spec.requests = 6000;
        spec.subagentChance = 0.02;
        const kv::core::SessionAnalysis a = kv::core::analyzeSession(kv::core::makeSyntheticSession(spec));
        const std::size_t n = a.profile->requestCount();
        QVERIFY(n > 6000);
        const auto policy = kv::core::CachePolicy::fromTokens(300, kv::core::kUnlimited, a.blockSize);
        kv::views::TokenColumnsChart columns;
        columns.resize(1000, 600);
        columns.show(&a, policy);
        QCOMPARE(columns.columns().size(), n); // the engine's numbers stay whole
        const auto& drawn = columns.drawnRequests();
        QVERIFY2(drawn.size() <= 600, qPrintable(QString::number(drawn.size())));
        // Each drawn column is the tallest of its part of the axis, so the envelope survives.
        double tallest = 0, tallestDrawn = 0;
        for (std::size_t j = 0; j < n; ++j) {
            const auto& c = columns.columns()[j];
            tallest = std::max(tallest, double(c.hit + c.missedCacheable + c.fresh + c.output));
        }
        for (std::uint32_t j : drawn) {
            const auto& c = columns.columns()[j];
            tallestDrawn = std::max(tallestDrawn, double(c.hit + c.missedCacheable + c.fresh + c.output));
        }
        QCOMPARE(tallestDrawn, tallest);
        // Zoomed in to 100 requests, every one of them is drawn.
        columns.plot()->xAxis->setRange(1000, 1099);
        QCOMPARE(columns.drawnRequests().size(), std::size_t(100));
        QCOMPARE(columns.drawnRequests().front(), 1000u);

        kv::views::WorkingSetChart ws;
        ws.resize(1000, 600);
        ws.setSession(&a, policy);
        for (int g = 0; g < 6; ++g)
            QVERIFY2(ws.drawnPoints(g) <= 4 * 600 + 2, qPrintable(QString::number(ws.drawnPoints(g))));
        kv::views::PromptCompositionChart composition;
        composition.show(&a);
        QVERIFY(composition.drawnRequests().size() <= 600);
        kv::views::SubagentSharingChart sharing;
        sharing.show(&a);
        QVERIFY(sharing.drawnColumns() <= int(600 * a.agentLabels.size()));
        QVERIFY(sharing.drawnColumns() < int(n));
    }

    void darkThemeReachesTheCharts()
    {
        kv::gui::MainWindow window;
        window.show();
        QSignalSpy shown(&window, &kv::gui::MainWindow::analysisShown);
        window.openPaths({ QStringLiteral(KV_SOURCE_DIR "/sample_traces/kv-cache-tester") });
        QVERIFY(shown.wait(20000));
        const auto plots = window.findChildren<QCustomPlot*>();
        QVERIFY(!plots.isEmpty());
        kv::gui::MainWindow::setDarkTheme(true);
        QCoreApplication::processEvents();
        const QPalette dark = kv::views::darkPalette();
        for (QCustomPlot* p : plots) {
            QCOMPARE(p->xAxis->tickLabelColor(), dark.color(QPalette::WindowText));
            const QImage image = p->toPixmap(400, 300).toImage();
            QVERIFY2(image.pixelColor(2, 2).lightness() < 60, qPrintable(p->objectName()));
        }
        kv::gui::MainWindow::setDarkTheme(false);
        QCoreApplication::processEvents();
        for (QCustomPlot* p : plots)
            QVERIFY(p->toPixmap(400, 300).toImage().pixelColor(2, 2).lightness() > 200);
    }

    void inspectorShowsWhereTheKeptTextDiverges()
    {
        kv::views::AnalysisController controller;
        controller.setKeepText(true);
        QSignalSpy snap(&controller, &kv::views::AnalysisController::snapshotReady);
        controller.openPaths({ QStringLiteral(KV_SOURCE_DIR "/sample_traces/claude-code") });
        QVERIFY(snap.wait(20000));
        const auto& a = controller.snapshot()->sessions.at(0);
        QVERIFY(a.promptText);
        // The main agent's second call repeats the first prompt, then adds its answer and tool results.
        std::size_t second = 0, seen = 0;
        for (std::size_t j = 0; j < a.requestAgent.size(); ++j)
            if (a.requestAgent[j] == 0 && ++seen == 2)
                second = j;
        const QString html = kv::views::RequestInspector::describe(a, second, { 300.0, kv::core::kUnlimited });
        QVERIFY2(html.contains(QStringLiteral("repeats the first")), qPrintable(html));
        QVERIFY(html.contains(QStringLiteral("<pre")));
    }
};

QTEST_MAIN(TstMainWindow)
#include "tst_main_window.moc"
