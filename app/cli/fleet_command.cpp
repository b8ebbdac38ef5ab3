// SPDX-License-Identifier: Apache-2.0
// kvscope-cli fleet: all selected sessions in one shared cache, at their recorded times or
// re-timed (a window, an arrival rate): hit rates, the working set over time, hit rate against
// capacity and by memory tier, and how much the sessions share.
#include "cli_common.h"
#include "commands.h"
#include "kv/core/combined_session.h"
#include "kv/core/curves.h"
#include "kv/core/fleet.h"
#include "kv/core/memory_tiers.h"
#include "kv/core/session_analysis.h"
#include "text_table.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <ostream>

namespace kv::cli {

int runFleet(const Args& argv, std::ostream& out, std::ostream& err)
{
    ArgParser args("kvscope-cli fleet [--timing recorded|window=1h|rate=30/h] [--seed N] [--ttl S] "
                   "[--model NAME --tiers LIST] [--json] PATH...",
        "Replays every selected session into one shared cache, as a provider's fleet would see them.\n"
        "--timing recorded keeps the files' times (hash traces then all start together); window=D starts\n"
        "each session at a seeded random time within D; rate=N/h lets sessions arrive as a Poisson\n"
        "process. Prints hit rates at 1 min, 5 min, 1 h and no TTL, the working set over time, hit rate\n"
        "against capacity at --ttl, hits by memory tier (with --model and --tiers) and what the sessions\n"
        "share (local hashes of different traces never match; content hashes of agent logs do).");
    addStoreOptions(args);
    args.option("timing", "MODE", "recorded (default), window=DURATION or rate=N/h");
    args.option("seed", "N", "seed for re-timing (default 1)");
    args.option("ttl", "SECONDS", "TTL for the capacity curve, working set, tiers and sessions (default 5m)");
    args.option("capacity", "TOKENS", "shared capacity for the per-session hit rates (default unlimited)");
    args.option("model", "NAME", "model for --tiers (see kvscope-cli tiers --list-models)");
    args.option("models-file", "FILE", "more model specs, JSON");
    args.option("tiers", "LIST", "memory tiers, e.g. hbm=80GiB,dram=1TiB,nvme=30TiB");
    args.flag("json", "one JSON object");
    args.option("csv", "TABLE", "one table as CSV: members, working-set, capacity or tiers");
    args.epilog("JSON keys: sessions, timing, span_seconds, requests, input_tokens, hit_rate {60, 300, 3600, inf},\n"
                "peak_working_set_tokens {...}, distinct_blocks, shared_blocks, shared_access_share,\n"
                "capacity_curve [{capacity_tokens, hit_rate}], working_set [{time_seconds, tokens}], [tiers],\n"
                "members [{session, start_seconds, end_seconds, requests, input_tokens, hit_rate_alone,\n"
                "hit_rate_in_fleet}] (at --ttl and --capacity: alone = the session in a cache of its own), summary.");
    if (const auto exit = parseCommandLine(args, argv, "fleet", out, err))
        return *exit;
    auto seed = parseTokenCount(args.value("seed", "1"));
    if (!seed)
        return usageError(err, "fleet", "--seed: " + seed.message());
    auto timing = core::parseFleetTiming(args.value("timing", "recorded"), *seed);
    if (!timing)
        return usageError(err, "fleet", "--timing: " + timing.message());
    auto ttl = parseSeconds(args.value("ttl", "5m"));
    if (!ttl)
        return usageError(err, "fleet", "--ttl: " + ttl.message());
    const std::string csv = args.value("csv");
    if (args.has("csv") && csv != "members" && csv != "working-set" && csv != "capacity" && csv != "tiers")
        return usageError(err, "fleet", "--csv takes members, working-set, capacity or tiers, not '" + csv + "'");
    if (args.has("csv") && args.has("json"))
        return usageError(err, "fleet", "--json and --csv exclude each other");
    auto capacity = parseTokenCount(args.value("capacity", "inf"));
    if (!capacity)
        return usageError(err, "fleet", "--capacity: " + capacity.message());
    auto loaded = kvModels(args);
    if (!loaded)
        return usageError(err, "fleet", loaded.message());
    const std::vector<core::KvModelSpec>& models = *loaded;
    const core::KvModelSpec* model = nullptr;
    std::vector<core::MemoryTier> tiers;
    if (args.has("tiers") || args.has("model")) {
        model = core::findKvModel(models, args.value("model"));
        if (!model)
            return usageError(
                err, "fleet", "--tiers needs --model with a known model (kvscope-cli tiers --list-models)");
        auto parsed = core::parseTiers(args.value("tiers"));
        if (!parsed)
            return usageError(err, "fleet", "--tiers: " + parsed.message());
        tiers = std::move(*parsed);
    }
    auto ws = openWorkspace(args, err, true);
    if (!ws)
        return usageError(err, "fleet", ws.message());
    auto stored = loadSessions(*ws);
    if (!stored) {
        err << "kvscope-cli fleet: " << stored.message() << '\n';
        return 1;
    }
    std::vector<core::Session>& sessions = *stored;
    if (sessions.empty())
        return usageError(err, "fleet", "no sessions");
    core::retimeSessions(sessions, *timing);
    std::vector<const core::Session*> ptrs;
    for (const core::Session& s : sessions)
        ptrs.push_back(&s);
    auto combined = core::combineSessions(ptrs);
    if (!combined)
        return usageError(err, "fleet", combined.message());
    const core::FleetLayout layout = core::fleetLayout(ptrs, *timing);
    const core::FleetSharing& sharing = layout.sharing;
    const core::SessionAnalysis a = core::analyzeSession(*combined);
    const core::AccessProfile& p = *a.profile;
    const std::uint32_t bs = a.blockSize;
    // Each session in the shared cache against the same policy in a cache of its own.
    const core::CachePolicy memberPolicy = core::CachePolicy::fromTokens(*ttl, *capacity, bs);
    const std::vector<core::MemberHits> inFleet = core::fleetMemberHits(a, layout, memberPolicy);
    std::vector<core::MemberHits> aloneHits;
    std::vector<double> alone;
    for (const core::Session& s : sessions) {
        const core::ReplayTotals t = core::analyzeSession(s).profile->evaluate(memberPolicy).totals;
        aloneHits.push_back({ t.inputTokens, t.hitTokens });
        alone.push_back(t.hitRate());
    }

    // Hit rate against capacity at the TTL, on 1-2-5 capacities up to the fleet's distinct blocks.
    const core::AccessProfile* one[] = { &p };
    std::vector<double> capacities;
    for (double c = 1e3; c < double(p.uniqueBlocks()) * bs * 2; c *= 10)
        for (double m : { 1.0, 2.0, 5.0 })
            capacities.push_back(m * c);
    const auto curve = core::capacityCurve(one, capacities, *ttl);
    // The working set at the TTL (on the analysis grid) at 24 moments across the span.
    const double ttlForWs = [&] {
        double best = a.ttlGrid.front();
        for (double t : a.ttlGrid)
            if (std::abs(t - *ttl) < std::abs(best - *ttl))
                best = t;
        return best;
    }();
    // Exact values just after requests (DESIGN.md's working set), at the requests nearest to 24
    // evenly spaced moments; between requests blocks only expire.
    std::vector<std::pair<double, std::uint64_t>> wsSamples;
    const std::size_t n = a.requestTimes.size();
    std::size_t previous = n;
    for (int k = 0; k < 24 && n > 0; ++k) {
        const double t = a.durationSeconds * k / 23.0;
        std::size_t j
            = std::size_t(std::upper_bound(a.requestTimes.begin(), a.requestTimes.end(), t) - a.requestTimes.begin());
        j = j == 0 ? 0 : j - 1;
        if (j == previous)
            continue;
        previous = j;
        wsSamples.emplace_back(a.requestTimes[j], std::uint64_t(p.workingSetBlocks(j, ttlForWs)) * bs);
    }
    core::TierHits tierHits(tiers.size());
    std::vector<std::uint64_t> tierBlocks;
    if (model) {
        tierBlocks = core::tierCapacityBlocks(tiers, *model, bs);
        for (std::size_t j = 0; j < p.requestCount(); ++j)
            tierHits += core::tierHits(p, j, *ttl, tierBlocks);
    }
    const double sharedShare
        = sharing.blockAccesses ? double(sharing.sharedAccesses) / double(sharing.blockAccesses) : 0.0;
    const char* ttlKeys[] = { "60", "300", "3600", "inf" };

    if (args.has("json")) {
        nlohmann::ordered_json o;
        o["sessions"] = sessions.size();
        o["timing"] = args.value("timing", "recorded");
        o["span_seconds"] = a.durationSeconds;
        o["requests"] = p.requestCount();
        o["input_tokens"] = a.atStandardTtl[0].inputTokens;
        for (std::size_t i = 0; i < 4; ++i) {
            o["hit_rate"][ttlKeys[i]] = a.atStandardTtl[i].hitRate();
            o["peak_working_set_tokens"][ttlKeys[i]] = a.atStandardTtl[i].peakWorkingSetBlocks * bs;
        }
        o["distinct_blocks"] = sharing.blocks;
        o["shared_blocks"] = sharing.sharedBlocks;
        o["shared_access_share"] = sharedShare;
        for (const core::CurvePoint& c : curve)
            o["capacity_curve"].push_back({ { "capacity_tokens", std::uint64_t(c.x) }, { "hit_rate", c.hitRate() } });
        for (const auto& [t, tokens] : wsSamples)
            o["working_set"].push_back({ { "time_seconds", t }, { "tokens", tokens } });
        for (std::size_t t = 0; t < tiers.size(); ++t)
            o["tiers"].push_back({ { "name", tiers[t].name }, { "capacity_tokens", tierBlocks[t] * bs },
                { "hit_tokens", tierHits.tokens[t] },
                { "bytes_per_second",
                    a.durationSeconds > 0 ? double(tierHits.tokens[t]) * model->bytesPerToken() / a.durationSeconds
                                          : 0.0 } });
        for (std::size_t i = 0; i < layout.members.size(); ++i) {
            const core::FleetMember& m = layout.members[i];
            o["members"].push_back({ { "session", m.name }, { "start_seconds", m.start }, { "end_seconds", m.end },
                { "requests", m.requests }, { "input_tokens", inFleet[i].inputTokens }, { "hit_rate_alone", alone[i] },
                { "hit_rate_in_fleet", inFleet[i].hitRate() } });
        }
        o["summary"] = core::describeFleet(layout, inFleet, aloneHits);
        out << o.dump() << '\n';
        return ws->inputFailed ? 1 : 0;
    }
    if (args.has("csv")) {
        TextTable t({});
        if (csv == "members") {
            t = TextTable({ "session", "start_seconds", "end_seconds", "requests", "input_tokens", "hit_rate_alone",
                "hit_rate_in_fleet" });
            for (std::size_t i = 0; i < layout.members.size(); ++i) {
                const core::FleetMember& m = layout.members[i];
                t.addRow({ m.name, fixed(m.start, 3), fixed(m.end, 3), std::to_string(m.requests),
                    std::to_string(inFleet[i].inputTokens), fixed(alone[i], 6), fixed(inFleet[i].hitRate(), 6) });
            }
        } else if (csv == "working-set") {
            t = TextTable({ "time_seconds", "tokens" });
            for (const auto& [time, tokens] : wsSamples)
                t.addRow({ fixed(time, 3), std::to_string(tokens) });
        } else if (csv == "capacity") {
            t = TextTable({ "capacity_tokens", "hit_rate" });
            for (const core::CurvePoint& pt : curve)
                t.addRow({ fixed(pt.x, 0), fixed(pt.hitRate(), 6) });
        } else {
            if (!model)
                return usageError(err, "fleet", "--csv tiers needs --model and --tiers");
            t = TextTable({ "tier", "capacity_tokens", "hit_tokens", "bytes_per_second" });
            for (std::size_t i = 0; i < tiers.size(); ++i)
                t.addRow({ tiers[i].name, std::to_string(tierBlocks[i] * bs), std::to_string(tierHits.tokens[i]),
                    fixed(a.durationSeconds > 0
                            ? double(tierHits.tokens[i]) * model->bytesPerToken() / a.durationSeconds
                            : 0.0,
                        1) });
        }
        t.printCsv(out);
        return ws->inputFailed ? 1 : 0;
    }
    out << "Fleet of " << sessions.size() << " session(s) in one shared cache, timing "
        << core::describeFleetTiming(*timing) << ": " << withThousands(p.requestCount()) << " requests, "
        << withThousands(a.atStandardTtl[0].inputTokens) << " input tokens over " << formatDuration(a.durationSeconds)
        << ".\n";
    out << "Hit rate:";
    const char* labels[] = { "1 min", "5 min", "1 h", "no TTL" };
    for (std::size_t i = 0; i < 4; ++i)
        out << "  " << labels[i] << " " << percent(a.atStandardTtl[i].hitRate()) << " (peak working set "
            << formatTokens(double(a.atStandardTtl[i].peakWorkingSetBlocks * bs)) << ")";
    out << "\nShared between sessions: " << withThousands(sharing.sharedBlocks) << " of "
        << withThousands(sharing.blocks) << " distinct blocks, " << percent(sharedShare)
        << " of all block look-ups.\n\nHit rate against capacity at TTL " << formatDuration(*ttl) << ":\n";
    TextTable c({ "capacity (tokens)", "hit rate" });
    for (const core::CurvePoint& pt : curve)
        c.addRow({ formatTokens(pt.x), percent(pt.hitRate()) });
    c.print(out);
    out << "\nWorking set just after requests spread over the span, TTL " << formatDuration(ttlForWs) << ":\n";
    TextTable w({ "time", "working set (tokens)" });
    for (const auto& [t, tokens] : wsSamples)
        w.addRow({ formatDuration(t), formatTokens(double(tokens)) });
    w.print(out);
    out << "\nEach session in the shared cache and in a cache of its own, TTL " << formatDuration(*ttl) << ", "
        << (*capacity == core::kUnlimited ? std::string("unlimited capacity")
                                          : "capacity " + formatTokens(double(*capacity)) + " tokens")
        << ":\n";
    TextTable m({ "session", "start", "end", "requests", "hit rate alone", "in the fleet" });
    for (std::size_t i = 0; i < layout.members.size(); ++i)
        m.addRow(
            { layout.members[i].name, formatDuration(layout.members[i].start), formatDuration(layout.members[i].end),
                withThousands(layout.members[i].requests), percent(alone[i]), percent(inFleet[i].hitRate()) });
    m.print(out);
    out << core::describeFleet(layout, inFleet, aloneHits) << '\n';
    if (model) {
        out << "\nHits by tier (" << model->name << ", TTL " << formatDuration(*ttl) << "):\n";
        TextTable t({ "tier", "capacity (tokens)", "share of input", "to GPU" });
        for (std::size_t i = 0; i < tiers.size(); ++i) {
            const double rate
                = a.durationSeconds > 0 ? double(tierHits.tokens[i]) * model->bytesPerToken() / a.durationSeconds : 0.0;
            t.addRow({ tiers[i].name, formatTokens(double(tierBlocks[i] * bs)),
                percent(tierHits.inputTokens ? double(tierHits.tokens[i]) / double(tierHits.inputTokens) : 0.0),
                fixed(rate / 1048576.0, 1) + " MiB/s" });
        }
        t.print(out);
    }
    return ws->inputFailed ? 1 : 0;
}

} // namespace kv::cli
