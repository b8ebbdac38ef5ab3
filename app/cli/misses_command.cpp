// SPDX-License-Identifier: Apache-2.0
// kvscope-cli misses: where each session's cache misses come from. Every missed block is cold,
// expired, evicted or prefix-broken (DESIGN.md section 3); expired tokens are split by whether
// the wait was a person's turn or a tool loop; a sentence or three says what it means.
#include "cli_common.h"
#include "commands.h"
#include "kv/core/miss_causes.h"
#include "kv/core/session_analysis.h"
#include "text_table.h"

#include <nlohmann/json.hpp>
#include <ostream>

namespace kv::cli {

namespace {

struct SessionMisses
{
    std::string name;
    std::string source;
    std::uint32_t blockSize = 64;
    core::MissSummary summary;
    std::vector<double> times;
    std::vector<std::string> agents; // per request
    std::vector<std::uint64_t> input, hit; // per request
};

const core::MissCause kCauses[]
    = { core::MissCause::Cold, core::MissCause::Expired, core::MissCause::Evicted, core::MissCause::PrefixBroken };

nlohmann::ordered_json causesJson(const core::MissCauses& m)
{
    nlohmann::ordered_json j;
    for (core::MissCause c : kCauses)
        j[std::string(core::missCauseName(c)) + "_tokens"] = m.tokensOf(c);
    for (core::MissCause c : kCauses)
        j[std::string(core::missCauseName(c)) + "_blocks"] = m.blocks[std::size_t(c)];
    return j;
}

} // namespace

int runMisses(const Args& argv, std::ostream& out, std::ostream& err)
{
    ArgParser args("kvscope-cli misses [--ttl S] [--capacity T] [--json | --csv] [--per-request] PATH...",
        "Where the cache misses come from, per session and in total. Each missed block gets one cause:\n"
        "cold (never seen), expired (last used longer than the TTL ago), evicted (within the TTL but\n"
        "pushed out by capacity) or prefix_broken (still cached, after an earlier miss in the prompt).\n"
        "Expired tokens are split by the wait before the request: after the assistant ended its turn\n"
        "(a person) or inside a tool loop. Token counts add up to the missed tokens exactly.");
    addStoreOptions(args);
    args.option("ttl", "SECONDS", "TTL (default 5m)");
    args.option("capacity", "TOKENS", "LRU capacity in tokens (default unlimited)");
    args.flag("json", "one JSON object per session (or per request) per line");
    args.flag("csv", "CSV with a header row");
    args.flag("per-request", "one row per request instead of per session (JSON or CSV)");
    args.epilog("JSON keys: session, [request, time_seconds, agent,] input_tokens, hit_tokens, missed_tokens,\n"
                "cold_tokens, expired_tokens, evicted_tokens, prefix_broken_tokens, the same *_blocks,\n"
                "[expired_after_human_turn_tokens, expired_in_tool_loop_tokens, summary].");
    if (const auto exit = parseCommandLine(args, argv, "misses", out, err))
        return *exit;
    auto ttl = parseSeconds(args.value("ttl", "5m"));
    if (!ttl)
        return usageError(err, "misses", "--ttl: " + ttl.message());
    auto capacity = parseTokenCount(args.value("capacity", "inf"));
    if (!capacity)
        return usageError(err, "misses", "--capacity: " + capacity.message());
    const bool json = args.has("json"), csv = args.has("csv"), perRequest = args.has("per-request");
    if (json && csv)
        return usageError(err, "misses", "--json and --csv exclude each other");
    if (perRequest && !json && !csv)
        return usageError(err, "misses", "--per-request needs --json or --csv");
    auto ws = openWorkspace(args, err, true);
    if (!ws)
        return usageError(err, "misses", ws.message());

    std::vector<std::string> causeHeaders;
    for (core::MissCause c : kCauses)
        causeHeaders.push_back(core::missCauseName(c));
    std::vector<std::string> headers { "session" };
    if (perRequest)
        headers.insert(headers.end(), { "request", "time_seconds", "agent" });
    headers.insert(headers.end(), { "input_tokens", "hit_tokens", "missed_tokens" });
    for (const std::string& c : causeHeaders)
        headers.push_back(c + "_tokens");
    if (!perRequest)
        headers.insert(headers.end(), { "expired_after_human_turn_tokens", "expired_in_tool_loop_tokens" });
    TextTable raw(headers);
    TextTable pretty({ "session", "input tokens", "missed", "cold", "expired", "evicted", "prefix broken",
        "expired: person", "expired: tool loop" });
    core::MissSummary total;
    std::uint32_t blockSize = 64;
    std::size_t sessions = 0;
    core::CachePolicy policy;
    const std::function<SessionMisses(const core::Session&)> work = [&](const core::Session& s) {
        const core::SessionAnalysis a = core::analyzeSession(s);
        SessionMisses m { a.name, a.source, a.blockSize,
            core::summarizeMisses(a, core::CachePolicy::fromTokens(*ttl, *capacity, a.blockSize)), a.requestTimes, {},
            {}, {} };
        for (std::uint32_t agent : a.requestAgent)
            m.agents.push_back(agent < a.agentLabels.size() ? a.agentLabels[agent] : std::string());
        const core::CachePolicy p = core::CachePolicy::fromTokens(*ttl, *capacity, a.blockSize);
        for (std::size_t j = 0; j < a.profile->requestCount(); ++j) {
            m.input.push_back(a.profile->inputTokens(j));
            m.hit.push_back(a.profile->hitTokens(j, a.profile->hitBlocks(j, p)));
        }
        return m;
    };
    const core::Status st = mapSessions<SessionMisses>(*ws, work, [&](SessionMisses& m) {
        const core::MissSummary& s = m.summary;
        policy = core::CachePolicy::fromTokens(*ttl, *capacity, m.blockSize);
        blockSize = m.blockSize;
        ++sessions;
        total.inputTokens += s.inputTokens;
        total.hitTokens += s.hitTokens;
        total.causes += s.causes;
        total.expiredAfterHumanTurn += s.expiredAfterHumanTurn;
        total.expiredInToolLoop += s.expiredInToolLoop;
        if (perRequest) {
            for (std::size_t j = 0; j < s.perRequest.size(); ++j) {
                const core::MissCauses& r = s.perRequest[j];
                const std::uint64_t missed = r.totalTokens();
                if (json) {
                    nlohmann::ordered_json o;
                    o["session"] = m.name;
                    o["request"] = j;
                    o["time_seconds"] = m.times[j];
                    o["agent"] = m.agents[j];
                    o["input_tokens"] = m.input[j];
                    o["hit_tokens"] = m.hit[j];
                    o["missed_tokens"] = missed;
                    o.update(causesJson(r));
                    out << o.dump() << '\n';
                } else {
                    std::vector<std::string> row { m.name, std::to_string(j), fixed(m.times[j], 3), m.agents[j],
                        std::to_string(m.input[j]), std::to_string(m.hit[j]), std::to_string(missed) };
                    for (core::MissCause c : kCauses)
                        row.push_back(std::to_string(r.tokensOf(c)));
                    raw.addRow(std::move(row));
                }
            }
            return;
        }
        if (json) {
            nlohmann::ordered_json o;
            o["session"] = m.name;
            o["source"] = m.source;
            o["input_tokens"] = s.inputTokens;
            o["hit_tokens"] = s.hitTokens;
            o["missed_tokens"] = s.causes.totalTokens();
            o.update(causesJson(s.causes));
            o["expired_after_human_turn_tokens"] = s.expiredAfterHumanTurn;
            o["expired_in_tool_loop_tokens"] = s.expiredInToolLoop;
            o["summary"] = core::describeMisses(s, policy, m.blockSize);
            out << o.dump() << '\n';
            return;
        }
        std::vector<std::string> row { m.name, std::to_string(s.inputTokens), std::to_string(s.hitTokens),
            std::to_string(s.causes.totalTokens()) };
        for (core::MissCause c : kCauses)
            row.push_back(std::to_string(s.causes.tokensOf(c)));
        row.push_back(std::to_string(s.expiredAfterHumanTurn));
        row.push_back(std::to_string(s.expiredInToolLoop));
        raw.addRow(std::move(row));
        const std::uint64_t missed = s.causes.totalTokens();
        auto share
            = [&](std::uint64_t v) { return missed ? percent(double(v) / double(missed), 0) : std::string("-"); };
        std::vector<std::string> p { m.name, withThousands(s.inputTokens),
            percent(s.inputTokens ? double(missed) / double(s.inputTokens) : 0.0) };
        for (core::MissCause c : kCauses)
            p.push_back(share(s.causes.tokensOf(c)));
        const std::uint64_t expired = s.causes.tokensOf(core::MissCause::Expired);
        p.push_back(expired ? percent(double(s.expiredAfterHumanTurn) / double(expired), 0) : "-");
        p.push_back(expired ? percent(double(s.expiredInToolLoop) / double(expired), 0) : "-");
        pretty.addRow(std::move(p));
    });
    if (!st) {
        err << "kvscope-cli misses: " << st.message() << '\n';
        return 1;
    }
    if (csv) {
        raw.printCsv(out);
    } else if (!json) {
        out << "Missed tokens by cause, as shares of each session's missed tokens, under " << policy.describe(blockSize)
            << ".\n\n";
        pretty.print(out);
        if (sessions > 0)
            out << '\n'
                << (sessions > 1 ? "All sessions: " : "") << core::describeMisses(total, policy, blockSize) << '\n';
    }
    return ws->inputFailed ? 1 : 0;
}

} // namespace kv::cli
