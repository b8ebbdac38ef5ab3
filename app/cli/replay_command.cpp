// SPDX-License-Identifier: Apache-2.0
// kvscope-cli replay: per-session hit rate, prefilled and unique blocks, refresh factor and
// peak working set under one TTL and capacity; per request with --per-request; all sessions in
// one cache with --shared-cache. The --json keys are a stable contract (replay_json.h).
#include "cli_common.h"
#include "commands.h"
#include "kv/core/access_profile.h"
#include "kv/core/replay_input.h"
#include "kv/core/step_replay.h"
#include "replay_json.h"
#include "text_table.h"

#include <ostream>

namespace kv::cli {

namespace {

struct Replayed
{
    std::string name;
    std::uint32_t blockSize = 64;
    core::ReplayTotals totals;
    std::uint64_t peak = 0;
    SessionFacts facts;
    std::vector<nlohmann::ordered_json> requests; // with --per-request
};

struct Options
{
    double ttl;
    std::uint64_t capacity;
    bool step;
    bool perRequest;
};

core::ReplayResult replay(const core::ReplayInput& input, const core::CachePolicy& policy, bool step)
{
    return step ? core::replayStepByStep(input, policy) : core::replayOnePass(input, policy);
}

class Printer
{
public:
    Printer(std::ostream& out, bool json)
        : m_out(out)
        , m_json(json)
        , m_table({ "session", "requests", "input tokens", "hit tokens", "hit rate", "prefilled", "unique", "refresh",
              "peak working set" })
    {
    }
    void add(const Replayed& r)
    {
        const core::ReplayTotals& t = r.totals;
        if (m_json && !r.requests.empty()) {
            for (const auto& o : r.requests)
                m_out << o.dump() << '\n';
        } else if (m_json) {
            m_out << sessionJson(r.name, t, r.peak, r.facts).dump() << '\n';
        } else {
            m_table.addRow({ r.name, withThousands(t.requests), withThousands(t.inputTokens),
                withThousands(t.hitTokens), percent(t.hitRate()), withThousands(t.prefilledBlocks),
                withThousands(t.uniqueBlocks), fixed(t.refreshFactor(), 2), withThousands(r.peak) });
        }
        ++m_sessions;
        m_total.requests += t.requests;
        m_total.inputTokens += t.inputTokens;
        m_total.hitTokens += t.hitTokens;
        m_total.prefilledBlocks += t.prefilledBlocks;
        m_total.uniqueBlocks += t.uniqueBlocks;
        m_peakMax = std::max(m_peakMax, r.peak);
        m_blockSize = r.blockSize;
    }
    void finish(const Options& o, const std::string& cacheNote)
    {
        if (m_json)
            return;
        if (m_sessions > 1) {
            m_table.addRule();
            m_table.addRow({ "total (" + std::to_string(m_sessions) + " sessions)", withThousands(m_total.requests),
                withThousands(m_total.inputTokens), withThousands(m_total.hitTokens), percent(m_total.hitRate()),
                withThousands(m_total.prefilledBlocks), withThousands(m_total.uniqueBlocks),
                fixed(m_total.refreshFactor(), 2), withThousands(m_peakMax) + " (max)" });
        }
        m_out << "policy: " << core::CachePolicy::fromTokens(o.ttl, o.capacity, m_blockSize).describe(m_blockSize)
              << "; " << cacheNote << "\n\n";
        m_table.print(m_out);
    }

private:
    std::ostream& m_out;
    bool m_json;
    TextTable m_table;
    core::ReplayTotals m_total;
    std::uint64_t m_peakMax = 0;
    std::size_t m_sessions = 0;
    std::uint32_t m_blockSize = 64;
};

core::Status replayShared(Workspace& ws, const Options& o, Printer& printer)
{
    std::vector<core::Session> sessions;
    if (core::Status st = forEachSession(ws, [&](std::int64_t, const core::Session& s) { sessions.push_back(s); }); !st)
        return st;
    std::vector<const core::Session*> ptrs;
    for (const core::Session& s : sessions)
        ptrs.push_back(&s);
    auto input = core::makeFleetReplayInput(ptrs);
    if (!input)
        return input.status();
    const core::CachePolicy policy = core::CachePolicy::fromTokens(o.ttl, o.capacity, input->blockSize);
    const core::ReplayResult r = replay(*input, policy, o.step);
    SessionFacts facts;
    facts.source = "shared";
    for (const core::Session& s : sessions) {
        const SessionFacts f = SessionFacts::of(s);
        facts.agents += f.agents;
        facts.outputTokens += f.outputTokens;
        facts.hasReportedUsage |= f.hasReportedUsage;
        facts.reportedCacheRead += f.reportedCacheRead;
        facts.reportedCacheWrite += f.reportedCacheWrite;
    }
    Replayed out { "shared cache (" + std::to_string(sessions.size()) + " sessions)", input->blockSize, r.totals,
        r.peakWorkingSetTokens(), facts, {} };
    printer.add(out);
    return {};
}

} // namespace

int runReplay(const Args& argv, std::ostream& out, std::ostream& err)
{
    ArgParser args("kvscope-cli replay [--db FILE] [--ttl SECONDS|inf] [--capacity TOKENS] [--json] [PATH...]",
        "Replays every selected session through a modeled KV cache and prints, per session, its hit\n"
        "rate, prefilled and unique blocks, refresh factor and peak working set. PATHs are imported\n"
        "first; without PATHs every session in --db is replayed. Each session has its own cache\n"
        "unless --shared-cache puts them all in one (times overlaid as they are in the files).");
    addStoreOptions(args);
    args.option("ttl", "SECONDS", "time-to-live of a cached block: seconds, 30s, 5m, 1h, or inf (default inf)");
    args.option("capacity", "TOKENS", "cache capacity in tokens, LRU eviction (default unlimited)");
    args.flag("json", "one JSON object per session per line");
    args.flag("per-request", "with --json: one object per request instead (hit tokens, miss blocks, working set)");
    args.flag("shared-cache", "replay all selected sessions into one cache");
    args.option("engine", "NAME", "one-pass (default) or step: the step-by-step reference simulation");
    args.epilog("JSON keys: session, requests, input_tokens, hit_tokens, hit_rate, prefilled_blocks,\n"
                "unique_blocks, refresh_factor, peak_working_set_tokens. With --per-request: session,\n"
                "request, agent, agent_type, t, input_tokens, hit_tokens, hit_blocks, miss_blocks,\n"
                "working_set_tokens.");
    if (const auto exit = parseCommandLine(args, argv, "replay", out, err))
        return *exit;
    auto ttl = parseSeconds(args.value("ttl", "inf"));
    if (!ttl)
        return usageError(err, "replay", "--ttl: " + ttl.message());
    auto capacity = parseTokenCount(args.value("capacity", "inf"));
    if (!capacity)
        return usageError(err, "replay", "--capacity: " + capacity.message());
    const std::string engine = args.value("engine", "one-pass");
    if (engine != "one-pass" && engine != "step")
        return usageError(err, "replay", "--engine must be one-pass or step");
    const Options o { *ttl, *capacity, engine == "step", args.has("per-request") };
    if (o.perRequest && (!args.has("json") || args.has("shared-cache")))
        return usageError(err, "replay", "--per-request goes with --json, per session");

    auto ws = openWorkspace(args, err, true);
    if (!ws)
        return usageError(err, "replay", ws.message());
    Printer printer(out, args.has("json"));
    core::Status st;
    if (args.has("shared-cache")) {
        st = replayShared(*ws, o, printer);
    } else {
        const std::function<Replayed(const core::Session&)> work = [&o](const core::Session& s) {
            const core::ReplayInput input = core::makeReplayInput(s);
            const core::ReplayResult r
                = replay(input, core::CachePolicy::fromTokens(o.ttl, o.capacity, s.blockSize), o.step);
            Replayed result { s.name, s.blockSize, r.totals, r.peakWorkingSetTokens(), SessionFacts::of(s), {} };
            if (o.perRequest)
                result.requests = requestJson(s, input, r);
            return result;
        };
        st = mapSessions<Replayed>(*ws, work, [&](Replayed& r) { printer.add(r); });
    }
    if (!st) {
        err << "kvscope-cli replay: " << st.message() << '\n';
        return 1;
    }
    printer.finish(
        o, args.has("shared-cache") ? "all sessions share one cache" : "each session replayed into its own cache");
    return ws->inputFailed ? 1 : 0;
}

} // namespace kv::cli
