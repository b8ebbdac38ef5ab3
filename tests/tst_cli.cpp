// SPDX-License-Identifier: Apache-2.0
// The kvscope-cli contract, run as a user runs it: replay --json reproduces expected_replay.json
// for all six policies, curves agree with replays, stats has its keys, bad input gives exit 1
// with a one-line message, and the bundled sample_traces match their golden outputs.
#include "test_support.h"

#include <gtest/gtest.h>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

using namespace kv;
using nlohmann::json;

namespace {

std::vector<json> jsonLines(const std::string& text)
{
    std::vector<json> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (!line.empty())
            out.push_back(json::parse(line));
    return out;
}

// CSV rows as cells; cells that were quoted lose their quotes (the samples' names have no commas).
std::vector<std::vector<std::string>> csvRows(const std::string& text)
{
    std::vector<std::vector<std::string>> rows;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        std::vector<std::string> cells;
        std::istringstream cellsIn(line);
        for (std::string cell; std::getline(cellsIn, cell, ',');) {
            if (cell.size() >= 2 && cell.front() == '"' && cell.back() == '"')
                cell = cell.substr(1, cell.size() - 2);
            cells.push_back(cell);
        }
        rows.push_back(std::move(cells));
    }
    return rows;
}

const json& expected()
{
    static const json e = json::parse(test::readFile(test::tracesDir() / "expected_replay.json"));
    return e;
}

// The shared traces, without expected_replay.json (which is not a trace).
std::vector<std::string> traceArgs()
{
    std::vector<std::string> args;
    for (const auto& p : test::sharedTraceFiles())
        args.push_back(p.string());
    return args;
}

} // namespace

TEST(Cli, ReplayJsonReproducesExpectedReplayForAllSixPolicies)
{
    const std::map<std::string, std::vector<std::string>> policies {
        { "ttl_60", { "--ttl", "60" } },
        { "ttl_300", { "--ttl", "5m" } },
        { "ttl_3600", { "--ttl", "3600" } },
        { "ttl_inf", { "--ttl", "inf" } },
        { "lru_4096_blocks", { "--capacity", "262144" } },
        { "lru_4096_blocks_ttl_300", { "--capacity", "262144", "--ttl", "300" } },
    };
    for (const auto& [name, flags] : policies) {
        std::vector<std::string> args { "replay", "--json" };
        args.insert(args.end(), flags.begin(), flags.end());
        args.push_back(test::tracesDir().string()); // a directory: expected_replay.json is skipped
        const auto r = test::runCli(args);
        ASSERT_EQ(r.exitCode, 0) << r.err;
        const auto lines = jsonLines(r.out);
        ASSERT_EQ(lines.size(), 48u) << name;
        for (const json& j : lines) {
            const json& e = expected().at(j.at("session").get<std::string>()).at(name);
            for (const char* key : { "requests", "input_tokens", "hit_tokens", "prefilled_blocks", "unique_blocks",
                     "peak_working_set_tokens" })
                EXPECT_EQ(j.at(key), e.at(key)) << j.at("session") << " " << name << " " << key;
            EXPECT_DOUBLE_EQ(
                j.at("hit_rate").get<double>(), e.at("hit_tokens").get<double>() / e.at("input_tokens").get<double>());
            EXPECT_DOUBLE_EQ(j.at("refresh_factor").get<double>(),
                e.at("prefilled_blocks").get<double>() / e.at("unique_blocks").get<double>());
        }
    }
}

TEST(Cli, StepEngineGivesTheSameJson)
{
    auto args = traceArgs();
    args.insert(args.begin(), { "replay", "--json", "--ttl", "300", "--capacity", "100000" });
    const auto onePass = test::runCli(args);
    args.insert(args.begin() + 1, { "--engine", "step" });
    const auto step = test::runCli(args);
    ASSERT_EQ(onePass.exitCode, 0) << onePass.err;
    ASSERT_EQ(step.exitCode, 0) << step.err;
    EXPECT_EQ(onePass.out, step.out);
}

TEST(Cli, CurvePointsEqualReplays)
{
    auto args = traceArgs();
    args.insert(args.begin(), { "curve", "--by", "ttl", "--points", "60,300,3600,inf", "--per-session", "--json" });
    const auto r = test::runCli(args);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto lines = jsonLines(r.out);
    ASSERT_EQ(lines.size(), 48u * 4u);
    const std::map<std::string, std::string> byTtl { { "60", "ttl_60" }, { "300", "ttl_300" }, { "3600", "ttl_3600" },
        { "inf", "ttl_inf" } };
    for (const json& j : lines) {
        const std::string ttl
            = j.at("ttl_seconds").is_string() ? "inf" : std::to_string(j.at("ttl_seconds").get<int>());
        const json& e = expected().at(j.at("session").get<std::string>()).at(byTtl.at(ttl));
        EXPECT_EQ(j.at("hit_tokens"), e.at("hit_tokens"));
        EXPECT_EQ(j.at("prefilled_blocks"), e.at("prefilled_blocks"));
        EXPECT_EQ(j.at("peak_working_set_tokens"), e.at("peak_working_set_tokens"));
    }

    auto capArgs = traceArgs();
    capArgs.insert(capArgs.begin(), { "curve", "--by", "capacity", "--points", "262144", "--json" });
    const auto c = test::runCli(capArgs);
    ASSERT_EQ(c.exitCode, 0) << c.err;
    const auto total = jsonLines(c.out);
    ASSERT_EQ(total.size(), 1u);
    std::uint64_t hits = 0, inputs = 0;
    for (const auto& [name, policies] : expected().items()) {
        hits += policies.at("lru_4096_blocks").at("hit_tokens").get<std::uint64_t>();
        inputs += policies.at("lru_4096_blocks").at("input_tokens").get<std::uint64_t>();
    }
    EXPECT_EQ(total[0].at("hit_tokens").get<std::uint64_t>(), hits);
    EXPECT_EQ(total[0].at("input_tokens").get<std::uint64_t>(), inputs);

    auto grid = traceArgs();
    grid.insert(grid.begin(), { "curve", "--by", "ttl", "--json" });
    const auto g = test::runCli(grid);
    ASSERT_EQ(g.exitCode, 0) << g.err;
    EXPECT_EQ(jsonLines(g.out).size(), 64u);
}

TEST(Cli, StatsJsonHasTheCorpusRows)
{
    auto args = traceArgs();
    args.insert(args.begin(), { "stats", "--json" });
    const auto r = test::runCli(args);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json j = json::parse(r.out);
    for (const char* key :
        { "requests_per_trace", "starting_input_tokens", "ending_input_tokens", "input_tokens_per_request",
            "output_tokens_per_request", "duration_minutes", "think_time_s", "api_time_s", "conversation_hit_rate" }) {
        ASSERT_TRUE(j.contains(key)) << key;
        for (const char* stat : { "min", "p25", "median", "p75", "max", "mean" })
            ASSERT_TRUE(j.at(key).contains(stat)) << key << "." << stat;
        EXPECT_LE(j.at(key).at("min").get<double>(), j.at(key).at("median").get<double>());
        EXPECT_LE(j.at(key).at("median").get<double>(), j.at(key).at("max").get<double>());
    }
    // Traces without sub-agents: conversation hit rate equals the ttl_inf replay's.
    double minRate = 1;
    for (const auto& [name, p] : expected().items())
        minRate = std::min(
            minRate, p.at("ttl_inf").at("hit_tokens").get<double>() / p.at("ttl_inf").at("input_tokens").get<double>());
    EXPECT_GT(j.at("conversation_hit_rate").at("max").get<double>(), 0.9);
    EXPECT_GT(j.at("requests_per_trace").at("min").get<double>(), 0);
    EXPECT_GE(j.at("conversation_hit_rate").at("min").get<double>(), minRate - 0.2);
}

TEST(Cli, BadInputGivesExitOneAndKeepsTheRest)
{
    test::TempDir dir;
    test::writeFile(dir / "broken.json", R"({"id":"b","block_size":64,"requests":[{"t":0,"in":5,"hash_ids":[1,2}]})");
    const auto r = test::runCli(
        { "replay", "--json", (dir / "broken.json").string(), (test::tracesDir() / "trace_0001.json.zst").string() });
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("broken.json: byte "), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    const auto lines = jsonLines(r.out);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].at("session"), "trace_0001");

    const auto imp = test::runCli({ "import", (dir / "broken.json").string() });
    EXPECT_EQ(imp.exitCode, 1);
    EXPECT_NE(imp.err.find("broken.json: byte "), std::string::npos);
    EXPECT_EQ(test::runCli({ "replay", "--ttl", "soon", (dir / "broken.json").string() }).exitCode, 2);
    EXPECT_EQ(test::runCli({ "replay" }).exitCode, 2);
}

TEST(Cli, PerRequestLinesAddUpToTheSession)
{
    const std::string trace = (test::tracesDir() / "trace_0291.json.zst").string();
    const auto perRequest = test::runCli({ "replay", "--json", "--per-request", "--ttl", "300", trace });
    ASSERT_EQ(perRequest.exitCode, 0) << perRequest.err;
    const auto lines = jsonLines(perRequest.out);
    const json& e = expected().at("trace_0291").at("ttl_300");
    ASSERT_EQ(lines.size(), e.at("requests").get<std::size_t>());
    std::uint64_t hits = 0, misses = 0, peak = 0, explore = 0;
    double lastT = -1;
    for (const json& j : lines) {
        hits += j.at("hit_tokens").get<std::uint64_t>();
        misses += j.at("miss_blocks").get<std::uint64_t>();
        peak = std::max(peak, j.at("working_set_tokens").get<std::uint64_t>());
        explore += j.at("agent_type") == "Explore";
        EXPECT_GE(j.at("t").get<double>(), lastT); // replay order is time order
        lastT = j.at("t").get<double>();
    }
    EXPECT_EQ(hits, e.at("hit_tokens").get<std::uint64_t>());
    EXPECT_EQ(misses, e.at("prefilled_blocks").get<std::uint64_t>());
    EXPECT_EQ(peak, e.at("peak_working_set_tokens").get<std::uint64_t>());
    EXPECT_EQ(explore, 12u); // two Explore sub-agents, 5 and 7 requests
}

TEST(Cli, SharedCacheKeepsLocalHashesApart)
{
    auto args = traceArgs();
    args.insert(args.begin(), { "replay", "--json", "--shared-cache", "--ttl", "3600" });
    const auto r = test::runCli(args);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto lines = jsonLines(r.out);
    ASSERT_EQ(lines.size(), 1u);
    std::uint64_t hits = 0, unique = 0, maxPeak = 0;
    for (const auto& [name, p] : expected().items()) {
        hits += p.at("ttl_3600").at("hit_tokens").get<std::uint64_t>();
        unique += p.at("ttl_3600").at("unique_blocks").get<std::uint64_t>();
        maxPeak = std::max(maxPeak, p.at("ttl_3600").at("peak_working_set_tokens").get<std::uint64_t>());
    }
    // "local" hash ids mean nothing across traces, so nothing is shared between sessions: the
    // hits are the sum of the separate replays, but all 48 sessions are resident at once.
    EXPECT_EQ(lines[0].at("hit_tokens").get<std::uint64_t>(), hits);
    EXPECT_EQ(lines[0].at("unique_blocks").get<std::uint64_t>(), unique);
    EXPECT_GT(lines[0].at("peak_working_set_tokens").get<std::uint64_t>(), maxPeak);
}

TEST(Cli, StorePersistsAcrossCommands)
{
    test::TempDir dir;
    const std::string db = (dir / "kv.sqlite").string();
    const auto imp = test::runCli({ "import", "--db", db, test::tracesDir().string() });
    ASSERT_EQ(imp.exitCode, 0) << imp.err;
    EXPECT_NE(imp.out.find("imported 48 file(s)"), std::string::npos) << imp.out;
    const auto again = test::runCli({ "import", "--db", db, test::tracesDir().string() });
    EXPECT_NE(again.out.find("imported 0 file(s) (0 session(s)), 48 already in the store"), std::string::npos)
        << again.out;
    const auto fromDb = test::runCli({ "replay", "--db", db, "--json", "--ttl", "60" });
    ASSERT_EQ(fromDb.exitCode, 0) << fromDb.err;
    const auto lines = jsonLines(fromDb.out);
    ASSERT_EQ(lines.size(), 48u);
    for (const json& j : lines)
        EXPECT_EQ(j.at("hit_tokens"), expected().at(j.at("session").get<std::string>()).at("ttl_60").at("hit_tokens"));
}

TEST(Cli, EveryCommandHasHelp)
{
    for (const char* cmd : { "import", "replay", "curve", "stats", "report", "export", "misses", "tiers", "chunks",
             "simulate", "provider", "fleet" }) {
        const auto r = test::runCli({ cmd, "--help" });
        EXPECT_EQ(r.exitCode, 0) << cmd;
        EXPECT_NE(r.out.find("usage: kvscope-cli " + std::string(cmd)), std::string::npos) << r.out;
    }
    EXPECT_EQ(test::runCli({ "--help" }).exitCode, 0);
    EXPECT_EQ(test::runCli({ "frobnicate" }).exitCode, 2);
}

TEST(Golden, SampleTracesAreWhatTheGeneratorMakes)
{
    test::TempDir dir;
    const auto r = test::runProgram(KV_GENERATOR_PATH, { dir.path().string() });
    ASSERT_EQ(r.exitCode, 0) << r.err;
    // Every file the generator writes must be committed, byte for byte, and nothing else.
    std::size_t files = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir.path())) {
        if (!e.is_regular_file())
            continue;
        ++files;
        const auto rel = std::filesystem::relative(e.path(), dir.path());
        EXPECT_EQ(test::readFile(e.path()), test::readFile(test::sourceDir() / "sample_traces" / rel))
            << rel << " differs: rerun tools/generate_sample_traces sample_traces";
    }
    std::size_t committed = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(test::sourceDir() / "sample_traces"))
        committed += e.is_regular_file() && e.path().filename() != "README.md";
    EXPECT_EQ(files, committed);
    EXPECT_GE(files, 8u); // kv-cache-tester, Mooncake, Claude Code (+ sub-agent and meta), Codex
}

TEST(Golden, ReportAndReplayOnSampleTraces)
{
    const std::string samples = (test::sourceDir() / "sample_traces").string();
    const auto golden = test::sourceDir() / "tests" / "golden";
    const auto report = test::runCli({ "report", samples });
    ASSERT_EQ(report.exitCode, 0) << report.err;
    EXPECT_EQ(report.out, test::readFile(golden / "report_sample_traces.txt"))
        << "update with tests/golden/update_golden.sh if the change is intended";
    const auto replay = test::runCli({ "replay", "--json", "--ttl", "300", "--capacity", "50k", samples });
    ASSERT_EQ(replay.exitCode, 0) << replay.err;
    EXPECT_EQ(replay.out, test::readFile(golden / "replay_ttl300_cap50k_sample_traces.jsonl"));
}

TEST(Cli, MissCausesAddUpToTheReplaysMisses)
{
    const std::string traces = test::tracesDir().string();
    const auto replay = test::runCli({ "replay", "--json", "--ttl", "300", "--capacity", "262144", traces });
    ASSERT_EQ(replay.exitCode, 0) << replay.err;
    std::map<std::string, json> bySession;
    for (const json& j : jsonLines(replay.out))
        bySession[j["session"].get<std::string>()] = j;
    const auto misses = test::runCli({ "misses", "--json", "--ttl", "300", "--capacity", "262144", traces });
    ASSERT_EQ(misses.exitCode, 0) << misses.err;
    const auto lines = jsonLines(misses.out);
    ASSERT_EQ(lines.size(), 48u);
    for (const json& m : lines) {
        const json& r = bySession.at(m["session"].get<std::string>());
        const std::uint64_t missed = r["input_tokens"].get<std::uint64_t>() - r["hit_tokens"].get<std::uint64_t>();
        EXPECT_EQ(m["missed_tokens"].get<std::uint64_t>(), missed);
        EXPECT_EQ(m["cold_tokens"].get<std::uint64_t>() + m["expired_tokens"].get<std::uint64_t>()
                + m["evicted_tokens"].get<std::uint64_t>() + m["prefix_broken_tokens"].get<std::uint64_t>(),
            missed);
        EXPECT_EQ(m["cold_blocks"].get<std::uint64_t>() + m["expired_blocks"].get<std::uint64_t>()
                + m["evicted_blocks"].get<std::uint64_t>() + m["prefix_broken_blocks"].get<std::uint64_t>(),
            r["prefilled_blocks"].get<std::uint64_t>());
        EXPECT_EQ(m["expired_after_human_turn_tokens"].get<std::uint64_t>()
                + m["expired_in_tool_loop_tokens"].get<std::uint64_t>(),
            m["expired_tokens"].get<std::uint64_t>());
        EXPECT_FALSE(m["summary"].get<std::string>().empty());
    }
    // CSV: a header and a row per request, whose missed tokens add up to the session's.
    const auto csv = test::runCli({ "misses", "--csv", "--per-request", "--ttl", "300",
        (test::sourceDir() / "sample_traces" / "kv-cache-tester" / "sample_idle_gaps.json").string() });
    ASSERT_EQ(csv.exitCode, 0) << csv.err;
    std::istringstream in(csv.out);
    std::string line;
    std::getline(in, line);
    EXPECT_EQ(line.rfind("session,request,time_seconds,agent,input_tokens,hit_tokens,missed_tokens,cold_tokens", 0), 0u)
        << line;
    std::size_t rows = 0;
    while (std::getline(in, line))
        rows += !line.empty();
    EXPECT_EQ(rows, 42u); // sample_idle_gaps has 42 requests
    EXPECT_EQ(test::runCli({ "misses", "--per-request", traces }).exitCode, 2); // needs --json or --csv
}

TEST(Cli, TierHitsAddUpToOneCacheOfTheirSum)
{
    // llama-3.1-70b: 327,680 bytes per token = 20 MiB per 64-token block; 1 GiB + 4 GiB + 15 GiB
    // hold 51 + 204 + 768 = 1,023 blocks.
    const std::string traces = test::tracesDir().string();
    const auto tiers = test::runCli({ "tiers", "--json", "--model", "llama-3.1-70b", "--tiers",
        "hbm=1GiB,dram=4GiB,nvme=15GiB", "--ttl", "1h", traces });
    ASSERT_EQ(tiers.exitCode, 0) << tiers.err;
    const auto replay
        = test::runCli({ "replay", "--json", "--ttl", "1h", "--capacity", std::to_string(1023 * 64), traces });
    ASSERT_EQ(replay.exitCode, 0) << replay.err;
    std::map<std::string, std::uint64_t> hits;
    for (const json& j : jsonLines(replay.out))
        hits[j["session"].get<std::string>()] = j["hit_tokens"].get<std::uint64_t>();
    const auto lines = jsonLines(tiers.out);
    ASSERT_EQ(lines.size(), 48u);
    for (const json& t : lines) {
        std::uint64_t sum = 0;
        ASSERT_EQ(t["tiers"].size(), 3u);
        EXPECT_EQ(t["tiers"][0]["capacity_tokens"].get<std::uint64_t>(), 51u * 64);
        for (const json& tier : t["tiers"])
            sum += tier["hit_tokens"].get<std::uint64_t>();
        EXPECT_EQ(sum, t["hit_tokens"].get<std::uint64_t>());
        EXPECT_EQ(sum, hits.at(t["session"].get<std::string>())) << t["session"];
    }
    EXPECT_EQ(test::runCli({ "tiers", "--model", "gpt-17", "--tiers", "hbm=1GiB", traces }).exitCode, 2);
    EXPECT_EQ(test::runCli({ "tiers", "--model", "llama-3.1-8b", "--tiers", "hbm=lots", traces }).exitCode, 2);
    // A user-defined model from a JSON file.
    test::TempDir dir;
    test::writeFile(dir / "models.json", R"([{"name": "tiny", "layers": 2, "kv_heads": 1, "head_dim": 64}])");
    const auto listed = test::runCli({ "tiers", "--list-models", "--models-file", (dir / "models.json").string() });
    ASSERT_EQ(listed.exitCode, 0) << listed.err;
    EXPECT_NE(listed.out.find("tiny"), std::string::npos);
    EXPECT_NE(listed.out.find("512"), std::string::npos); // 2 layers x 2 x 1 head x 64 x 2 bytes
    test::writeFile(dir / "bad.json", R"([{"name": "broken", "layers": 0}])");
    const auto bad = test::runCli({ "tiers", "--list-models", "--models-file", (dir / "bad.json").string() });
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_NE(bad.err.find("bad.json: model 1 (broken)"), std::string::npos) << bad.err;
}

TEST(Cli, ChunksAndProviderAddUp)
{
    const std::string samples = (test::sourceDir() / "sample_traces").string();
    const auto replay = test::runCli({ "replay", "--json", "--ttl", "300", samples });
    ASSERT_EQ(replay.exitCode, 0) << replay.err;
    std::map<std::string, json> bySession;
    for (const json& j : jsonLines(replay.out))
        bySession[j["session"].get<std::string>()] = j;
    const auto chunks = test::runCli({ "chunks", "--json", "--ttl", "300", "--top", "3", samples });
    ASSERT_EQ(chunks.exitCode, 0) << chunks.err;
    const auto lines = jsonLines(chunks.out);
    ASSERT_EQ(lines.size(), bySession.size());
    for (const json& c : lines) {
        const json& r = bySession.at(c["session"].get<std::string>());
        EXPECT_EQ(c["prefilled_blocks"], r["prefilled_blocks"]);
        EXPECT_EQ(c["unique_blocks"], r["unique_blocks"]);
        std::uint64_t blocks = 0, prefills = 0, kinds = 0;
        for (const auto& [times, n] : c["histogram"].items()) {
            blocks += n.get<std::uint64_t>();
            prefills += std::stoull(times) * n.get<std::uint64_t>();
        }
        for (const json& k : c["by_kind"])
            kinds += k["prefilled_blocks"].get<std::uint64_t>();
        EXPECT_EQ(blocks, r["unique_blocks"].get<std::uint64_t>());
        EXPECT_EQ(prefills, r["prefilled_blocks"].get<std::uint64_t>());
        EXPECT_EQ(kinds, r["prefilled_blocks"].get<std::uint64_t>());
        EXPECT_EQ(c["top"].size(), 3u);
    }
    // With every chunk listed, the chunks partition the blocks: their lengths add up to the distinct
    // blocks and length x prefills to the prefilled blocks; a chunk's refreshers are its prefills
    // beyond the first.
    const auto all = test::runCli({ "chunks", "--json", "--ttl", "300", "--top", "100000", samples });
    ASSERT_EQ(all.exitCode, 0) << all.err;
    for (const json& c : jsonLines(all.out)) {
        std::uint64_t blocks = 0, prefills = 0;
        for (const json& chunk : c["top"]) {
            blocks += chunk["blocks"].get<std::uint64_t>();
            prefills += chunk["blocks"].get<std::uint64_t>() * chunk["prefills"].get<std::uint64_t>();
            EXPECT_LE(chunk["refreshed_by"].size() + 1, chunk["prefills"].get<std::uint64_t>());
        }
        EXPECT_EQ(blocks, c["unique_blocks"].get<std::uint64_t>()) << c["session"];
        EXPECT_EQ(prefills, c["prefilled_blocks"].get<std::uint64_t>()) << c["session"];
    }
    // The provider gap covers the two agent logs; their modeled hits are the replay's hits over the
    // requests with usage, and the per-request lines add up to the session's.
    const auto provider = test::runCli({ "provider", "--json", "--ttl", "300", samples });
    ASSERT_EQ(provider.exitCode, 0) << provider.err;
    const auto gaps = jsonLines(provider.out);
    ASSERT_EQ(gaps.size(), 2u);
    const auto perRequest = test::runCli({ "provider", "--json", "--per-request", "--ttl", "300", samples });
    std::map<std::string, std::uint64_t> missed, modeled;
    for (const json& q : jsonLines(perRequest.out)) {
        missed[q["session"].get<std::string>()] += q["provider_missed_tokens"].get<std::uint64_t>();
        modeled[q["session"].get<std::string>()] += q["modeled_hit_tokens"].get<std::uint64_t>();
    }
    for (const json& g : gaps) {
        const std::string name = g["session"].get<std::string>();
        EXPECT_EQ(g["provider_missed_tokens"].get<std::uint64_t>(), missed[name]);
        EXPECT_EQ(g["modeled_hit_tokens"].get<std::uint64_t>(), modeled[name]);
        EXPECT_LE(g["modeled_hit_tokens"].get<std::uint64_t>(), bySession.at(name)["hit_tokens"].get<std::uint64_t>());
        EXPECT_EQ(g["reported_cache_read_tokens"], bySession.at(name)["reported_cache_read_tokens"]);
    }
}

TEST(Cli, FleetAtRecordedTimesIsTheSharedCacheReplay)
{
    const std::string dir = (test::sourceDir() / "sample_traces" / "kv-cache-tester").string();
    const auto fleet = test::runCli({ "fleet", "--json", dir });
    ASSERT_EQ(fleet.exitCode, 0) << fleet.err;
    const json f = json::parse(fleet.out);
    const auto replay = test::runCli({ "replay", "--json", "--shared-cache", "--ttl", "300", dir });
    ASSERT_EQ(replay.exitCode, 0) << replay.err;
    const json r = jsonLines(replay.out).at(0);
    EXPECT_EQ(f["sessions"], 3);
    EXPECT_EQ(f["input_tokens"], r["input_tokens"]);
    EXPECT_DOUBLE_EQ(f["hit_rate"]["300"].get<double>(), r["hit_rate"].get<double>());
    EXPECT_EQ(f["peak_working_set_tokens"]["300"], r["peak_working_set_tokens"]);
    EXPECT_EQ(f["shared_blocks"], 0); // local hashes
    // Sharing nothing and without a capacity limit, each session hits in the fleet as alone; a
    // shared 50k-token cache costs each of them hits (at 100k the fleet already has all it can use).
    ASSERT_EQ(f["members"].size(), 3u);
    for (const json& m : f["members"])
        EXPECT_DOUBLE_EQ(m["hit_rate_in_fleet"].get<double>(), m["hit_rate_alone"].get<double>()) << m["session"];
    const auto tight = test::runCli({ "fleet", "--json", "--capacity", "50k", dir });
    ASSERT_EQ(tight.exitCode, 0) << tight.err;
    const json tightFleet = json::parse(tight.out);
    ASSERT_EQ(tightFleet["members"].size(), 3u);
    for (const json& m : tightFleet["members"])
        EXPECT_LT(m["hit_rate_in_fleet"].get<double>(), m["hit_rate_alone"].get<double>()) << m["session"];
    // The per-session table as CSV holds the JSON's numbers.
    const auto membersCsv = test::runCli({ "fleet", "--csv", "members", "--capacity", "50k", dir });
    ASSERT_EQ(membersCsv.exitCode, 0) << membersCsv.err;
    const auto members = csvRows(membersCsv.out);
    ASSERT_EQ(members.size(), 4u);
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(members[i + 1][0], tightFleet["members"][i]["session"].get<std::string>());
        EXPECT_NEAR(std::stod(members[i + 1][6]), tightFleet["members"][i]["hit_rate_in_fleet"].get<double>(), 1e-6);
    }
    const auto wsCsv = test::runCli({ "fleet", "--csv", "working-set", dir });
    ASSERT_EQ(wsCsv.exitCode, 0) << wsCsv.err;
    EXPECT_EQ(csvRows(wsCsv.out).size(), f["working_set"].size() + 1);
    EXPECT_EQ(test::runCli({ "fleet", "--csv", "tiers", dir }).exitCode, 2); // needs --model and --tiers
    // Re-timed fleets are reproducible and say what went wrong with a bad timing.
    const auto a = test::runCli({ "fleet", "--json", "--timing", "window=1h", "--seed", "4", dir });
    const auto b = test::runCli({ "fleet", "--json", "--timing", "window=1h", "--seed", "4", dir });
    EXPECT_EQ(a.out, b.out);
    const auto bad = test::runCli({ "fleet", "--timing", "whenever", dir });
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_NE(bad.err.find("--timing"), std::string::npos);
}

TEST(Cli, CostColumnsAndPriceFiles)
{
    const std::string samples = (test::sourceDir() / "sample_traces").string();
    const auto r = test::runCli({ "cost", "--json", samples });
    ASSERT_EQ(r.exitCode, 0) << r.err;
    std::size_t charged = 0;
    for (const json& c : jsonLines(r.out)) {
        const double tolerance = 1e-9;
        EXPECT_LE(c["clairvoyant_usd"].get<double>(), c["no_cache_usd"].get<double>() + tolerance);
        EXPECT_LE(c["clairvoyant_usd"].get<double>(), c["write_5m_usd"].get<double>() + tolerance);
        EXPECT_LE(c["clairvoyant_usd"].get<double>(), c["write_1h_usd"].get<double>() + tolerance);
        if (!c["charged_usd"].is_null()) {
            ++charged;
            // The provider's bill and the modeled 5-minute one are close for a real log.
            EXPECT_NEAR(
                c["charged_usd"].get<double>(), c["write_5m_usd"].get<double>(), 0.1 * c["write_5m_usd"].get<double>())
                << c["session"];
        }
    }
    EXPECT_EQ(charged, 2u); // the Claude Code and Codex samples
    // A price file adds a model; a bad one is refused with its name.
    test::TempDir dir;
    test::writeFile(dir / "prices.json",
        R"({"prices": [{"model": "sample", "input": 1, "output": 2, "write_5m": 1.25, "write_1h": 2, "read": 0.1}]})");
    const auto listed = test::runCli({ "cost", "--list-prices", "--prices", (dir / "prices.json").string() });
    ASSERT_EQ(listed.exitCode, 0) << listed.err;
    EXPECT_NE(listed.out.find("sample"), std::string::npos);
    test::writeFile(dir / "bad.json", R"([{"model": "x", "input": "cheap"}])");
    const auto bad = test::runCli({ "cost", "--prices", (dir / "bad.json").string(), samples });
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_NE(bad.err.find("bad.json: price 1 (x)"), std::string::npos) << bad.err;
}

TEST(Cli, ServingCurveAndSessions)
{
    const std::string samples = (test::sourceDir() / "sample_traces").string();
    const auto r = test::runCli({ "serving", "--json", "--prefill-rate", "8000", "--decode-rate", "1200", samples });
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json o = json::parse(r.out);
    EXPECT_EQ(o["prefill_tokens_per_second"], 8000.0);
    ASSERT_EQ(o["sessions"].size(), 6u);
    for (const json& s : o["sessions"]) {
        EXPECT_NEAR(s["output_tokens_per_second"].get<double>(),
            s["output_tokens"].get<double>() / s["gpu_seconds"].get<double>(), 1e-9);
        EXPECT_LT(s["gpu_seconds"].get<double>(), s["gpu_seconds_without_cache"].get<double>());
    }
    // Along the curve: more hits serve more, longer contexts serve less.
    double previous = -1;
    for (const json& p : o["curve"]) {
        if (p["context_tokens"].get<double>() != 8000.0)
            continue;
        EXPECT_GT(p["output_tokens_per_second"].get<double>(), previous);
        previous = p["output_tokens_per_second"].get<double>();
    }
    const auto curveOnly = test::runCli({ "serving" }); // no sessions: the curve alone
    EXPECT_EQ(curveOnly.exitCode, 0) << curveOnly.err;
    EXPECT_EQ(test::runCli({ "serving", "--prefill-rate", "fast" }).exitCode, 2);
    // CSV: the same sessions and curve points as the JSON.
    const auto sessionsCsv
        = test::runCli({ "serving", "--csv", "sessions", "--prefill-rate", "8000", "--decode-rate", "1200", samples });
    ASSERT_EQ(sessionsCsv.exitCode, 0) << sessionsCsv.err;
    const auto rows = csvRows(sessionsCsv.out);
    ASSERT_EQ(rows.size(), 7u); // header and six sessions
    EXPECT_EQ(rows[0][0], "session");
    EXPECT_EQ(rows[1][0], o["sessions"][0]["session"].get<std::string>());
    EXPECT_NEAR(std::stod(rows[1][4]), o["sessions"][0]["gpu_seconds"].get<double>(), 1e-3);
    const auto curveCsv
        = test::runCli({ "serving", "--csv", "curve", "--prefill-rate", "8000", "--decode-rate", "1200" });
    ASSERT_EQ(curveCsv.exitCode, 0) << curveCsv.err;
    EXPECT_EQ(csvRows(curveCsv.out).size(), o["curve"].size() + 1);
    EXPECT_EQ(test::runCli({ "serving", "--csv", "everything" }).exitCode, 2);
}

TEST(Cli, SimulateComparesConfigsOnTheSameUsers)
{
    test::TempDir dir;
    const std::string traces = (test::sourceDir() / "sample_traces" / "kv-cache-tester").string();
    // The defaults as a file, read back the same; a small HBM with a DRAM tier below it.
    const auto printed = test::runCli({ "simulate", "--print-config" });
    ASSERT_EQ(printed.exitCode, 0) << printed.err;
    test::writeFile(dir / "default.json", printed.out);
    test::writeFile(dir / "small.json", R"({"name": "small+dram", "hbm_kv_bytes": "20GB",
        "tiers": [{"name": "dram", "capacity": "1TB", "read_bandwidth": "100GB/s", "write_bandwidth": "100GB/s",
                   "latency": "10us"}]})");
    test::writeFile(dir / "tiny.json", R"({"name": "tiny", "hbm_kv_bytes": "20GB"})");
    const auto run = test::runCli(
        { "simulate", "--json", "--config", (dir / "default.json").string(), "--compare", (dir / "small.json").string(),
            "--compare", (dir / "tiny.json").string(), "--users", "fixed:6", "--duration", "20m", traces });
    ASSERT_EQ(run.exitCode, 0) << run.err;
    const json o = json::parse(run.out);
    ASSERT_EQ(o["configs"].size(), 3u);
    const json &big = o["configs"][0], &small = o["configs"][1], &tiny = o["configs"][2];
    EXPECT_EQ(big["config"], "default");
    EXPECT_EQ(big["periods"].size(), 20u);
    EXPECT_GT(big["answered"].get<std::uint64_t>(), 100u);
    // Shares of the answered prompts add up; a DRAM tier finds what a small HBM lost.
    for (const json& c : o["configs"]) {
        double share = c["computed_share"].get<double>();
        for (const auto& [tier, s] : c["hit_share"].items())
            share += s.get<double>();
        EXPECT_NEAR(share, 1.0, 1e-9) << c["config"];
    }
    EXPECT_GT(small["hit_share"]["dram"].get<double>(), 0.0);
    EXPECT_GT(small["hit_share"]["hbm"].get<double>() + small["hit_share"]["dram"].get<double>(),
        tiny["hit_share"]["hbm"].get<double>());
    EXPECT_GT(tiny["computed_share"].get<double>(), big["computed_share"].get<double>());
    // The same users and seed give the same numbers; CSV has a row per period of every config.
    const auto again = test::runCli(
        { "simulate", "--json", "--config", (dir / "default.json").string(), "--compare", (dir / "small.json").string(),
            "--compare", (dir / "tiny.json").string(), "--users", "fixed:6", "--duration", "20m", traces });
    EXPECT_EQ(again.out, run.out);
    const auto periods = test::runCli(
        { "simulate", "--csv", "periods", "--compare", (dir / "tiny.json").string(), "--duration", "10m", traces });
    ASSERT_EQ(periods.exitCode, 0) << periods.err;
    EXPECT_EQ(csvRows(periods.out).size(), 1u + 2 * 10);
    // A config with a typo or a bad size is refused, naming the file and the field.
    test::writeFile(dir / "typo.json", R"({"hbm_kv_byte": "20GB"})");
    const auto typo = test::runCli({ "simulate", "--config", (dir / "typo.json").string(), traces });
    EXPECT_EQ(typo.exitCode, 2);
    EXPECT_NE(typo.err.find("typo.json: unknown field \"hbm_kv_byte\""), std::string::npos) << typo.err;
    test::writeFile(dir / "bad.json", R"({"tiers": [{"name": "nvme", "capacity": "lots"}]})");
    const auto bad = test::runCli({ "simulate", "--config", (dir / "bad.json").string(), traces });
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_NE(bad.err.find("bad.json.tiers[0].capacity"), std::string::npos) << bad.err;
    EXPECT_EQ(test::runCli({ "simulate", "--users", "lots", traces }).exitCode, 2);
    // Disaggregated prefill and decode: read, written back by --print-config, refused when incomplete.
    test::writeFile(dir / "split.json",
        R"({"name": "split", "disaggregated": {"prefill_share": 0.25, "kv_transfer_bandwidth": "100GB/s"}})");
    const auto split = test::runCli({ "simulate", "--print-config", "--config", (dir / "split.json").string() });
    ASSERT_EQ(split.exitCode, 0) << split.err;
    EXPECT_EQ(json::parse(split.out)["disaggregated"]["kv_transfer_bandwidth"], 1e11);
    test::writeFile(dir / "half.json", R"({"disaggregated": {"prefill_share": 0.25}})");
    const auto half = test::runCli({ "simulate", "--config", (dir / "half.json").string(), traces });
    EXPECT_EQ(half.exitCode, 2);
    EXPECT_NE(half.err.find("kv_transfer_bandwidth"), std::string::npos) << half.err;
}

TEST(Cli, SimulatedRunsAreStoredAndShownAgain)
{
    test::TempDir dir;
    const std::string db = (dir / "runs.sqlite").string();
    const std::string traces = (test::sourceDir() / "sample_traces" / "kv-cache-tester").string();
    const std::string nvme = (test::sourceDir() / "examples" / "serving" / "hbm-nvme.json").string();
    const auto run = test::runCli({ "simulate", "--json", "--db", db, "--compare", nvme, "--users", "ramp:1,1,2m,4",
        "--duration", "10m", traces });
    ASSERT_EQ(run.exitCode, 0) << run.err;
    const json fresh = json::parse(run.out);
    const auto list = test::runCli({ "runs", "--json", "--db", db });
    ASSERT_EQ(list.exitCode, 0) << list.err;
    const json runs = json::parse(list.out);
    ASSERT_EQ(runs.size(), 2u);
    EXPECT_EQ(runs[1]["config"], "hbm+nvme");
    EXPECT_EQ(runs[1]["users"], "ramp:1,1,2m,4");
    // Shown again from the store: every number as it was computed, periods included.
    const auto shown = test::runCli({ "runs", "--json", "--db", db, "--show", std::to_string(runs[0]["id"].get<int>()),
        "--show", std::to_string(runs[1]["id"].get<int>()) });
    ASSERT_EQ(shown.exitCode, 0) << shown.err;
    json again = json::parse(shown.out);
    ASSERT_EQ(again.size(), 2u);
    for (std::size_t i = 0; i < 2; ++i) {
        EXPECT_EQ(again[i]["serving_config"]["name"], fresh["configs"][i]["config"]);
        again[i].erase("id");
        again[i].erase("users");
        again[i].erase("serving_config");
        EXPECT_EQ(again[i].dump(), fresh["configs"][i].dump());
    }
    const auto csv = test::runCli({ "runs", "--db", db, "--show", "1", "--csv", "requests" });
    ASSERT_EQ(csv.exitCode, 0) << csv.err;
    EXPECT_EQ(csvRows(csv.out).size(), fresh["configs"][0]["requests"].get<std::size_t>() + 1);
    EXPECT_EQ(test::runCli({ "runs", "--db", db, "--show", "99" }).exitCode, 2);
    EXPECT_EQ(test::runCli({ "runs" }).exitCode, 2); // a store is needed
}
