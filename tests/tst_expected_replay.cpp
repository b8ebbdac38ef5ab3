// SPDX-License-Identifier: Apache-2.0
// Every shared kv-cache-tester trace against every policy in expected_replay.json (an
// independent implementation), exact equality of every field, through both replay paths and
// after a round trip through the SQLite store.
#include "kv/core/access_profile.h"
#include "kv/core/replay_input.h"
#include "kv/core/step_replay.h"
#include "kv/core/trace_store.h"
#include "kv/importers/kv_cache_tester_importer.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <regex>

using namespace kv;
using namespace kv::core;

namespace {

// Policy names: ttl_60, ttl_inf, lru_4096_blocks, lru_4096_blocks_ttl_300.
CachePolicy policyFromName(const std::string& name)
{
    CachePolicy p;
    std::smatch m;
    if (std::regex_search(name, m, std::regex("lru_(\\d+)_blocks")))
        p.capacityBlocks = std::stoull(m[1]);
    if (std::regex_search(name, m, std::regex("ttl_(\\d+|inf)")))
        p.ttl = m[1] == "inf" ? kInfiniteTtl : std::stod(m[1]);
    return p;
}

Session parseTrace(const std::filesystem::path& p)
{
    auto file = importers::readInputFile(p.string());
    EXPECT_TRUE(file.ok()) << file.message();
    auto parsed = importers::KvCacheTesterImporter().parse(*file);
    EXPECT_TRUE(parsed.ok()) << parsed.message();
    return std::move(parsed->sessions.at(0));
}

void expectMatches(const ReplayResult& r, const nlohmann::json& e, const std::string& what)
{
    EXPECT_EQ(r.totals.requests, e.at("requests").get<std::uint64_t>()) << what;
    EXPECT_EQ(r.totals.inputTokens, e.at("input_tokens").get<std::uint64_t>()) << what;
    EXPECT_EQ(r.totals.hitTokens, e.at("hit_tokens").get<std::uint64_t>()) << what;
    EXPECT_EQ(r.totals.prefilledBlocks, e.at("prefilled_blocks").get<std::uint64_t>()) << what;
    EXPECT_EQ(r.totals.uniqueBlocks, e.at("unique_blocks").get<std::uint64_t>()) << what;
    EXPECT_EQ(r.peakWorkingSetTokens(), e.at("peak_working_set_tokens").get<std::uint64_t>()) << what;
}

} // namespace

TEST(ExpectedReplay, AllTracesAllPoliciesBothPaths)
{
    const nlohmann::json expected = nlohmann::json::parse(test::readFile(test::tracesDir() / "expected_replay.json"));
    const auto files = test::sharedTraceFiles();
    ASSERT_EQ(files.size(), 48u);
    std::size_t checked = 0;
    for (const auto& path : files) {
        const Session s = parseTrace(path);
        ASSERT_TRUE(expected.contains(s.name)) << s.name;
        const ReplayInput in = makeReplayInput(s);
        const double ttls[] = { 60, 300, 3600, kInfiniteTtl };
        const AccessProfile profile = AccessProfile::build(in, ttls);
        for (const auto& [name, e] : expected.at(s.name).items()) {
            const CachePolicy p = policyFromName(name);
            expectMatches(replayStepByStep(in, p), e, s.name + " " + name + " step");
            expectMatches(profile.evaluate(p), e, s.name + " " + name + " one-pass");
            ++checked;
        }
    }
    EXPECT_EQ(checked, 48u * 6u);
}

TEST(ExpectedReplay, StoreRoundTripKeepsEveryNumber)
{
    auto store = TraceStore::open(":memory:");
    ASSERT_TRUE(store.ok()) << store.message();
    const nlohmann::json expected = nlohmann::json::parse(test::readFile(test::tracesDir() / "expected_replay.json"));
    for (const auto& path : test::sharedTraceFiles()) {
        const Session s = parseTrace(path);
        auto ids
            = store->addFile({ path.string(), std::hash<std::string>()(path.string()), 1, "kv-cache-tester" }, { s });
        ASSERT_TRUE(ids.ok()) << ids.message();
        auto loaded = store->loadSession(ids->at(0));
        ASSERT_TRUE(loaded.ok()) << loaded.message();
        ASSERT_EQ(loaded->requests.size(), s.requests.size());
        ASSERT_EQ(loaded->agents.size(), s.agents.size());
        for (std::size_t i = 0; i < s.requests.size(); ++i) {
            const Request &a = s.requests[i], &b = loaded->requests[i];
            ASSERT_EQ(a.time, b.time);
            ASSERT_EQ(a.agent, b.agent);
            ASSERT_EQ(a.inputTokens, b.inputTokens);
            const auto ba = s.blocksOf(a), bb = loaded->blocksOf(b);
            ASSERT_TRUE(std::equal(ba.begin(), ba.end(), bb.begin(), bb.end())) << s.name << " request " << i;
        }
        const ReplayInput in = makeReplayInput(*loaded);
        expectMatches(replayOnePass(in, policyFromName("lru_4096_blocks_ttl_300")),
            expected.at(s.name).at("lru_4096_blocks_ttl_300"), s.name + " via store");
    }
}

TEST(ExpectedReplay, SubagentRequestsAreTimedFromTheirMarker)
{
    // trace_0291 has two Explore sub-agents inside an Opus conversation.
    const Session s = parseTrace(test::tracesDir() / "trace_0291.json.zst");
    ASSERT_EQ(s.agents.size(), 3u);
    EXPECT_EQ(s.agents[1].type, "Explore");
    EXPECT_EQ(s.agents[1].key, "agent_001");
    EXPECT_DOUBLE_EQ(s.agents[1].spawnTime, 1148.013);
    // The main agent's call at t=1085 (the last before the marker) ran the Task tool.
    ASSERT_GE(s.agents[1].spawnRequest, 0);
    EXPECT_EQ(s.requests[std::size_t(s.agents[1].spawnRequest)].relTime, 1085.0);
    EXPECT_EQ(s.requests[std::size_t(s.agents[1].spawnRequest)].agent, 0u);
    std::size_t subRequests = 0;
    for (const Request& r : s.requests) {
        if (r.agent == 1) {
            EXPECT_EQ(r.time, 1148.013 + r.relTime);
            ++subRequests;
        }
    }
    EXPECT_EQ(subRequests, 5u);
}
