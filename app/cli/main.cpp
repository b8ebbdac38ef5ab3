// SPDX-License-Identifier: Apache-2.0
// kvscope-cli: import agent traces and logs, replay them through a modeled KV cache, print
// hit rates, curves and corpus statistics. Links kv_core and kv_importers only (no Qt).
#include "commands.h"

#include <cstring>
#include <iostream>
#include <map>

namespace {

const char* kUsage = R"(usage: kvscope-cli COMMAND [OPTIONS] [PATH...]

KV-cache analytics for AI agent traces.

commands:
  import   read trace files and directories into a store (--db FILE)
  replay   hit rate, prefills and peak working set per session under a TTL and capacity
  curve    hit rate and refresh factor against TTL or capacity, from one replay
  stats    the corpus table: requests, input/output tokens, think and API time, hit rate
  report   a readable summary: hit rates at 1 min, 5 min, 1 h and no TTL, refresh, working set
  misses   where misses come from: cold, expired (after a person's turn or in a tool loop),
           evicted, prefix-broken, with a plain-language summary
  chunks   which chunks are prefilled again and again: per-chunk counts, refresh per segment kind
  provider the modeled cache against the provider's reported cache reads (agent logs)
  fleet    all sessions in one shared cache, at recorded times or re-timed: hit rates, working
           set, capacity curve, tiers, what the sessions share
  cost     prompt cost as charged, with no cache, 5-minute or 1-hour writes, and the clairvoyant optimum
  serving  output tokens/s per GPU against context length and hit rate, the sessions placed on it
  simulate users replay the sessions against a modeled serving instance with HBM, DRAM and NVMe
           KV tiers: TTFT, throughput, hits by tier, users held within the objectives
  runs     the simulator runs kept in a store: list them, show or compare them, JSON or CSV
  serve-sim  a simulated OpenAI-compatible server on loopback, its answers timed by the serving
           model with a real prefix cache, faults on request
  tiers    hits by memory tier (HBM, DRAM, NVMe) for a model's KV size, and the bytes per second
           each tier sends back to the GPU
  export   write sessions as kv-cache-tester or Mooncake trace files for other load testers

Run 'kvscope-cli COMMAND --help' for a command's options. PATHs are trace files and agent logs
(kv-cache-tester, Mooncake, Claude Code, Codex; plain or .zst) or directories searched
recursively; --claude and --codex add the agents' default log locations. Without --db,
commands use a private in-memory store.
)";

} // namespace

int main(int argc, char** argv)
{
    std::ios::sync_with_stdio(false);
    if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
        std::cout << kUsage;
        return argc < 2 ? 2 : 0;
    }
    if (!std::strcmp(argv[1], "--version")) {
        std::cout << "kvscope-cli " << KVSCOPE_VERSION << '\n';
        return 0;
    }
    const std::map<std::string, int (*)(const kv::cli::Args&, std::ostream&, std::ostream&)> commands {
        { "import", kv::cli::runImport },
        { "replay", kv::cli::runReplay },
        { "curve", kv::cli::runCurve },
        { "stats", kv::cli::runStats },
        { "report", kv::cli::runReport },
        { "export", kv::cli::runExport },
        { "misses", kv::cli::runMisses },
        { "tiers", kv::cli::runTiers },
        { "chunks", kv::cli::runChunks },
        { "provider", kv::cli::runProvider },
        { "fleet", kv::cli::runFleet },
        { "cost", kv::cli::runCost },
        { "serving", kv::cli::runServing },
        { "simulate", kv::cli::runSimulate },
        { "runs", kv::cli::runRuns },
        { "serve-sim", kv::cli::runServeSim },
    };
    auto it = commands.find(argv[1]);
    if (it == commands.end()) {
        std::cerr << "kvscope-cli: unknown command '" << argv[1] << "'\n\n" << kUsage;
        return 2;
    }
    const kv::cli::Args args(argv + 2, argv + argc);
    const int rc = it->second(args, std::cout, std::cerr);
    std::cout.flush();
    return rc;
}
