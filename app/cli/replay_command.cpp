// SPDX-License-Identifier: Apache-2.0
// kvscope-cli replay: per-session hit rate, prefilled and unique blocks, refresh factor and
// peak working set under one TTL and capacity. The --json keys are a stable contract.
#include "cli_common.h"
#include "commands.h"
#include "text_table.h"

#include "kv/core/access_profile.h"
#include "kv/core/replay_input.h"
#include "kv/core/step_replay.h"

#include <nlohmann/json.hpp>
#include <ostream>

namespace kv::cli {

int runReplay(const Args& argv, std::ostream& out, std::ostream& err)
{
    ArgParser args("kvscope-cli replay [--db FILE] [--ttl SECONDS|inf] [--capacity TOKENS] [--json] [PATH...]",
        "Replays every selected session through a modeled KV cache and prints, per session, its hit\n"
        "rate, prefilled and unique blocks, refresh factor and peak working set. PATHs are imported\n"
        "first; without PATHs every session in --db is replayed.");
    addStoreOptions(args);
    args.option("ttl", "SECONDS", "time-to-live of a cached block: seconds, 30s, 5m, 1h, or inf (default inf)");
    args.option("capacity", "TOKENS", "cache capacity in tokens, LRU eviction (default unlimited)");
    args.flag("json", "one JSON object per session per line");
    args.option("engine", "NAME", "one-pass (default) or step: the step-by-step reference simulation");
    args.epilog("JSON keys: session, requests, input_tokens, hit_tokens, hit_rate, prefilled_blocks,\n"
                "unique_blocks, refresh_factor, peak_working_set_tokens.");
    std::string error;
    if (!args.parse(argv, error))
        return usageError(err, "replay", error);
    if (args.helpRequested()) {
        out << args.help();
        return 0;
    }
    auto ttl = parseSeconds(args.value("ttl", "inf"));
    if (!ttl)
        return usageError(err, "replay", "--ttl: " + ttl.message());
    auto capacity = parseTokenCount(args.value("capacity", "inf"));
    if (!capacity)
        return usageError(err, "replay", "--capacity: " + capacity.message());
    const std::string engine = args.value("engine", "one-pass");
    if (engine != "one-pass" && engine != "step")
        return usageError(err, "replay", "--engine must be one-pass or step");
    const bool json = args.has("json");

    auto ws = openWorkspace(args, err, true);
    if (!ws)
        return usageError(err, "replay", ws.message());

    TextTable table({ "session", "requests", "input tokens", "hit tokens", "hit rate", "prefilled", "unique",
        "refresh", "peak working set" });
    core::ReplayTotals total;
    std::uint64_t peakMax = 0;
    std::size_t sessions = 0;
    std::uint32_t blockSize = 64;
    struct Replayed
    {
        std::string name;
        std::uint32_t blockSize;
        core::ReplayTotals totals;
        std::uint64_t peak;
    };
    const std::function<Replayed(const core::Session&)> work = [&](const core::Session& s) {
        const core::ReplayInput input = core::makeReplayInput(s);
        const core::CachePolicy policy = core::CachePolicy::fromTokens(*ttl, *capacity, s.blockSize);
        const core::ReplayResult r
            = engine == "step" ? core::replayStepByStep(input, policy) : core::replayOnePass(input, policy);
        return Replayed { s.name, s.blockSize, r.totals, r.peakWorkingSetTokens() };
    };
    const std::function<void(Replayed&)> emit = [&](Replayed& r) {
        const core::ReplayTotals& t = r.totals;
        blockSize = r.blockSize;
        if (json) {
            nlohmann::ordered_json j;
            j["session"] = r.name;
            j["requests"] = t.requests;
            j["input_tokens"] = t.inputTokens;
            j["hit_tokens"] = t.hitTokens;
            j["hit_rate"] = t.hitRate();
            j["prefilled_blocks"] = t.prefilledBlocks;
            j["unique_blocks"] = t.uniqueBlocks;
            j["refresh_factor"] = t.refreshFactor();
            j["peak_working_set_tokens"] = r.peak;
            out << j.dump() << '\n';
        } else {
            table.addRow({ r.name, withThousands(t.requests), withThousands(t.inputTokens), withThousands(t.hitTokens),
                percent(t.hitRate()), withThousands(t.prefilledBlocks), withThousands(t.uniqueBlocks),
                fixed(t.refreshFactor(), 2), withThousands(r.peak) });
        }
        ++sessions;
        total.requests += t.requests;
        total.inputTokens += t.inputTokens;
        total.hitTokens += t.hitTokens;
        total.prefilledBlocks += t.prefilledBlocks;
        total.uniqueBlocks += t.uniqueBlocks;
        peakMax = std::max(peakMax, r.peak);
    };
    const core::Status st = mapSessions(*ws, work, emit);
    if (!st) {
        err << "kvscope-cli replay: " << st.message() << '\n';
        return 1;
    }
    if (!json) {
        if (sessions > 1) {
            table.addRule();
            table.addRow({ "total (" + std::to_string(sessions) + " sessions)", withThousands(total.requests),
                withThousands(total.inputTokens), withThousands(total.hitTokens), percent(total.hitRate()),
                withThousands(total.prefilledBlocks), withThousands(total.uniqueBlocks),
                fixed(total.refreshFactor(), 2), withThousands(peakMax) + " (max)" });
        }
        out << "policy: " << core::CachePolicy::fromTokens(*ttl, *capacity, blockSize).describe(blockSize)
            << "; each session replayed into its own cache\n\n";
        table.print(out);
    }
    return ws->inputFailed ? 1 : 0;
}

} // namespace kv::cli
