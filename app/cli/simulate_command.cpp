// SPDX-License-Identifier: Apache-2.0
// kvscope-cli simulate: users replay the sessions against a modeled serving instance (HBM and
// lower KV tiers) in simulated time; prints each config's summary side by side, the periods of
// the first, and writes JSON or CSV. The what-if half of a load test.
#include "cli_common.h"
#include "commands.h"
#include "kv/core/cache_policy.h"
#include "kv/core/serving_simulator.h"
#include "kv/core/simulation_store.h"
#include "kv/importers/serving_config_file.h"
#include "simulation_output.h"
#include "text_table.h"

#include <ctime>
#include <limits>
#include <nlohmann/json.hpp>
#include <ostream>

namespace kv::cli {

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
    args.option("advance", "MIN[-MAX]", "users start a session at a seeded random share of it, e.g. 0.3-0.6");
    args.flag("no-recycle", "a user who finished a session stops");
    args.option("seed", "N", "seed for --random-order (default 1)");
    args.option("ttft", "SECONDS", "TTFT objective (default 2)");
    args.option("ttft-percentile", "P", "percentile the TTFT objective applies to (default 95)");
    args.option("min-output-rate", "TOKENS/S", "objective: output tokens/s per request (default: none)");
    args.flag("print-config", "print the first config as JSON (all fields) and exit");
    args.epilog("Every run is stored in the store with its config and users; with --db FILE they stay there\n"
                "for kvscope-cli runs.");
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
    if (args.has("advance")) {
        const std::string text = args.value("advance");
        const std::size_t dash = text.find('-');
        const auto low = parseNumber(text.substr(0, dash), 0, 1);
        const auto high = dash == std::string::npos ? low : parseNumber(text.substr(dash + 1), 0, 1);
        if (!low || !high || *low > *high)
            return usageError(err, "simulate", "--advance takes MIN-MAX shares from 0 to 1, e.g. 0.3-0.6");
        load->advanceMin = *low;
        load->advanceMax = *high;
    }
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
        const auto v = parseNumber(args.value(key), 0, std::numeric_limits<double>::infinity());
        if (!v || *v == 0)
            return usageError(err, "simulate", std::string("--") + key + " must be a positive number");
        *field = *v;
    }
    auto maxDelay = parseSeconds(args.value("max-delay", "60"));
    if (!maxDelay)
        return usageError(err, "simulate", "--max-delay: " + maxDelay.message());
    timing.maxDelaySeconds = *maxDelay;
    const auto warm = parseNumber(args.value("warm-prefix", "0.5"), 0, 1);
    if (!warm)
        return usageError(err, "simulate", "--warm-prefix: " + warm.message());
    timing.warmPrefixShare = *warm;
    auto maxContext = parseTokenCount(args.value("max-context", "128k"));
    if (!maxContext)
        return usageError(err, "simulate", "--max-context: " + maxContext.message());
    timing.maxContextTokens = *maxContext == core::kUnlimited ? 0 : *maxContext;
    core::ServiceObjectives objectives;
    auto ttft = parseSeconds(args.value("ttft", "2"));
    if (!ttft)
        return usageError(err, "simulate", "--ttft: " + ttft.message());
    objectives.ttftSeconds = *ttft;
    const auto percentile = parseNumber(args.value("ttft-percentile", "95"), 0, 100);
    const auto minRate = parseNumber(args.value("min-output-rate", "0"), 0, std::numeric_limits<double>::infinity());
    if (!percentile || *percentile == 0 || !minRate)
        return usageError(err, "simulate", "--ttft-percentile is 1..100 and --min-output-rate a rate");
    objectives.ttftPercentile = *percentile;
    objectives.minOutputTokensPerSecond = *minRate;
    const std::string csv = args.value("csv");
    if (args.has("csv") && csv != "periods" && csv != "requests")
        return usageError(err, "simulate", "--csv takes periods or requests");

    auto ws = openWorkspace(args, err, true);
    if (!ws)
        return usageError(err, "simulate", ws.message());
    auto loaded = loadSessions(*ws);
    if (!loaded) {
        err << "kvscope-cli simulate: " << loaded.message() << '\n';
        return 1;
    }
    std::vector<core::Session>& sessions = *loaded;
    if (sessions.empty())
        return usageError(err, "simulate", "no sessions");
    struct Run
    {
        core::SimResult result;
        std::int64_t stored = 0;
    };
    std::vector<Run> runs;
    // Every run goes into the store (kept with --db), labelled by this invocation.
    core::SimulationSettings settings;
    settings.label = "kvscope-cli simulate " + std::to_string(std::time(nullptr));
    settings.users = args.value("users", "fixed:4");
    settings.timing = core::timingStrategyName(timing.strategy);
    settings.durationSeconds = *duration;
    settings.objectives = objectives;
    for (const core::ServingConfig& c : configs) {
        auto r = core::simulateServing(c, sessions, timing, *load, objectives);
        if (!r)
            return usageError(err, "simulate", c.name + ": " + r.message());
        settings.configJson = importers::servingConfigJson(c);
        auto stored = core::saveSimulation(*ws->store, *r, settings);
        if (!stored) {
            err << "kvscope-cli simulate: " << stored.message() << '\n';
            return 1;
        }
        runs.push_back({ std::move(*r), *stored });
    }

    std::vector<const core::SimResult*> results;
    for (const Run& run : runs)
        results.push_back(&run.result);
    if (args.has("json")) {
        nlohmann::ordered_json o;
        o["sessions"] = sessions.size();
        o["users"] = args.value("users", "fixed:4");
        o["duration_seconds"] = *duration;
        o["timing"] = core::timingStrategyName(timing.strategy);
        o["objectives"]
            = { { "ttft_seconds", objectives.ttftSeconds }, { "ttft_percentile", objectives.ttftPercentile },
                  { "min_output_tokens_per_second", objectives.minOutputTokensPerSecond } };
        for (const Run& run : runs)
            o["configs"].push_back(simulationRunJson(run.result));
        out << o.dump() << '\n';
        return ws->inputFailed ? 1 : 0;
    }
    if (args.has("csv")) {
        printSimulationCsv(out, results, csv);
        return ws->inputFailed ? 1 : 0;
    }
    out << "Simulated " << formatDuration(*duration) << " of " << sessions.size() << " session(s) as users ("
        << args.value("users", "fixed:4") << ", " << core::timingStrategyName(timing.strategy)
        << " timing), objective TTFT p" << fixed(objectives.ttftPercentile, 0)
        << " <= " << formatDuration(objectives.ttftSeconds) << ":\n\n";
    printSimulationTables(out, results);
    if (args.has("db"))
        for (const Run& run : runs)
            out << (&run == &runs.front() ? "\n" : "") << run.result.config << " is stored as run " << run.stored
                << " in " << args.value("db") << " (kvscope-cli runs --db FILE --show " << run.stored << ").\n";
    return ws->inputFailed ? 1 : 0;
}

} // namespace kv::cli
