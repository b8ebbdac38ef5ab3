// SPDX-License-Identifier: Apache-2.0
// What the desktop views cost on a 1,000-request session: the analysis behind the first chart,
// and one what-if slider move (every view's numbers under a new policy, no new replay).
#include "kv/core/access_profile.h"
#include "kv/core/session_analysis.h"
#include "kv/core/synthetic_session.h"

#include <benchmark/benchmark.h>

using namespace kv;

namespace {

const core::Session& thousandRequests()
{
    static const core::Session s = [] {
        core::SyntheticSpec spec;
        spec.seed = 5;
        spec.requests = 1000;
        spec.systemBlocks = 300;
        spec.maxNewBlocks = 30;
        spec.compactionChance = 0.01;
        return core::makeSyntheticSession(spec);
    }();
    return s;
}

void BM_AnalyzeSession1000Requests(benchmark::State& state)
{
    const core::Session& s = thousandRequests();
    for (auto _ : state)
        benchmark::DoNotOptimize(core::analyzeSession(s).ttlCurve.size());
    state.counters["requests"] = double(s.requests.size());
}
BENCHMARK(BM_AnalyzeSession1000Requests)->Unit(benchmark::kMillisecond);

void BM_WhatIfMove1000Requests(benchmark::State& state)
{
    const core::SessionAnalysis a = core::analyzeSession(thousandRequests());
    std::size_t step = 0;
    for (auto _ : state) {
        const core::CachePolicy p { a.ttlGrid[step++ % a.ttlGrid.size()], 200000 };
        benchmark::DoNotOptimize(a.profile->evaluate(p).totals.hitTokens);
        benchmark::DoNotOptimize(core::tokenColumns(a, p).size());
        for (std::size_t j = 0; j < a.profile->requestCount(); ++j)
            benchmark::DoNotOptimize(a.profile->workingSetBlocks(j, p.ttl, p.capacityBlocks));
        const core::AccessProfile* one[] = { a.profile.get() };
        benchmark::DoNotOptimize(core::capacityCurve(one, a.capacityGrid, p.ttl).size());
    }
}
BENCHMARK(BM_WhatIfMove1000Requests)->Unit(benchmark::kMicrosecond);

} // namespace
