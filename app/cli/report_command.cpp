// SPDX-License-Identifier: Apache-2.0
// kvscope-cli report: the README's main job. For each session, hit rate under the TTLs that
// providers offer (1 min, 5 min, 1 h) and with no TTL, how often chunks are prefilled again,
// and the peak working set, all from one replay per session.
#include "cli_common.h"
#include "commands.h"
#include "kv/core/session_analysis.h"
#include "text_table.h"

#include <array>
#include <ostream>

namespace kv::cli {

int runReport(const Args& argv, std::ostream& out, std::ostream& err)
{
    ArgParser args("kvscope-cli report [--db FILE] [--capacity TOKENS] PATH...",
        "A readable summary of each session: requests, agents, input tokens, hit rate at a 1-minute,\n"
        "5-minute and 1-hour TTL and with no TTL, the refresh factor (prefills per distinct block) at\n"
        "5 minutes, and the peak working set at 5 minutes. --capacity adds an LRU capacity to every\n"
        "policy.");
    addStoreOptions(args);
    args.option("capacity", "TOKENS", "cache capacity in tokens for every column (default unlimited)");
    if (const auto exit = parseCommandLine(args, argv, "report", out, err))
        return *exit;
    auto capacity = parseTokenCount(args.value("capacity", "inf"));
    if (!capacity)
        return usageError(err, "report", "--capacity: " + capacity.message());
    auto ws = openWorkspace(args, err, true);
    if (!ws)
        return usageError(err, "report", ws.message());

    TextTable table({ "session", "source", "requests", "agents", "input tokens", "hit 1m", "hit 5m", "hit 1h",
        "hit inf", "refresh 5m", "peak WS 5m" });
    std::array<core::ReplayTotals, 4> total {};
    std::size_t sessions = 0;
    const std::function<core::SessionAnalysis(const core::Session&)> work
        = [&](const core::Session& s) { return core::analyzeSession(s, *capacity); };
    const core::Status st = mapSessions<core::SessionAnalysis>(*ws, work, [&](core::SessionAnalysis& a) {
        const core::ReplayTotals& r5 = a.atStandardTtl[1];
        std::vector<std::string> row { a.name, a.source, withThousands(r5.requests), std::to_string(a.agents),
            withThousands(r5.inputTokens) };
        for (std::size_t i = 0; i < 4; ++i) {
            row.push_back(percent(a.atStandardTtl[i].hitRate()));
            total[i].inputTokens += a.atStandardTtl[i].inputTokens;
            total[i].hitTokens += a.atStandardTtl[i].hitTokens;
            total[i].requests += a.atStandardTtl[i].requests;
            total[i].prefilledBlocks += a.atStandardTtl[i].prefilledBlocks;
            total[i].uniqueBlocks += a.atStandardTtl[i].uniqueBlocks;
        }
        row.push_back(fixed(r5.refreshFactor(), 2));
        row.push_back(formatTokens(double(r5.peakWorkingSetBlocks * a.blockSize)));
        table.addRow(std::move(row));
        ++sessions;
    });
    if (!st) {
        err << "kvscope-cli report: " << st.message() << '\n';
        return 1;
    }
    if (sessions > 1) {
        table.addRule();
        std::vector<std::string> row { "all " + std::to_string(sessions) + " sessions", "",
            withThousands(total[1].requests), "", withThousands(total[1].inputTokens) };
        for (const core::ReplayTotals& t : total)
            row.push_back(percent(t.hitRate()));
        row.push_back(fixed(total[1].refreshFactor(), 2));
        table.addRow(std::move(row));
    }
    out << "KV-cache replay of " << sessions << " session(s), each in its own cache";
    if (*capacity != core::kUnlimited)
        out << " of " << formatTokens(double(*capacity)) << " tokens";
    out << ".\nhit = share of input tokens served from cache; refresh = prefilled blocks per distinct block\n"
           "(1.00 = every chunk prefilled once); peak WS = most tokens resident at once.\n\n";
    table.print(out);
    return ws->inputFailed ? 1 : 0;
}

} // namespace kv::cli
