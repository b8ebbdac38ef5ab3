// SPDX-License-Identifier: Apache-2.0
// A combined session (the desktop's "whole selection") replays exactly as a fleet replay of its
// sessions into one shared cache, keeps every request, agent link and prompt part, and refuses
// sessions of different block sizes.
#include "kv/core/combined_session.h"
#include "kv/core/replay_input.h"
#include "kv/core/session_analysis.h"
#include "kv/core/step_replay.h"
#include "kv/importers/kv_cache_tester_importer.h"
#include "test_support.h"

#include <gtest/gtest.h>

using namespace kv;
using namespace kv::core;

namespace {

Session parseTrace(const std::filesystem::path& p)
{
    auto file = importers::readInputFile(p.string());
    EXPECT_TRUE(file.ok()) << file.message();
    auto parsed = importers::KvCacheTesterImporter().parse(*file);
    EXPECT_TRUE(parsed.ok()) << parsed.message();
    return std::move(parsed->sessions.at(0));
}

// Two plain traces and the first one with sub-agents.
std::vector<Session> threeTraces()
{
    const auto files = test::sharedTraceFiles();
    std::vector<Session> out;
    out.push_back(parseTrace(files.at(0)));
    out.push_back(parseTrace(files.at(1)));
    for (const auto& f : files) {
        Session s = parseTrace(f);
        if (s.agents.size() > 1) {
            out.push_back(std::move(s));
            break;
        }
    }
    EXPECT_EQ(out.size(), 3u);
    return out;
}

} // namespace

TEST(CombinedSession, ReplaysLikeTheFleet)
{
    const std::vector<Session> sessions = threeTraces();
    const std::vector<const Session*> ptrs { &sessions[0], &sessions[1], &sessions[2] };
    auto combined = combineSessions(ptrs);
    ASSERT_TRUE(combined.ok()) << combined.message();
    auto fleet = makeFleetReplayInput(ptrs);
    ASSERT_TRUE(fleet.ok());
    const ReplayInput one = makeReplayInput(*combined);
    ASSERT_EQ(one.requestCount(), fleet->requestCount());
    EXPECT_EQ(one.uniqueBlocks, fleet->uniqueBlocks);
    for (double ttl : { 60.0, 300.0, kInfiniteTtl }) {
        for (std::uint64_t cap : { kUnlimited, std::uint64_t(4096) }) {
            CachePolicy p;
            p.ttl = ttl;
            p.capacityBlocks = cap;
            const ReplayResult a = replayStepByStep(one, p);
            const ReplayResult b = replayStepByStep(*fleet, p);
            EXPECT_EQ(a.totals, b.totals) << "ttl " << ttl << " capacity " << cap;
            EXPECT_EQ(a.hitBlocks, b.hitBlocks);
        }
    }
    // The shared cache serves some blocks twice, but never fewer than the separate caches: local
    // hashes of different traces stay different blocks.
    std::uint64_t separateUnique = 0;
    for (const Session& s : sessions)
        separateUnique += makeReplayInput(s).uniqueBlocks;
    EXPECT_EQ(one.uniqueBlocks, separateUnique);

    const SessionAnalysis a = analyzeSession(*combined);
    CachePolicy fiveMinutes;
    fiveMinutes.ttl = 300;
    EXPECT_EQ(a.atStandardTtl[1], replayStepByStep(*fleet, fiveMinutes).totals);
    EXPECT_EQ(a.name, "3 sessions");
    EXPECT_EQ(a.source, "kv-cache-tester");
    ASSERT_EQ(a.agentLabels.size(), sessions[0].agents.size() + sessions[1].agents.size() + sessions[2].agents.size());
    EXPECT_EQ(a.agentLabels[0], sessions[0].name);
    EXPECT_EQ(a.agentLabels[2], sessions[2].name);
    EXPECT_EQ(a.agentLabels[3], sessions[2].agents[1].type + " " + sessions[2].name + "/" + sessions[2].agents[1].key);
}

TEST(CombinedSession, KeepsAgentLinksAndStrings)
{
    const std::vector<Session> sessions = threeTraces();
    const std::vector<const Session*> ptrs { &sessions[0], &sessions[1], &sessions[2] };
    auto combined = combineSessions(ptrs);
    ASSERT_TRUE(combined.ok());
    const Session& c = *combined;
    const std::size_t requestBase = sessions[0].requests.size() + sessions[1].requests.size();
    const std::size_t agentBase = 2;
    const Session& s = sessions[2];
    for (std::size_t i = 1; i < s.agents.size(); ++i) {
        const Agent& orig = s.agents[i];
        const Agent& now = c.agents[agentBase + i];
        EXPECT_EQ(now.parent, orig.parent + std::int32_t(agentBase));
        if (orig.spawnRequest >= 0) {
            EXPECT_EQ(now.spawnRequest, orig.spawnRequest + std::int32_t(requestBase));
        }
    }
    for (std::size_t j = 0; j < s.requests.size(); ++j) {
        const Request& a = s.requests[j];
        const Request& b = c.requests[requestBase + j];
        EXPECT_EQ(b.agent, a.agent + agentBase);
        EXPECT_EQ(c.strings.at(b.model), s.strings.at(a.model));
        EXPECT_EQ(c.strings.at(b.stop), s.strings.at(a.stop));
        EXPECT_EQ(b.blockCount, a.blockCount);
        EXPECT_EQ(b.time, a.time);
    }
}

TEST(CombinedSession, OneSessionIsItself)
{
    const std::vector<Session> sessions = threeTraces();
    const Session* one[] = { &sessions[2] };
    auto combined = combineSessions(one);
    ASSERT_TRUE(combined.ok());
    EXPECT_EQ(combined->blocks, sessions[2].blocks); // a session alone is not salted
    CachePolicy p;
    p.ttl = 300;
    EXPECT_EQ(replayStepByStep(makeReplayInput(*combined), p).totals,
        replayStepByStep(makeReplayInput(sessions[2]), p).totals);
}

TEST(CombinedSession, PromptTextFollowsItsRequests)
{
    Session a, b;
    for (Session* s : { &a, &b }) {
        s->agents.emplace_back();
        s->requests.resize(2);
    }
    a.name = "a";
    b.name = "b";
    b.text.parts = { { SegmentKind::UserText, "hello" }, { SegmentKind::ToolResult, "ok" } };
    b.text.partIndex = { 0, 0, 1 };
    b.text.requestBegin = { 0, 1, 3 };
    const Session* both[] = { &a, &b };
    auto c = combineSessions(both);
    ASSERT_TRUE(c.ok());
    ASSERT_EQ(c->text.requestBegin.size(), 5u);
    EXPECT_TRUE(c->text.partsOf(0).empty());
    EXPECT_TRUE(c->text.partsOf(1).empty());
    ASSERT_EQ(c->text.partsOf(3).size(), 2u);
    EXPECT_EQ(c->text.parts[c->text.partsOf(3)[1]].text, "ok");
}

TEST(CombinedSession, RefusesMixedBlockSizes)
{
    Session a, b;
    a.name = "small";
    b.name = "mooncake.jsonl";
    b.blockSize = 512;
    const Session* both[] = { &a, &b };
    auto c = combineSessions(both);
    ASSERT_FALSE(c.ok());
    EXPECT_NE(c.message().find("mooncake.jsonl"), std::string::npos) << c.message();
    EXPECT_NE(c.message().find("512"), std::string::npos) << c.message();
    EXPECT_FALSE(combineSessions({}).ok());
}
