// SPDX-License-Identifier: Apache-2.0
// The serving simulator: timing strategies by hand; with unlimited HBM the tiers change nothing;
// work never beats the configured compute; a cached prefix answers sooner; the same seed gives
// the same run; ramps add users and objectives take them away; sub-agents run concurrently and
// their parent waits for them.
#include "kv/core/serving_simulator.h"
#include "kv/core/synthetic_session.h"
#include "kv/importers/input_file.h"
#include "kv/importers/kv_cache_tester_importer.h"
#include "test_support.h"

#include <cmath>
#include <gtest/gtest.h>

using namespace kv;
using namespace kv::core;

namespace {

// One agent, blockSize 4: each request's prompt is its blocks (4 tokens each).
Session handMade(std::vector<std::pair<double, std::vector<std::uint64_t>>> requests, std::uint64_t output = 10)
{
    Session s;
    s.name = "hand";
    s.blockSize = 4;
    s.hashScope = "global";
    s.agents.push_back({});
    for (auto& [t, blocks] : requests) {
        Request r;
        r.time = t;
        r.blockBegin = std::uint32_t(s.blocks.size());
        r.blockCount = std::uint32_t(blocks.size());
        r.inputTokens = blocks.size() * 4;
        r.outputTokens = output;
        s.blocks.insert(s.blocks.end(), blocks.begin(), blocks.end());
        s.requests.push_back(r);
    }
    return s;
}

std::vector<Session> sharedTraces(std::size_t count)
{
    std::vector<Session> out;
    const auto files = test::sharedTraceFiles();
    for (std::size_t f = 0; f < files.size() && out.size() < count; f += 5) {
        auto file = importers::readInputFile(files[f].string());
        auto parsed = importers::KvCacheTesterImporter().parse(*file);
        if (parsed.ok())
            out.push_back(std::move(parsed->sessions.at(0)));
    }
    return out;
}

ServingConfig fastConfig()
{
    ServingConfig c;
    c.name = "test";
    return c;
}

} // namespace

TEST(ServingSimulator, TimingStrategiesByHand)
{
    Session s = handMade({ { 0, { 1 } }, { 100, { 1, 2 } }, { 130, { 1, 2, 3 } } });
    s.requests[1].thinkTime = 20;
    s.requests[0].apiTime = 30;
    UserTiming t;
    auto script = makeSessionScript(s, 0, t); // think-only: the recorded think time, else the gap
    ASSERT_EQ(script.agents.size(), 1u);
    EXPECT_EQ(script.agents[0].requests[1].delay, 20.0);
    EXPECT_EQ(script.agents[0].requests[2].delay, 30.0);
    t.strategy = TimingStrategy::ApiScaled;
    t.apiTimeScale = 0.5;
    script = makeSessionScript(s, 0, t); // 30 x 0.5 + 20
    EXPECT_EQ(script.agents[0].requests[1].delay, 35.0);
    t.strategy = TimingStrategy::Original;
    t.maxDelaySeconds = 60;
    t.timeScale = 0.5;
    script = makeSessionScript(s, 0, t); // offsets, gaps capped at 60 s, then halved
    EXPECT_EQ(script.agents[0].requests[1].offset, 30.0);
    EXPECT_EQ(script.agents[0].requests[2].offset, 45.0);
    EXPECT_FALSE(parseTimingStrategy("whenever").ok());
    EXPECT_EQ(parseUserLoad("ramp:2,1,30s,8")->max, 8u);
    EXPECT_EQ(parseUserLoad("slo:1,2,1m,20")->periodSeconds, 60.0);
    EXPECT_FALSE(parseUserLoad("ramp:5,1,30,2").ok()); // max below start
    EXPECT_FALSE(parseUserLoad("many").ok());
    EXPECT_EQ(describeUserLoad(*parseUserLoad("ramp:2,1,30s,8")), "ramp:2,1,30,8");
    EXPECT_EQ(describeUserLoad(*parseUserLoad("fixed:7")), "fixed:7");
    EXPECT_EQ(describeUserLoad(*parseUserLoad(describeUserLoad(*parseUserLoad("slo:1,2,1.5m,20")))), "slo:1,2,90,20");
}

TEST(ServingSimulator, CachedPrefixAnswersSooner)
{
    // 2,000 blocks of prefix, asked twice a minute apart: the second prefills only its new block.
    std::vector<std::uint64_t> prefix(2000);
    for (std::size_t i = 0; i < prefix.size(); ++i)
        prefix[i] = 100 + i;
    std::vector<std::uint64_t> longer = prefix;
    longer.push_back(7);
    std::vector<Session> sessions { handMade({ { 0, prefix }, { 60, longer } }) };
    UserLoad load;
    load.durationSeconds = 600;
    load.recycle = false;
    const auto cached = simulateServing(fastConfig(), sessions, {}, load, {});
    ASSERT_TRUE(cached.ok()) << cached.message();
    ASSERT_EQ(cached->requests.size(), 2u);
    const SimRequest& second = cached->requests[1];
    EXPECT_EQ(second.hitTokens[0], 8000u);
    EXPECT_EQ(second.computedTokens, 4u);
    EXPECT_LT(second.ttft(), cached->requests[0].ttft() / 20);
    // Without HBM for KV nothing is kept: the second request prefills everything again.
    ServingConfig none = fastConfig();
    none.hbmKvBytes = 0;
    const auto uncached = simulateServing(none, sessions, {}, load, {});
    ASSERT_TRUE(uncached.ok());
    EXPECT_EQ(uncached->requests[1].computedTokens, 8004u);
    EXPECT_GT(uncached->requests[1].ttft(), 10 * second.ttft());
    // The first token takes the prefill cost the config gives: 8,000 tokens at 28k/s, dearer with context.
    const double expected = 8000.0 / 28000.0 * (1 + 4000.0 / 64000.0);
    EXPECT_NEAR(cached->requests[0].ttft(), expected, 1e-9);
}

TEST(ServingSimulator, UnlimitedHbmMakesTiersIrrelevantAndComputeIsNeverExceeded)
{
    const std::vector<Session> sessions = sharedTraces(4);
    ASSERT_GE(sessions.size(), 3u);
    UserLoad load;
    load.mode = UserLoad::Mode::Fixed;
    load.start = load.max = 6;
    load.durationSeconds = 1800;
    load.periodSeconds = 60;
    ServingConfig big = fastConfig();
    big.hbmKvBytes = std::numeric_limits<double>::infinity();
    ServingConfig tiered = big;
    tiered.tiers.push_back({ "dram", 2e12, 50e9, 50e9, 1e-5 });
    tiered.tiers.push_back({ "nvme", 30e12, 5e9, 2e9, 1e-4 });
    const auto a = simulateServing(big, sessions, {}, load, {});
    const auto b = simulateServing(tiered, sessions, {}, load, {});
    ASSERT_TRUE(a.ok() && b.ok());
    ASSERT_GT(a->requests.size(), 50u);
    ASSERT_EQ(a->requests.size(), b->requests.size());
    for (std::size_t i = 0; i < a->requests.size(); ++i) {
        EXPECT_EQ(a->requests[i].firstToken, b->requests[i].firstToken);
        EXPECT_EQ(a->requests[i].end, b->requests[i].end);
        EXPECT_EQ(a->requests[i].hitTokens, b->requests[i].hitTokens);
    }
    // Every prefilled token costs at least 1 / prefill rate of engine time, every decode step at
    // least the step time: the work done never exceeds what the busy time allows.
    double busy = 0, computed = 0;
    for (const SimPeriod& p : a->periods) {
        EXPECT_LE(p.gpuBusyShare, 1.0);
        busy += p.gpuBusyShare * (p.end - p.start);
    }
    for (const SimRequest& r : a->requests)
        if (r.firstToken >= 0)
            computed += r.computedTokens;
    EXPECT_GT(busy, 0.0);
    EXPECT_LE(computed / big.model.prefillTokensPerSecond, busy * (1 + 1e-9));
    for (const SimPeriod& p : a->periods)
        EXPECT_LE(p.outputTokensPerSecond, big.maxBatch / big.model.decodeStepSeconds + 1.0 / (p.end - p.start));
}

TEST(ServingSimulator, SameSeedSameRunAndUsersFollowTheLoad)
{
    const std::vector<Session> sessions = sharedTraces(8);
    UserLoad load;
    load.mode = UserLoad::Mode::Ramp;
    load.start = 2;
    load.step = 2;
    load.periodSeconds = 60;
    load.max = 8;
    load.durationSeconds = 600;
    load.randomOrder = true;
    load.seed = 5;
    const auto a = simulateServing(fastConfig(), sessions, {}, load, {});
    const auto b = simulateServing(fastConfig(), sessions, {}, load, {});
    ASSERT_TRUE(a.ok() && b.ok());
    ASSERT_EQ(a->requests.size(), b->requests.size());
    for (std::size_t i = 0; i < a->requests.size(); ++i) {
        EXPECT_EQ(a->requests[i].session, b->requests[i].session);
        EXPECT_EQ(a->requests[i].firstToken, b->requests[i].firstToken);
    }
    ASSERT_EQ(a->periods.size(), 10u);
    // The ramp: 2 users, then 2 more every period up to 8 (counted at each period's end, after
    // the step).
    EXPECT_EQ(a->periods[0].users, 2u);
    EXPECT_EQ(a->periods[1].users, 4u);
    EXPECT_EQ(a->periods[9].users, 8u);
    load.seed = 6;
    const auto c = simulateServing(fastConfig(), sessions, {}, load, {});
    bool differs = false;
    for (std::size_t i = 0; i < std::min(a->requests.size(), c->requests.size()); ++i)
        differs |= a->requests[i].session != c->requests[i].session;
    EXPECT_TRUE(differs);
    // Objectives no configuration can meet: the controller keeps taking users away.
    load.mode = UserLoad::Mode::Slo;
    ServiceObjectives impossible;
    impossible.ttftSeconds = 1e-6;
    const auto d = simulateServing(fastConfig(), sessions, {}, load, impossible);
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(d->maxUsersHeld, 0u);
    EXPECT_EQ(d->fallOffUsers, 2u); // the first of two failed periods in a row
    EXPECT_EQ(d->periods.back().users, 1u);
}

TEST(ServingSimulator, SubAgentsRunAlongsideAndTheParentWaits)
{
    Session s = handMade({ { 0, { 1 } }, { 10, { 1, 2 } }, { 11, { 50 } }, { 12, { 60 } }, { 100, { 1, 2, 3 } } });
    s.agents.resize(3);
    for (std::uint32_t a : { 1u, 2u }) {
        s.agents[a].parent = 0;
        s.agents[a].spawnRequest = 1; // both start once the main agent's second request is answered
        s.requests[a + 1].agent = a;
    }
    s.requests[2].outputTokens = 2000; // the first sub-agent talks for a while
    UserLoad load;
    load.durationSeconds = 3600;
    load.recycle = false;
    const auto r = simulateServing(fastConfig(), std::vector<Session> { s }, {}, load, {});
    ASSERT_TRUE(r.ok()) << r.message();
    ASSERT_EQ(r->requests.size(), 5u);
    const auto find = [&](std::uint32_t request) {
        for (const SimRequest& q : r->requests)
            if (q.request == request)
                return q;
        return SimRequest {};
    };
    const SimRequest spawner = find(1), sub1 = find(2), sub2 = find(3), last = find(4);
    EXPECT_EQ(sub1.arrival, spawner.end);
    EXPECT_EQ(sub2.arrival, spawner.end); // concurrent, not one after the other
    EXPECT_GT(sub1.end, sub2.end);
    // The main agent goes on after both, plus its think time (the recorded gap from request 1).
    EXPECT_DOUBLE_EQ(last.arrival, sub1.end + 60.0);
}

TEST(ServingSimulator, WarmPrefixContextLimitAndHbmBoundBatch)
{
    // Two hash traces (local ids), each with 40 tokens of tools + system: 10 blocks of 4.
    std::vector<Session> two { handMade({ { 0, { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 } } }),
        handMade({ { 0, { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 } } }) };
    for (Session& s : two) {
        s.hashScope = "local";
        s.agents[0].toolTokens = 24;
        s.agents[0].systemTokens = 16;
    }
    UserLoad load;
    load.start = load.max = 1;
    load.durationSeconds = 120;
    load.recycle = true; // one user, one session after the other
    UserTiming timing;
    const auto apart = simulateServing(fastConfig(), two, timing, load, {});
    ASSERT_TRUE(apart.ok());
    ASSERT_GE(apart->requests.size(), 2u);
    EXPECT_EQ(apart->requests[1].hitTokens[0], 0u); // local ids: every replay its own conversation
    timing.warmPrefixShare = 0.5; // half of the 40 tokens: 5 blocks every user's prompt starts with
    const auto warm = simulateServing(fastConfig(), two, timing, load, {});
    ASSERT_TRUE(warm.ok());
    EXPECT_EQ(warm->requests[0].hitTokens[0], 0u);
    EXPECT_EQ(warm->requests[1].hitTokens[0], 20u);

    // A context limit cuts an agent's replay before its first longer prompt.
    Session growing = handMade({ { 0, { 1 } }, { 5, { 1, 2 } }, { 9, { 1, 2, 3 } }, { 12, { 1, 2, 3, 4 } } });
    UserTiming limited;
    limited.maxContextTokens = 8;
    EXPECT_EQ(makeSessionScript(growing, 0, limited).agents[0].requests.size(), 2u);
    limited.maxContextTokens = 2; // nothing left to send: refused, not a user spinning forever
    const auto none = simulateServing(fastConfig(), std::vector<Session> { growing }, limited, load, {});
    EXPECT_FALSE(none.ok());

    // HBM for 12 KV tokens: two requests of 8 prompt and 10 output tokens need 18 apiece, so
    // they cannot run together and the second waits for the first to finish.
    std::vector<Session> pair { handMade({ { 0, { 1, 2 } } }), handMade({ { 0, { 3, 4 } } }) };
    UserLoad both;
    both.start = both.max = 2;
    both.durationSeconds = 60;
    both.recycle = false;
    ServingConfig small = fastConfig();
    small.hbmKvBytes = 12 * small.model.kvBytesPerToken;
    const auto queued = simulateServing(small, pair, {}, both, {});
    ASSERT_TRUE(queued.ok());
    ASSERT_EQ(queued->requests.size(), 2u);
    EXPECT_GE(queued->requests[1].firstToken, queued->requests[0].end);
    const auto together = simulateServing(fastConfig(), pair, {}, both, {});
    EXPECT_LT(together->requests[1].firstToken, together->requests[0].end);
}

TEST(ServingSimulator, DisaggregatedPoolsAndTheKvTransfer)
{
    // One request alone: 4,000 prompt tokens, 3 output tokens.
    std::vector<std::uint64_t> blocks(1000);
    for (std::size_t i = 0; i < blocks.size(); ++i)
        blocks[i] = i + 1;
    const std::vector<Session> one { handMade({ { 0, blocks } }, 3) };
    UserLoad load;
    load.durationSeconds = 60;
    load.recycle = false;
    const ServingConfig aggregated = fastConfig();
    ServingConfig split = aggregated;
    split.prefillPoolShare = 0.25; // a quarter of the GPUs prefill, the rest decode
    split.kvTransferBytesPerSecond = 1e11;
    const auto a = simulateServing(aggregated, one, {}, load, {});
    const auto b = simulateServing(split, one, {}, load, {});
    ASSERT_TRUE(a.ok() && b.ok()) << b.message();
    const SimRequest &x = a->requests.at(0), &y = b->requests.at(0);
    const ServingModelCost& m = aggregated.model;
    const double prefill = 4000.0 / m.prefillTokensPerSecond * (1 + 2000.0 / m.attentionContext);
    EXPECT_NEAR(x.ttft(), prefill, 1e-12);
    EXPECT_NEAR(y.ttft(), prefill / 0.25, 1e-12); // a quarter of the compute
    // Two decode steps after the first token: aggregated at once; split, after the prompt's KV
    // (4,001 tokens) crossed the link, on three quarters of the GPUs.
    const auto step = [&](std::uint64_t context) {
        return m.decodeStepSeconds + m.decodeSecondsPerSequence + m.decodeSecondsPerContextToken * double(context);
    };
    EXPECT_NEAR(x.end - x.firstToken, step(4001) + step(4002), 1e-12);
    const double transfer = 4001.0 * m.kvBytesPerToken / 1e11;
    EXPECT_NEAR(y.end - y.firstToken, transfer + (step(4001) + step(4002)) / 0.75, 1e-12);
    split.kvTransferBytesPerSecond = 0;
    EXPECT_FALSE(split.validate().ok());
}

TEST(ServingSimulator, UsersCanJoinPartwayThroughTheirSessions)
{
    std::vector<std::pair<double, std::vector<std::uint64_t>>> requests;
    for (int i = 0; i < 10; ++i)
        requests.push_back({ 30.0 * i, { 1, 2, std::uint64_t(10 + i) } });
    const std::vector<Session> one { handMade(requests) };
    UserLoad load;
    load.durationSeconds = 3600;
    load.recycle = false;
    load.advanceMin = load.advanceMax = 0.5; // half of the ten requests are history
    const auto r = simulateServing(fastConfig(), one, {}, load, {});
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->requests.size(), 5u);
    EXPECT_EQ(r->requests[0].request, 5u);
    EXPECT_EQ(r->requests[0].arrival, 0.0); // sent at once, not after its recorded wait
    EXPECT_EQ(r->requests.back().request, 9u);
    load.advanceMin = 0.2;
    load.advanceMax = 0.8;
    const auto spread = simulateServing(fastConfig(), one, {}, load, {});
    ASSERT_TRUE(spread.ok());
    EXPECT_GE(spread->requests[0].request, 2u);
    EXPECT_LE(spread->requests[0].request, 8u);
}
