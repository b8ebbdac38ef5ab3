// SPDX-License-Identifier: Apache-2.0
#include "simulation_output.h"

#include "text_table.h"

namespace kv::cli {

namespace {
double lowerShare(const std::array<double, core::kMaxServingTiers>& shares)
{
    double lower = 0;
    for (std::size_t k = 1; k < core::kMaxServingTiers; ++k)
        lower += shares[k];
    return lower;
}
} // namespace

nlohmann::ordered_json simulationRunJson(const core::SimResult& run)
{
    const core::SimSummary s = core::summarizeRun(run);
    nlohmann::ordered_json c { { "config", run.config }, { "max_users_held", run.maxUsersHeld },
        { "fall_off_users", run.fallOffUsers }, { "requests", s.requests }, { "answered", s.answered },
        { "ttft_p50", s.ttftP50 }, { "ttft_p95", s.ttftP95 }, { "input_tokens_per_second", s.inputTokensPerSecond },
        { "output_tokens_per_second", s.outputTokensPerSecond }, { "computed_share", s.computedShare },
        { "gpu_busy_share", s.gpuBusyShare }, { "dropped_blocks", s.droppedBlocks } };
    for (std::size_t t = 0; t < run.tierNames.size(); ++t)
        c["hit_share"][run.tierNames[t]] = s.hitShare[t];
    for (const core::SimPeriod& p : run.periods) {
        nlohmann::ordered_json o { { "start_seconds", p.start }, { "end_seconds", p.end }, { "users", p.users },
            { "requests_in_flight", p.requestsInFlight }, { "input_tokens_per_second", p.inputTokensPerSecond },
            { "output_tokens_per_second", p.outputTokensPerSecond }, { "first_tokens", p.firstTokens },
            { "ttft_p50", p.ttftP50 }, { "ttft_p95", p.ttftP95 }, { "ttft_p99", p.ttftP99 },
            { "output_tokens_per_second_per_request", p.outputTokensPerSecondPerRequest },
            { "gpu_busy_share", p.gpuBusyShare }, { "dropped_blocks", p.droppedBlocks },
            { "objectives_held", p.objectivesHeld } };
        for (std::size_t t = 0; t < run.tierNames.size(); ++t) {
            o["hit_share"][run.tierNames[t]] = p.hitShare[t];
            if (t > 0)
                o["read_bytes_per_second"][run.tierNames[t]] = p.readBytesPerSecond[t];
        }
        c["periods"].push_back(o);
    }
    return c;
}

void printSimulationCsv(std::ostream& out, const std::vector<const core::SimResult*>& runs, const std::string& table)
{
    if (table == "periods") {
        TextTable t({ "config", "start_seconds", "end_seconds", "users", "requests_in_flight",
            "input_tokens_per_second", "output_tokens_per_second", "ttft_p50", "ttft_p95", "ttft_p99", "hit_share_hbm",
            "hit_share_lower", "gpu_busy_share", "dropped_blocks", "objectives_held" });
        for (const core::SimResult* run : runs)
            for (const core::SimPeriod& p : run->periods)
                t.addRow({ run->config, fixed(p.start, 1), fixed(p.end, 1), std::to_string(p.users),
                    std::to_string(p.requestsInFlight), fixed(p.inputTokensPerSecond, 1),
                    fixed(p.outputTokensPerSecond, 1), fixed(p.ttftP50, 4), fixed(p.ttftP95, 4), fixed(p.ttftP99, 4),
                    fixed(p.hitShare[0], 4), fixed(lowerShare(p.hitShare), 4), fixed(p.gpuBusyShare, 4),
                    std::to_string(p.droppedBlocks), p.objectivesHeld ? "1" : "0" });
        t.printCsv(out);
        return;
    }
    TextTable t({ "config", "user", "session", "request", "arrival", "first_token", "end", "input_tokens",
        "output_tokens", "hit_tokens_hbm", "hit_tokens_lower", "computed_tokens" });
    for (const core::SimResult* run : runs)
        for (const core::SimRequest& q : run->requests) {
            std::uint64_t lower = 0;
            for (std::size_t k = 1; k < core::kMaxServingTiers; ++k)
                lower += q.hitTokens[k];
            t.addRow({ run->config, std::to_string(q.user),
                q.session < run->sessionNames.size() ? run->sessionNames[q.session] : std::to_string(q.session),
                std::to_string(q.request), fixed(q.arrival, 4), fixed(q.firstToken, 4), fixed(q.end, 4),
                std::to_string(q.inputTokens), std::to_string(q.outputTokens), std::to_string(q.hitTokens[0]),
                std::to_string(lower), std::to_string(q.computedTokens) });
        }
    t.printCsv(out);
}

void printSimulationTables(std::ostream& out, const std::vector<const core::SimResult*>& runs)
{
    TextTable t({ "config", "users held", "falls off at", "requests", "TTFT p50", "TTFT p95", "output tok/s",
        "from HBM", "from lower tiers", "computed", "GPU busy", "dropped blocks" });
    for (const core::SimResult* run : runs) {
        const core::SimSummary s = core::summarizeRun(*run);
        std::string tiers;
        for (std::size_t k = 1; k < run->tierNames.size(); ++k)
            tiers += (tiers.empty() ? "" : " ") + run->tierNames[k] + " " + percent(s.hitShare[k]);
        t.addRow(
            { run->config, withThousands(run->maxUsersHeld), run->fallOffUsers ? withThousands(run->fallOffUsers) : "-",
                withThousands(s.answered), fixed(s.ttftP50, 2) + " s", fixed(s.ttftP95, 2) + " s",
                fixed(s.outputTokensPerSecond, 0), percent(s.hitShare[0]), tiers.empty() ? "-" : tiers,
                percent(s.computedShare), percent(s.gpuBusyShare), withThousands(s.droppedBlocks) });
    }
    t.print(out);
    if (runs.empty())
        return;
    out << "\nPeriods of " << runs.front()->config << ":\n";
    TextTable p({ "from", "users", "in flight", "TTFT p50", "TTFT p95", "output tok/s", "from HBM", "from lower",
        "GPU busy", "dropped", "objectives" });
    for (const core::SimPeriod& period : runs.front()->periods)
        p.addRow({ formatDuration(period.start), std::to_string(period.users), std::to_string(period.requestsInFlight),
            fixed(period.ttftP50, 2), fixed(period.ttftP95, 2), fixed(period.outputTokensPerSecond, 0),
            percent(period.hitShare[0]), percent(lowerShare(period.hitShare)), percent(period.gpuBusyShare),
            withThousands(period.droppedBlocks), period.objectivesHeld ? "held" : "FAILED" });
    p.print(out);
}

} // namespace kv::cli
