// SPDX-License-Identifier: Apache-2.0
// Curves read off one profile equal separate replays at each point; grids are as documented.
#include "kv/core/curves.h"
#include "kv/core/replay_input.h"
#include "kv/core/step_replay.h"
#include "kv/core/synthetic_session.h"

#include <cmath>
#include <gtest/gtest.h>

using namespace kv::core;

TEST(Curves, TtlGridIsLogSpacedFromOneSecondToADayPlusExtras)
{
    const double extra[] = { 300.0, kInfiniteTtl };
    const auto g = ttlGrid(extra);
    ASSERT_EQ(g.size(), 66u);
    EXPECT_DOUBLE_EQ(g.front(), 1.0);
    EXPECT_TRUE(std::isinf(g.back()));
    EXPECT_DOUBLE_EQ(g[g.size() - 2], 86400.0);
    EXPECT_TRUE(std::is_sorted(g.begin(), g.end()));
    EXPECT_EQ(ttlGrid().size(), 64u);
}

TEST(Curves, EveryPointEqualsASeparateReplay)
{
    std::vector<const AccessProfile*> profiles;
    std::vector<ReplayInput> inputs;
    std::vector<AccessProfile> owned;
    const auto ttls = ttlGrid(std::vector<double> { 300.0, kInfiniteTtl }, 16);
    for (std::uint64_t seed : { 3, 4, 5 }) {
        SyntheticSpec spec;
        spec.seed = seed;
        spec.requests = 40;
        inputs.push_back(makeReplayInput(makeSyntheticSession(spec)));
    }
    for (const ReplayInput& in : inputs)
        owned.push_back(AccessProfile::build(in, ttls));
    for (const AccessProfile& p : owned)
        profiles.push_back(&p);

    const auto curve = ttlCurve(profiles, ttls, 64 * 500);
    ASSERT_EQ(curve.size(), ttls.size());
    for (std::size_t i = 0; i < ttls.size(); ++i) {
        std::uint64_t hit = 0, input = 0, prefilled = 0, unique = 0, peak = 0;
        for (const ReplayInput& in : inputs) {
            const ReplayResult r = replayStepByStep(in, CachePolicy::fromTokens(ttls[i], 64 * 500, in.blockSize));
            hit += r.totals.hitTokens;
            input += r.totals.inputTokens;
            prefilled += r.totals.prefilledBlocks;
            unique += r.totals.uniqueBlocks;
            peak = std::max(peak, r.peakWorkingSetTokens());
        }
        EXPECT_EQ(curve[i].hitTokens, hit) << "ttl " << ttls[i];
        EXPECT_EQ(curve[i].inputTokens, input);
        EXPECT_EQ(curve[i].prefilledBlocks, prefilled);
        EXPECT_EQ(curve[i].uniqueBlocks, unique);
        EXPECT_EQ(curve[i].peakWorkingSetTokens, peak);
    }
    // Hit rate can only grow with the TTL.
    for (std::size_t i = 1; i < curve.size(); ++i)
        EXPECT_GE(curve[i].hitRate(), curve[i - 1].hitRate());

    const auto caps = capacityGrid(inputs[0].uniqueBlocks, 64);
    const auto byCap = capacityCurve(profiles, caps, 600.0);
    for (std::size_t i = 0; i < caps.size(); ++i) {
        std::uint64_t hit = 0;
        for (const ReplayInput& in : inputs)
            hit += replayStepByStep(in, CachePolicy::fromTokens(600.0, std::uint64_t(caps[i]), 64)).totals.hitTokens;
        EXPECT_EQ(byCap[i].hitTokens, hit) << "capacity " << caps[i];
    }
}

#include "kv/core/session_analysis.h"

TEST(PrefixBreak, NamesWhyEachPrefixEnds)
{
    Session s;
    s.name = "x";
    s.blockSize = 1;
    s.agents.push_back(Agent {});
    s.blocks = { 1, 2, 1, 2, 3, 1, 2, 3, 9, 8, 1, 2, 3 };
    s.requests.push_back(Request { 0.0, 0, 0, 2, 2 }); // 1 2: cold
    s.requests.push_back(Request { 10.0, 0, 2, 3, 3 }); // 1 2 3: hits 2, then cold
    s.requests.push_back(Request { 500.0, 0, 5, 3, 3 }); // 490 s later: expired under 300 s
    s.requests.push_back(Request { 501.0, 0, 8, 2, 2 }); // 9 8 pushes 1 2 3 out of a 3-block cache
    s.requests.push_back(Request { 502.0, 0, 10, 3, 3 }); // 1 2 3: evicted under capacity 3
    const SessionAnalysis a = analyzeSession(s);
    const CachePolicy p { 300.0, 3 };
    EXPECT_EQ(explainPrefix(a, 0, p).cause, PrefixBreak::Cause::Cold);
    const auto second = explainPrefix(a, 1, p);
    EXPECT_EQ(second.cause, PrefixBreak::Cause::Cold);
    EXPECT_EQ(second.hitBlocks, 2u);
    const auto third = explainPrefix(a, 2, p);
    EXPECT_EQ(third.cause, PrefixBreak::Cause::Expired);
    EXPECT_DOUBLE_EQ(third.gapSeconds, 490.0);
    const auto fifth = explainPrefix(a, 4, p);
    EXPECT_EQ(fifth.cause, PrefixBreak::Cause::Evicted);
    EXPECT_EQ(fifth.hitBlocks, 0u);
    EXPECT_EQ(explainPrefix(a, 2, { kInfiniteTtl, kUnlimited }).cause, PrefixBreak::Cause::FullHit);
}

#include "kv/core/units.h"

TEST(Units, DurationsAndTokenCountsAsPeopleTypeThem)
{
    EXPECT_EQ(parseDuration("300"), 300.0);
    EXPECT_EQ(parseDuration(" 5m "), 300.0);
    EXPECT_EQ(parseDuration("5 min"), 300.0);
    EXPECT_EQ(parseDuration("1.5h"), 5400.0);
    EXPECT_EQ(parseDuration("inf"), kInfiniteTtl);
    EXPECT_FALSE(parseDuration("soon"));
    EXPECT_FALSE(parseDuration("-3"));
    EXPECT_FALSE(parseDuration("5 weeks"));
    EXPECT_EQ(parseTokenCount("262144"), 262144u);
    EXPECT_EQ(parseTokenCount("256k"), 256000u);
    EXPECT_EQ(parseTokenCount("1.5M tokens"), 1500000u);
    EXPECT_EQ(parseTokenCount("unlimited"), kUnlimited);
    EXPECT_FALSE(parseTokenCount("lots"));
}

TEST(SessionAnalysis, BlockOriginsShowSharedContext)
{
    Session s;
    s.blockSize = 1;
    s.agents.push_back(Agent {});
    Agent sub;
    sub.parent = 0;
    sub.depth = 1;
    s.agents.push_back(sub);
    s.blocks = { 1, 2, 3, 1, 2, 9, 1, 2, 3, 4 };
    s.requests.push_back(Request { 0.0, 0, 0, 3, 3 }); // main writes 1 2 3
    s.requests.push_back(Request { 1.0, 1, 3, 3, 3 }); // the sub-agent reuses 1 2, writes 9
    s.requests.push_back(Request { 2.0, 0, 6, 4, 4 }); // main again: 1 2 3 mine, 4 new
    s.strings.intern("");
    const SessionAnalysis a = analyzeSession(s);
    using O = std::vector<std::pair<std::uint32_t, std::uint32_t>>;
    EXPECT_EQ(a.blockOrigins[0], (O { { 0, 3 } }));
    EXPECT_EQ(a.blockOrigins[1], (O { { 0, 2 }, { 1, 1 } }));
    EXPECT_EQ(a.blockOrigins[2], (O { { 0, 4 } }));
    EXPECT_EQ(a.agentLabels.size(), 2u);
}

TEST(ContextWindow, FromTheLogElseTheModelFamily)
{
    Session s;
    s.agents.emplace_back();
    auto add = [&](const char* model, std::uint64_t input) {
        Request r;
        r.model = s.strings.intern(model);
        r.inputTokens = input;
        r.outputTokens = 1000;
        s.requests.push_back(r);
    };
    EXPECT_EQ(contextWindowFor(s), 0u); // nothing known
    add("claude-sonnet-4-5-20250929", 150000);
    EXPECT_EQ(contextWindowFor(s), 200000u);
    add("claude-sonnet-4-5-20250929", 199500); // 200,500 with its output: the 1M beta
    EXPECT_EQ(contextWindowFor(s), 1000000u);
    Session g;
    g.agents.emplace_back();
    Request r;
    r.model = g.strings.intern("gpt-5-codex");
    g.requests.push_back(r);
    EXPECT_EQ(contextWindowFor(g), 272000u);
    g.contextWindow = 258400; // the log's own figure wins
    EXPECT_EQ(contextWindowFor(g), 258400u);
    EXPECT_EQ(analyzeSession(g).contextLimit, 258400u);
}
