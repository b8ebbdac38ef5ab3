// SPDX-License-Identifier: Apache-2.0
// kvscope-cli provider: for agent logs with the provider's usage, the modeled cache's hits
// against the cache reads the provider reported, and the requests where the provider charged in
// full (or as cache writes) for tokens the model says were cached.
#include "cli_common.h"
#include "commands.h"
#include "kv/core/provider_gap.h"
#include "kv/core/session_analysis.h"
#include "text_table.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <ostream>

namespace kv::cli {

namespace {
struct SessionGap
{
    std::string name;
    std::string source;
    core::ProviderGap gap;
    std::vector<double> times;
};
} // namespace

int runProvider(const Args& argv, std::ostream& out, std::ostream& err)
{
    ArgParser args("kvscope-cli provider [--ttl S] [--json | --csv] [--per-request] PATH...",
        "The provider gap, for Claude Code and Codex logs: tokens the modeled cache serves against the\n"
        "cache reads the provider reported. Where the provider read less, it charged full price (or a\n"
        "cache write) for tokens the model says were cached. Sessions without usage are skipped.");
    addStoreOptions(args);
    args.option("ttl", "SECONDS", "TTL of the modeled cache (default 5m, the providers' default)");
    args.option("capacity", "TOKENS", "LRU capacity in tokens (default unlimited)");
    args.flag("json", "one JSON object per session (or request) per line");
    args.flag("csv", "CSV with a header row");
    args.flag("per-request", "one row per request with usage (JSON or CSV)");
    args.option("min-tokens", "N",
        "list requests missing at least this many tokens (default 128: less is\n"
        "within the block granularity of logs chunked without a tokenizer)");
    args.epilog(
        "JSON keys: session, [request, time_seconds,] input_tokens, modeled_hit_tokens, reported_cache_read_tokens,\n"
        "provider_missed_tokens, [provider_missed_requests].");
    if (const auto exit = parseCommandLine(args, argv, "provider", out, err))
        return *exit;
    auto ttl = parseSeconds(args.value("ttl", "5m"));
    if (!ttl)
        return usageError(err, "provider", "--ttl: " + ttl.message());
    auto capacity = parseTokenCount(args.value("capacity", "inf"));
    if (!capacity)
        return usageError(err, "provider", "--capacity: " + capacity.message());
    const bool json = args.has("json"), csv = args.has("csv"), perRequest = args.has("per-request");
    if (json && csv)
        return usageError(err, "provider", "--json and --csv exclude each other");
    if (perRequest && !json && !csv)
        return usageError(err, "provider", "--per-request needs --json or --csv");
    auto minTokens = parseTokenCount(args.value("min-tokens", "128"));
    if (!minTokens)
        return usageError(err, "provider", "--min-tokens: " + minTokens.message());
    auto ws = openWorkspace(args, err, true);
    if (!ws)
        return usageError(err, "provider", ws.message());

    TextTable raw(perRequest ? std::vector<std::string> { "session", "request", "time_seconds", "input_tokens",
                      "modeled_hit_tokens", "reported_cache_read_tokens", "provider_missed_tokens" }
                             : std::vector<std::string> { "session", "input_tokens", "modeled_hit_tokens",
                                 "reported_cache_read_tokens", "provider_missed_tokens", "provider_missed_requests" });
    TextTable table({ "session", "source", "requests", "input tokens", "modeled hit", "provider hit",
        "paid but cacheable", "requests" });
    std::vector<std::pair<std::string, core::ProviderGap::Request>> worst;
    std::size_t withUsage = 0, skipped = 0;
    const std::function<SessionGap(const core::Session&)> work = [&](const core::Session& s) {
        const core::SessionAnalysis a = core::analyzeSession(s);
        return SessionGap { s.name, s.source,
            core::providerGap(a, core::CachePolicy::fromTokens(*ttl, *capacity, s.blockSize)), a.requestTimes };
    };
    const core::Status st = mapSessions<SessionGap>(*ws, work, [&](SessionGap& r) {
        const core::ProviderGap& g = r.gap;
        if (g.requests.empty()) {
            ++skipped;
            return;
        }
        ++withUsage;
        auto rate = [&](std::uint64_t v) { return percent(g.inputTokens ? double(v) / double(g.inputTokens) : 0.0); };
        if (perRequest) {
            for (const auto& q : g.requests) {
                if (json) {
                    nlohmann::ordered_json o { { "session", r.name }, { "request", q.request },
                        { "time_seconds", r.times[q.request] }, { "input_tokens", q.inputTokens },
                        { "modeled_hit_tokens", q.modeledHitTokens },
                        { "reported_cache_read_tokens", q.reportedCacheRead },
                        { "provider_missed_tokens", q.providerMissed() } };
                    out << o.dump() << '\n';
                } else {
                    raw.addRow({ r.name, std::to_string(q.request), fixed(r.times[q.request], 3),
                        std::to_string(q.inputTokens), std::to_string(q.modeledHitTokens),
                        std::to_string(q.reportedCacheRead), std::to_string(q.providerMissed()) });
                }
            }
            return;
        }
        if (json) {
            nlohmann::ordered_json o { { "session", r.name }, { "source", r.source }, { "input_tokens", g.inputTokens },
                { "modeled_hit_tokens", g.modeledHitTokens }, { "reported_cache_read_tokens", g.reportedCacheRead },
                { "provider_missed_tokens", g.providerMissedTokens },
                { "provider_missed_requests", g.providerMissedRequests } };
            out << o.dump() << '\n';
            return;
        }
        raw.addRow({ r.name, std::to_string(g.inputTokens), std::to_string(g.modeledHitTokens),
            std::to_string(g.reportedCacheRead), std::to_string(g.providerMissedTokens),
            std::to_string(g.providerMissedRequests) });
        table.addRow({ r.name, r.source, std::to_string(g.requests.size()), withThousands(g.inputTokens),
            rate(g.modeledHitTokens), rate(g.reportedCacheRead), withThousands(g.providerMissedTokens),
            std::to_string(g.providerMissedRequests) });
        for (const auto& q : g.requests)
            if (q.providerMissed() > 0 && q.providerMissed() >= *minTokens)
                worst.emplace_back(r.name, q);
    });
    if (!st) {
        err << "kvscope-cli provider: " << st.message() << '\n';
        return 1;
    }
    if (csv) {
        raw.printCsv(out);
    } else if (!json) {
        if (withUsage == 0) {
            out << "No session has the provider's usage (only Claude Code and Codex logs do).\n";
        } else {
            out << "Modeled cache (" << core::CachePolicy::fromTokens(*ttl, *capacity, 64).describe(64)
                << ") against the provider's reported cache reads, as shares of the input tokens of the\n"
                   "requests with usage. \"paid but cacheable\": tokens the model serves from cache that the provider "
                   "did "
                   "not.\n\n";
            table.print(out);
            std::sort(worst.begin(), worst.end(),
                [](const auto& a, const auto& b) { return a.second.providerMissed() > b.second.providerMissed(); });
            if (!worst.empty()) {
                out << "\nRequests where the provider missed the most cacheable tokens (at least " << *minTokens
                    << "):\n";
                TextTable t({ "session", "request", "input tokens", "modeled hit", "provider read", "missed" });
                for (std::size_t i = 0; i < worst.size() && i < 10; ++i) {
                    const auto& q = worst[i].second;
                    t.addRow({ worst[i].first, std::to_string(q.request), withThousands(q.inputTokens),
                        withThousands(q.modeledHitTokens), withThousands(q.reportedCacheRead),
                        withThousands(q.providerMissed()) });
                }
                t.print(out);
            }
        }
        if (skipped)
            out << '\n' << skipped << " session(s) without provider usage skipped.\n";
    }
    return ws->inputFailed ? 1 : 0;
}

} // namespace kv::cli
