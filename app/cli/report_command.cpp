// SPDX-License-Identifier: Apache-2.0
// kvscope-cli report: the README's main job. For each session, hit rate under the TTLs that
// providers offer (1 min, 5 min, 1 h) and with no TTL, how often chunks are prefilled again,
// and the peak working set, all from one replay per session.
#include "cli_common.h"
#include "commands.h"
#include "text_table.h"

#include "kv/core/access_profile.h"
#include "kv/core/replay_input.h"

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
    std::string error;
    if (!args.parse(argv, error))
        return usageError(err, "report", error);
    if (args.helpRequested()) {
        out << args.help();
        return 0;
    }
    auto capacity = parseTokenCount(args.value("capacity", "inf"));
    if (!capacity)
        return usageError(err, "report", "--capacity: " + capacity.message());
    auto ws = openWorkspace(args, err, true);
    if (!ws)
        return usageError(err, "report", ws.message());

    const double ttls[] = { 60.0, 300.0, 3600.0, core::kInfiniteTtl };
    TextTable table({ "session", "source", "requests", "agents", "input tokens", "hit 1m", "hit 5m", "hit 1h",
        "hit inf", "refresh 5m", "peak WS 5m" });
    std::uint64_t inputs[4] = {}, hits[4] = {}, prefilled = 0, unique = 0, requests = 0, inputTotal = 0;
    std::size_t sessions = 0;
    const core::Status st = forEachSession(*ws, [&](std::int64_t, const core::Session& s) {
        const core::AccessProfile profile = core::AccessProfile::build(core::makeReplayInput(s), ttls);
        std::vector<std::string> row { s.name, s.source };
        core::ReplayResult r5;
        std::vector<std::string> hitCells;
        for (int i = 0; i < 4; ++i) {
            const core::ReplayResult r
                = profile.evaluate(core::CachePolicy::fromTokens(ttls[i], *capacity, s.blockSize));
            hitCells.push_back(percent(r.totals.hitRate()));
            inputs[i] += r.totals.inputTokens;
            hits[i] += r.totals.hitTokens;
            if (i == 1)
                r5 = r;
        }
        row.push_back(withThousands(r5.totals.requests));
        row.push_back(std::to_string(s.agents.size()));
        row.push_back(withThousands(r5.totals.inputTokens));
        row.insert(row.end(), hitCells.begin(), hitCells.end());
        row.push_back(fixed(r5.totals.refreshFactor(), 2));
        row.push_back(formatTokens(double(r5.peakWorkingSetTokens())));
        table.addRow(std::move(row));
        prefilled += r5.totals.prefilledBlocks;
        unique += r5.totals.uniqueBlocks;
        requests += r5.totals.requests;
        inputTotal += r5.totals.inputTokens;
        ++sessions;
    });
    if (!st) {
        err << "kvscope-cli report: " << st.message() << '\n';
        return 1;
    }
    if (sessions > 1) {
        table.addRule();
        std::vector<std::string> row { "all " + std::to_string(sessions) + " sessions", "", withThousands(requests), "",
            withThousands(inputTotal) };
        for (int i = 0; i < 4; ++i)
            row.push_back(percent(inputs[i] ? double(hits[i]) / double(inputs[i]) : 0.0));
        row.push_back(fixed(unique ? double(prefilled) / double(unique) : 0.0, 2));
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
