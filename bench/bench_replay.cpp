// SPDX-License-Identifier: Apache-2.0
// Replay speed over the 48 shared traces: block look-ups per second for the step-by-step and
// one-pass paths, and the cost of a 64-point TTL curve against a single-TTL replay.
#include "bench_data.h"
#include "kv/core/access_profile.h"
#include "kv/core/curves.h"
#include "kv/core/step_replay.h"

#include <benchmark/benchmark.h>

using namespace kv;

namespace {

void setAccesses(benchmark::State& state)
{
    state.SetItemsProcessed(std::int64_t(state.iterations() * bench::totalAccesses()));
    state.counters["lookups_per_s"]
        = benchmark::Counter(double(bench::totalAccesses()), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_StepReplayTtl300(benchmark::State& state)
{
    const auto& inputs = bench::traceInputs();
    for (auto _ : state)
        for (const auto& in : inputs)
            benchmark::DoNotOptimize(core::replayStepByStep(in, { 300.0, core::kUnlimited }).totals);
    setAccesses(state);
}
BENCHMARK(BM_StepReplayTtl300)->Unit(benchmark::kMillisecond);

void BM_StepReplayTtl300Capacity4096(benchmark::State& state)
{
    const auto& inputs = bench::traceInputs();
    for (auto _ : state)
        for (const auto& in : inputs)
            benchmark::DoNotOptimize(core::replayStepByStep(in, { 300.0, 4096 }).totals);
    setAccesses(state);
}
BENCHMARK(BM_StepReplayTtl300Capacity4096)->Unit(benchmark::kMillisecond);

void BM_OnePassTtl300(benchmark::State& state)
{
    const auto& inputs = bench::traceInputs();
    for (auto _ : state)
        for (const auto& in : inputs)
            benchmark::DoNotOptimize(core::replayOnePass(in, { 300.0, core::kUnlimited }).totals);
    setAccesses(state);
}
BENCHMARK(BM_OnePassTtl300)->Unit(benchmark::kMillisecond);

void BM_OnePassTtlCurve64(benchmark::State& state)
{
    const auto& inputs = bench::traceInputs();
    const std::vector<double> grid = core::ttlGrid();
    for (auto _ : state) {
        for (const auto& in : inputs) {
            const core::AccessProfile p = core::AccessProfile::build(in, grid);
            const core::AccessProfile* one[] = { &p };
            benchmark::DoNotOptimize(core::ttlCurve(one, grid));
        }
    }
    setAccesses(state);
}
BENCHMARK(BM_OnePassTtlCurve64)->Unit(benchmark::kMillisecond);

void BM_StepTtlCurve64(benchmark::State& state)
{
    // The naive way to a curve: one step-by-step replay per point.
    const auto& inputs = bench::traceInputs();
    const std::vector<double> grid = core::ttlGrid();
    for (auto _ : state)
        for (const auto& in : inputs)
            for (double ttl : grid)
                benchmark::DoNotOptimize(core::replayStepByStep(in, { ttl, core::kUnlimited }).totals);
    setAccesses(state);
}
BENCHMARK(BM_StepTtlCurve64)->Unit(benchmark::kMillisecond)->Iterations(2);

void BM_MakeReplayInput(benchmark::State& state)
{
    const auto& sessions = bench::traceSessions();
    for (auto _ : state)
        for (const auto& s : sessions)
            benchmark::DoNotOptimize(core::makeReplayInput(s).uniqueBlocks);
    setAccesses(state);
}
BENCHMARK(BM_MakeReplayInput)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
