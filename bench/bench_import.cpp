// SPDX-License-Identifier: Apache-2.0
// Import speed over the 48 shared traces, in MB/s of JSON: the kv-cache-tester parser alone,
// nlohmann's SAX parser for comparison (why simdjson), and the whole job from .zst files on
// disk into an in-memory store.
#include "bench_data.h"
#include "kv/core/trace_store.h"
#include "kv/importers/import_job.h"
#include "kv/importers/json_error.h"
#include "kv/importers/kv_cache_tester_importer.h"

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

using namespace kv;

namespace {

std::uint64_t jsonBytes()
{
    std::uint64_t n = 0;
    for (const auto& f : bench::traceFiles())
        n += f.bytes.size();
    return n;
}

void BM_ParseKvCacheTester(benchmark::State& state)
{
    importers::KvCacheTesterImporter imp;
    for (auto _ : state)
        for (const auto& f : bench::traceFiles())
            benchmark::DoNotOptimize(imp.parse(f)->sessions.size());
    state.SetBytesProcessed(std::int64_t(state.iterations() * jsonBytes()));
}
BENCHMARK(BM_ParseKvCacheTester)->Unit(benchmark::kMillisecond);

void BM_NlohmannSaxBaseline(benchmark::State& state)
{
    // Parsing alone, building nothing: the floor for an importer on nlohmann's parser.
    struct Count : importers::AcceptAllJsonSax
    {
        std::uint64_t n = 0;
        bool number_integer(number_integer_t) override { return ++n; }
        bool number_unsigned(number_unsigned_t) override { return ++n; }
    };
    for (auto _ : state) {
        for (const auto& f : bench::traceFiles()) {
            Count c;
            nlohmann::json::sax_parse(f.bytes.begin(), f.bytes.end(), &c);
            benchmark::DoNotOptimize(c.n);
        }
    }
    state.SetBytesProcessed(std::int64_t(state.iterations() * jsonBytes()));
}
BENCHMARK(BM_NlohmannSaxBaseline)->Unit(benchmark::kMillisecond);

void BM_ImportJobIntoMemoryStore(benchmark::State& state)
{
    const auto paths = bench::tracePaths();
    const auto registry = importers::ImporterRegistry::withDefaults();
    for (auto _ : state) {
        auto store = core::TraceStore::open(":memory:");
        importers::ImportJob job(registry, *store);
        job.setThreads(unsigned(state.range(0)));
        core::NullProgress progress;
        core::CancelToken cancel;
        benchmark::DoNotOptimize(job.run(paths, progress, cancel).files.size());
    }
    state.SetBytesProcessed(std::int64_t(state.iterations() * jsonBytes()));
}
BENCHMARK(BM_ImportJobIntoMemoryStore)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_LoadSessionsFromStore(benchmark::State& state)
{
    auto store = core::TraceStore::open(":memory:");
    std::vector<std::int64_t> ids;
    std::uint64_t k = 0;
    for (const auto& s : bench::traceSessions())
        ids.push_back(store->addFile({ s.name, ++k, 0, "kv-cache-tester" }, { s })->at(0));
    for (auto _ : state)
        for (std::int64_t id : ids)
            benchmark::DoNotOptimize(store->loadSession(id)->blocks.size());
    state.SetItemsProcessed(std::int64_t(state.iterations() * bench::totalAccesses()));
}
BENCHMARK(BM_LoadSessionsFromStore)->Unit(benchmark::kMillisecond);

} // namespace
