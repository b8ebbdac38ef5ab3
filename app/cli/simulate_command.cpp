// SPDX-License-Identifier: Apache-2.0
// kvscope-cli simulate: users replay the sessions against a modeled serving instance (HBM and
// lower KV tiers) in simulated time; prints each config's summary side by side, the periods of
// the first, and writes JSON or CSV. The what-if half of a load test.
#include "cli_common.h"
#include "commands.h"
#include "kv/core/cache_policy.h"
#include "kv/core/serving_simulator.h"
#include "kv/importers/serving_config_file.h"
#include "text_table.h"

#include <nlohmann/json.hpp>
#include <ostream>

namespace kv::cli {

namespace {

struct Run
{
    core::ServingConfig config;
    core::SimResult result;
    core::SimSummary summary;
};

nlohmann::ordered_json periodJson(const core::SimPeriod& p, const std::vector<std::string>& tiers)
{
    nlohmann::ordered_json o { { "start_seconds", p.start }, { "end_seconds", p.end }, { "users", p.users },
        { "requests_in_flight", p.requestsInFlight }, { "input_tokens_per_second", p.inputTokensPerSecond },
        { "output_tokens_per_second", p.outputTokensPerSecond }, { "first_tokens", p.firstTokens },
        { "ttft_p50", p.ttftP50 }, { "ttft_p95", p.ttftP95 }, { "ttft_p99", p.ttftP99 },
        { "output_tokens_per_second_per_request", p.outputTokensPerSecondPerRequest },
        { "gpu_busy_share", p.gpuBusyShare }, { "dropped_blocks", p.droppedBlocks },
        { "objectives_held", p.objectivesHeld } };
    for (std::size_t t = 0; t < tiers.size(); ++t) {
        o["hit_share"][tiers[t]] = p.hitShare[t];
        if (t > 0)
            o["read_bytes_per_second"][tiers[t]] = p.readBytesPerSecond[t];
    }
    return o;
}

} // namespace

int runSimulate(const Args& argv, std::ostream& out, std::ostream& err)
{
    ArgParser args("kvscope-cli simulate [--config FILE] [--compare FILE]... [--users MODE] [--duration D] "
                   "[--ttft S] [--json | --csv periods|requests] PATH...",
        "Replays the sessions as users against a modeled serving instance in simulated time: continuous\n"
        "batching with chunked prefill, KV in HBM and in the tiers below it (DRAM, NVMe, a shared file\n"
        "system), each with a capacity, bandwidths and a latency. Prefill computes only what no tier\n"
        "holds; lower tiers load at their read bandwidth; evicted KV is written down at their write\n"
        "bandwidth or dropped. Users: fixed:N, ramp:START,STEP,PERIOD,MAX, or slo:... (added while the\n"
        "objectives hold, taken away when they fail). Each config given (--config, then every --compare)\n"
        "runs the same users; the summary puts them side by side.");
    addStoreOptions(args);
    args.option("config", "FILE", "serving config, JSON (default: Llama 3.1 70B on 8 x H100, HBM only)");
    args.option("compare", "FILE", "another config to run with the same users (repeat for more)");
    args.option("users", "MODE", "fixed:N, ramp:START,STEP,PERIOD,MAX or slo:START,STEP,PERIOD,MAX (default fixed:4)");
    args.option("duration", "SECONDS", "simulated time (default 30m)");
    args.option("period", "SECONDS", "period of the results with fixed users (default 60)");
    args.option("timing", "STRATEGY", "think-only (default), original or api-scaled");
    args.option("api-time-scale", "X", "recorded API time x this, for api-scaled (default 1)");
    args.option("time-scale", "X", "every wait x this (default 1)");
    args.option("max-delay", "SECONDS", "longest wait between requests (default 60)");
    args.option("warm-prefix", "SHARE", "share of the tools + system prefix all users share (default 0.5)");
    args.option("max-context", "TOKENS", "an agent stops before a longer prompt (default 128k; inf: never)");
    args.flag("random-order", "users take the sessions in a seeded random order");
    args.flag("no-recycle", "a user who finished a session stops");
    args.option("seed", "N", "seed for --random-order (default 1)");
    args.option("ttft", "SECONDS", "TTFT objective (default 2)");
    args.option("ttft-percentile", "P", "percentile the TTFT objective applies to (default 95)");
    args.option("min-output-rate", "TOKENS/S", "objective: output tokens/s per request (default: none)");
    args.flag("print-config", "print the first config as JSON (all fields) and exit");
    args.flag("json", "one JSON object: every config's summary and periods");
    args.option("csv", "TABLE", "periods or requests, every config, as CSV");
    if (const auto exit = parseCommandLine(args, argv, "simulate", out, err))
        return *exit;

    std::vector<core::ServingConfig> configs;
    std::vector<std::string> files;
    if (args.has("config"))
        files.push_back(args.value("config"));
    for (const std::string& f : args.values("compare"))
        files.push_back(f);
    for (const std::string& f : files) {
        auto c = importers::readServingConfigFile(f);
        if (!c)
            return usageError(err, "simulate", c.message());
        configs.push_back(std::move(*c));
    }
    if (!args.has("config"))
        configs.insert(configs.begin(), core::ServingConfig {});
    if (args.has("print-config")) {
        out << importers::servingConfigJson(configs.front());
        return 0;
    }
    auto load = core::parseUserLoad(args.value("users", "fixed:4"));
    if (!load)
        return usageError(err, "simulate", "--users: " + load.message());
    auto duration = parseSeconds(args.value("duration", "30m"));
    if (!duration || !std::isfinite(*duration) || *duration <= 0)
        return usageError(err, "simulate", "--duration must be a positive time");
    load->durationSeconds = *duration;
    if (load->mode == core::UserLoad::Mode::Fixed) {
        auto period = parseSeconds(args.value("period", "60"));
        if (!period || !(*period > 0) || !std::isfinite(*period))
            return usageError(err, "simulate", "--period must be a positive time");
        load->periodSeconds = *period;
    }
    load->randomOrder = args.has("random-order");
    load->recycle = !args.has("no-recycle");
    auto seed = parseTokenCount(args.value("seed", "1"));
    if (!seed)
        return usageError(err, "simulate", "--seed: " + seed.message());
    load->seed = *seed;
    core::UserTiming timing;
    auto strategy = core::parseTimingStrategy(args.value("timing", "think-only"));
    if (!strategy)
        return usageError(err, "simulate", "--timing: " + strategy.message());
    timing.strategy = *strategy;
    for (const auto& [key, field] :
        { std::pair { "api-time-scale", &timing.apiTimeScale }, std::pair { "time-scale", &timing.timeScale } }) {
        if (!args.has(key))
            continue;
        try {
            *field = std::stod(args.value(key));
        } catch (...) {
            *field = -1;
        }
        if (!(*field > 0))
            return usageError(err, "simulate", std::string("--") + key + " must be a positive number");
    }
    auto maxDelay = parseSeconds(args.value("max-delay", "60"));
    if (!maxDelay)
        return usageError(err, "simulate", "--max-delay: " + maxDelay.message());
    timing.maxDelaySeconds = *maxDelay;
    try {
        timing.warmPrefixShare = std::stod(args.value("warm-prefix", "0.5"));
    } catch (...) {
        timing.warmPrefixShare = -1;
    }
    if (!(timing.warmPrefixShare >= 0 && timing.warmPrefixShare <= 1))
        return usageError(err, "simulate", "--warm-prefix is a share from 0 to 1");
    auto maxContext = parseTokenCount(args.value("max-context", "128k"));
    if (!maxContext)
        return usageError(err, "simulate", "--max-context: " + maxContext.message());
    timing.maxContextTokens = *maxContext == core::kUnlimited ? 0 : *maxContext;
    core::ServiceObjectives objectives;
    auto ttft = parseSeconds(args.value("ttft", "2"));
    if (!ttft)
        return usageError(err, "simulate", "--ttft: " + ttft.message());
    objectives.ttftSeconds = *ttft;
    try {
        objectives.ttftPercentile = std::stod(args.value("ttft-percentile", "95"));
        objectives.minOutputTokensPerSecond = std::stod(args.value("min-output-rate", "0"));
    } catch (...) {
        objectives.ttftPercentile = -1;
    }
    if (!(objectives.ttftPercentile > 0 && objectives.ttftPercentile <= 100) || objectives.minOutputTokensPerSecond < 0)
        return usageError(err, "simulate", "--ttft-percentile is 1..100 and --min-output-rate a rate");
    const std::string csv = args.value("csv");
    if (args.has("csv") && csv != "periods" && csv != "requests")
        return usageError(err, "simulate", "--csv takes periods or requests");

    auto ws = openWorkspace(args, err, true);
    if (!ws)
        return usageError(err, "simulate", ws.message());
    std::vector<core::Session> sessions;
    if (const core::Status st
        = forEachSession(*ws, [&](std::int64_t, const core::Session& s) { sessions.push_back(s); });
        !st) {
        err << "kvscope-cli simulate: " << st.message() << '\n';
        return 1;
    }
    if (sessions.empty())
        return usageError(err, "simulate", "no sessions");
    std::vector<Run> runs;
    for (const core::ServingConfig& c : configs) {
        auto r = core::simulateServing(c, sessions, timing, *load, objectives);
        if (!r)
            return usageError(err, "simulate", c.name + ": " + r.message());
        runs.push_back({ c, std::move(*r), {} });
        runs.back().summary = core::summarizeRun(runs.back().result);
    }

    if (args.has("json")) {
        nlohmann::ordered_json o;
        o["sessions"] = sessions.size();
        o["users"] = args.value("users", "fixed:4");
        o["duration_seconds"] = *duration;
        o["timing"] = core::timingStrategyName(timing.strategy);
        o["objectives"]
            = { { "ttft_seconds", objectives.ttftSeconds }, { "ttft_percentile", objectives.ttftPercentile },
                  { "min_output_tokens_per_second", objectives.minOutputTokensPerSecond } };
        for (const Run& run : runs) {
            const core::SimSummary& s = run.summary;
            nlohmann::ordered_json c { { "config", run.config.name }, { "max_users_held", run.result.maxUsersHeld },
                { "fall_off_users", run.result.fallOffUsers }, { "requests", s.requests }, { "answered", s.answered },
                { "ttft_p50", s.ttftP50 }, { "ttft_p95", s.ttftP95 },
                { "input_tokens_per_second", s.inputTokensPerSecond },
                { "output_tokens_per_second", s.outputTokensPerSecond }, { "computed_share", s.computedShare },
                { "gpu_busy_share", s.gpuBusyShare }, { "dropped_blocks", s.droppedBlocks } };
            for (std::size_t t = 0; t < run.result.tierNames.size(); ++t)
                c["hit_share"][run.result.tierNames[t]] = s.hitShare[t];
            for (const core::SimPeriod& p : run.result.periods)
                c["periods"].push_back(periodJson(p, run.result.tierNames));
            o["configs"].push_back(c);
        }
        out << o.dump() << '\n';
        return ws->inputFailed ? 1 : 0;
    }
    if (csv == "periods") {
        TextTable t({ "config", "start_seconds", "end_seconds", "users", "requests_in_flight",
            "input_tokens_per_second", "output_tokens_per_second", "ttft_p50", "ttft_p95", "ttft_p99", "hit_share_hbm",
            "hit_share_lower", "gpu_busy_share", "dropped_blocks", "objectives_held" });
        for (const Run& run : runs)
            for (const core::SimPeriod& p : run.result.periods) {
                double lower = 0;
                for (std::size_t k = 1; k < core::kMaxServingTiers; ++k)
                    lower += p.hitShare[k];
                t.addRow({ run.config.name, fixed(p.start, 1), fixed(p.end, 1), std::to_string(p.users),
                    std::to_string(p.requestsInFlight), fixed(p.inputTokensPerSecond, 1),
                    fixed(p.outputTokensPerSecond, 1), fixed(p.ttftP50, 4), fixed(p.ttftP95, 4), fixed(p.ttftP99, 4),
                    fixed(p.hitShare[0], 4), fixed(lower, 4), fixed(p.gpuBusyShare, 4), std::to_string(p.droppedBlocks),
                    p.objectivesHeld ? "1" : "0" });
            }
        t.printCsv(out);
        return ws->inputFailed ? 1 : 0;
    }
    if (csv == "requests") {
        TextTable t({ "config", "user", "session", "request", "arrival", "first_token", "end", "input_tokens",
            "output_tokens", "hit_tokens_hbm", "hit_tokens_lower", "computed_tokens" });
        for (const Run& run : runs)
            for (const core::SimRequest& q : run.result.requests) {
                std::uint64_t lower = 0;
                for (std::size_t k = 1; k < core::kMaxServingTiers; ++k)
                    lower += q.hitTokens[k];
                t.addRow({ run.config.name, std::to_string(q.user), sessions[q.session].name, std::to_string(q.request),
                    fixed(q.arrival, 4), fixed(q.firstToken, 4), fixed(q.end, 4), std::to_string(q.inputTokens),
                    std::to_string(q.outputTokens), std::to_string(q.hitTokens[0]), std::to_string(lower),
                    std::to_string(q.computedTokens) });
            }
        t.printCsv(out);
        return ws->inputFailed ? 1 : 0;
    }

    out << "Simulated " << formatDuration(*duration) << " of " << sessions.size() << " session(s) as users ("
        << args.value("users", "fixed:4") << ", " << core::timingStrategyName(timing.strategy)
        << " timing), objective TTFT p" << fixed(objectives.ttftPercentile, 0)
        << " <= " << formatDuration(objectives.ttftSeconds) << ":\n\n";
    TextTable t({ "config", "users held", "falls off at", "requests", "TTFT p50", "TTFT p95", "output tok/s",
        "from HBM", "from lower tiers", "computed", "GPU busy", "dropped blocks" });
    for (const Run& run : runs) {
        const core::SimSummary& s = run.summary;
        double lower = 0;
        std::string tiers;
        for (std::size_t k = 1; k < run.result.tierNames.size(); ++k) {
            lower += s.hitShare[k];
            tiers += (tiers.empty() ? "" : " ") + run.result.tierNames[k] + " " + percent(s.hitShare[k]);
        }
        t.addRow({ run.config.name, withThousands(run.result.maxUsersHeld),
            run.result.fallOffUsers ? withThousands(run.result.fallOffUsers) : "-", withThousands(s.answered),
            fixed(s.ttftP50, 2) + " s", fixed(s.ttftP95, 2) + " s", fixed(s.outputTokensPerSecond, 0),
            percent(s.hitShare[0]), tiers.empty() ? "-" : tiers, percent(s.computedShare), percent(s.gpuBusyShare),
            withThousands(s.droppedBlocks) });
    }
    t.print(out);
    out << "\nPeriods of " << runs.front().config.name << ":\n";
    TextTable p({ "from", "users", "in flight", "TTFT p50", "TTFT p95", "output tok/s", "from HBM", "from lower",
        "GPU busy", "dropped", "objectives" });
    for (const core::SimPeriod& period : runs.front().result.periods) {
        double lower = 0;
        for (std::size_t k = 1; k < core::kMaxServingTiers; ++k)
            lower += period.hitShare[k];
        p.addRow({ formatDuration(period.start), std::to_string(period.users), std::to_string(period.requestsInFlight),
            fixed(period.ttftP50, 2), fixed(period.ttftP95, 2), fixed(period.outputTokensPerSecond, 0),
            percent(period.hitShare[0]), percent(lower), percent(period.gpuBusyShare),
            withThousands(period.droppedBlocks), period.objectivesHeld ? "held" : "FAILED" });
    }
    p.print(out);
    return ws->inputFailed ? 1 : 0;
}

} // namespace kv::cli
