// SPDX-License-Identifier: Apache-2.0
// What level of detail buys when drawing: the token-columns chart of a long session (reduced
// to the pixels, STYLE.md section 5) against the same stacked bars handed whole to QCustomPlot.
// Both render into an offscreen 1200x700 pixmap.
#include "kv/core/session_analysis.h"
#include "kv/core/synthetic_session.h"
#include "widgets/token_columns_chart.h"
#include "widgets/working_set_chart.h"

#include <QApplication>
#include <qcustomplot.h>

#include <benchmark/benchmark.h>

using namespace kv;

namespace {

const core::SessionAnalysis& longSession(int requests)
{
    static std::map<int, core::SessionAnalysis> cache;
    auto it = cache.find(requests);
    if (it == cache.end()) {
        core::SyntheticSpec spec;
        spec.seed = 9;
        spec.requests = std::uint32_t(requests);
        spec.subagentChance = 0.02;
        it = cache.emplace(requests, core::analyzeSession(core::makeSyntheticSession(spec))).first;
    }
    return it->second;
}

const core::CachePolicy kFiveMinutes = core::CachePolicy::fromTokens(300, core::kUnlimited, 64);

void BM_TokenColumnsReduced(benchmark::State& state)
{
    const core::SessionAnalysis& a = longSession(int(state.range(0)));
    views::TokenColumnsChart chart;
    chart.resize(1200, 700);
    for (auto _ : state) {
        chart.show(&a, kFiveMinutes);
        benchmark::DoNotOptimize(chart.plot()->toPixmap(1200, 700).cacheKey());
    }
    state.counters["requests"] = double(a.profile->requestCount());
    state.counters["drawn"] = double(chart.drawnRequests().size());
}
BENCHMARK(BM_TokenColumnsReduced)->Arg(1000)->Arg(20000)->Unit(benchmark::kMillisecond);

// The same four stacked bar series, every request handed to QCustomPlot.
void BM_TokenColumnsWhole(benchmark::State& state)
{
    const core::SessionAnalysis& a = longSession(int(state.range(0)));
    QCustomPlot plot;
    plot.resize(1200, 700);
    QCPBars* below = nullptr;
    std::vector<QCPBars*> bars;
    for (int k = 0; k < 4; ++k) {
        auto* b = new QCPBars(plot.xAxis, plot.yAxis);
        b->setWidth(0.85);
        b->setPen(Qt::NoPen);
        b->setBrush(QColor::fromHsv(k * 60, 120, 220));
        if (below)
            b->moveAbove(below);
        below = b;
        bars.push_back(b);
    }
    for (auto _ : state) {
        const auto columns = core::tokenColumns(a, kFiveMinutes);
        QVector<double> x, v[4];
        for (std::size_t j = 0; j < columns.size(); ++j) {
            x << double(j);
            v[0] << double(columns[j].hit);
            v[1] << double(columns[j].missedCacheable);
            v[2] << double(columns[j].fresh);
            v[3] << double(columns[j].output);
        }
        for (int k = 0; k < 4; ++k)
            bars[std::size_t(k)]->setData(x, v[k], true);
        plot.xAxis->setRange(-1, double(columns.size()));
        plot.yAxis->rescale();
        benchmark::DoNotOptimize(plot.toPixmap(1200, 700).cacheKey());
    }
    state.counters["requests"] = double(a.profile->requestCount());
}
BENCHMARK(BM_TokenColumnsWhole)->Arg(1000)->Arg(20000)->Unit(benchmark::kMillisecond);

void BM_WorkingSetReduced(benchmark::State& state)
{
    const core::SessionAnalysis& a = longSession(int(state.range(0)));
    views::WorkingSetChart chart;
    chart.resize(1200, 700);
    for (auto _ : state) {
        chart.setSession(&a, kFiveMinutes);
        benchmark::DoNotOptimize(chart.plot()->toPixmap(1200, 700).cacheKey());
    }
    state.counters["points"] = double(chart.drawnPoints(0));
}
BENCHMARK(BM_WorkingSetReduced)->Arg(1000)->Arg(20000)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
