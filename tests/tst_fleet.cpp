// SPDX-License-Identifier: Apache-2.0
// The fleet view: re-timing keeps each session's shape and is reproducible per seed; a window
// and an arrival rate place sessions as asked; sharing counts content hashes across sessions and
// keeps local hashes apart; each member's hits in the shared cache against its own replay.
#include "kv/core/access_profile.h"
#include "kv/core/combined_session.h"
#include "kv/core/fleet.h"
#include "kv/core/session_analysis.h"
#include "kv/core/synthetic_session.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <numeric>

using namespace kv::core;

namespace {
std::vector<Session> sessions(int n)
{
    std::vector<Session> out;
    for (int i = 0; i < n; ++i) {
        SyntheticSpec spec;
        spec.seed = std::uint64_t(i + 1);
        spec.requests = 10;
        out.push_back(makeSyntheticSession(spec));
    }
    return out;
}
double firstTime(const Session& s)
{
    double t = s.requests.front().time;
    for (const Request& r : s.requests)
        t = std::min(t, r.time);
    return t;
}
} // namespace

TEST(Fleet, ParsesTimings)
{
    EXPECT_EQ(parseFleetTiming("recorded", 1)->mode, FleetTiming::Mode::AsRecorded);
    const auto w = parseFleetTiming("window=2h", 7);
    ASSERT_TRUE(w.ok());
    EXPECT_EQ(w->mode, FleetTiming::Mode::Window);
    EXPECT_EQ(w->windowSeconds, 7200.0);
    EXPECT_EQ(w->seed, 7u);
    EXPECT_EQ(parseFleetTiming("rate=2/min", 1)->perHour, 120.0);
    EXPECT_EQ(parseFleetTiming("rate=30", 1)->perHour, 30.0);
    EXPECT_FALSE(parseFleetTiming("rate=-1/h", 1).ok());
    EXPECT_FALSE(parseFleetTiming("window=soon", 1).ok());
    EXPECT_FALSE(parseFleetTiming("sometimes", 1).ok());
}

TEST(Fleet, WindowKeepsShapesAndIsSeeded)
{
    std::vector<Session> a = sessions(40), b = sessions(40);
    const std::vector<Session> original = sessions(40);
    FleetTiming t;
    t.mode = FleetTiming::Mode::Window;
    t.windowSeconds = 3600;
    t.seed = 5;
    retimeSessions(a, t);
    retimeSessions(b, t);
    double latest = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const double start = firstTime(a[i]);
        EXPECT_GE(start, 0.0);
        EXPECT_LT(start, 3600.0);
        latest = std::max(latest, start);
        EXPECT_EQ(start, firstTime(b[i])); // same seed, same fleet
        // Gaps inside a session do not change.
        for (std::size_t j = 1; j < a[i].requests.size(); ++j)
            EXPECT_NEAR(a[i].requests[j].time - a[i].requests[j - 1].time,
                original[i].requests[j].time - original[i].requests[j - 1].time, 1e-6);
    }
    EXPECT_GT(latest, 1800.0); // 40 uniform starts spread over the hour
    t.seed = 6;
    std::vector<Session> c = sessions(40);
    retimeSessions(c, t);
    EXPECT_NE(firstTime(c[0]), firstTime(a[0]));
}

TEST(Fleet, RateArrivesAsAPoissonProcess)
{
    std::vector<Session> s = sessions(400);
    FleetTiming t;
    t.mode = FleetTiming::Mode::Rate;
    t.perHour = 60; // one a minute on average
    retimeSessions(s, t);
    EXPECT_EQ(firstTime(s[0]), 0.0);
    double previous = 0;
    for (const Session& x : s) {
        EXPECT_GE(firstTime(x), previous);
        previous = firstTime(x);
    }
    const double meanGap = previous / 399.0;
    EXPECT_NEAR(meanGap, 60.0, 9.0); // 400 exponential gaps: within about 3 standard errors
}

TEST(Fleet, SharingCountsContentHashesAcrossSessions)
{
    std::vector<Session> s = sessions(2);
    s[1] = s[0]; // the same conversation twice
    std::vector<const Session*> ptrs { &s[0], &s[1] };
    const FleetSharing local = fleetSharing(ptrs);
    EXPECT_EQ(local.sharedBlocks, 0u); // local hashes of different traces never match
    for (Session& x : s)
        x.hashScope = "global";
    const FleetSharing global = fleetSharing(ptrs);
    EXPECT_EQ(global.sharedBlocks, global.blocks);
    EXPECT_EQ(global.sharedAccesses, global.blockAccesses);
    EXPECT_EQ(global.blockAccesses, 2 * s[0].blocks.size());
    EXPECT_EQ(local.blocks, 2 * global.blocks);
}

TEST(Fleet, MembersInTheSharedCacheAgainstTheirOwnReplays)
{
    std::vector<Session> s = sessions(6);
    FleetTiming t;
    t.mode = FleetTiming::Mode::Window;
    t.windowSeconds = 1800;
    t.seed = 3;
    retimeSessions(s, t);
    std::vector<const Session*> ptrs;
    for (const Session& x : s)
        ptrs.push_back(&x);
    const FleetLayout layout = fleetLayout(ptrs, t);
    ASSERT_EQ(layout.members.size(), 6u);
    double earliest = 1e30;
    std::uint32_t begin = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const FleetMember& m = layout.members[i];
        EXPECT_EQ(m.requestBegin, begin);
        EXPECT_EQ(m.requests, s[i].requests.size());
        begin += m.requests;
        earliest = std::min(earliest, m.start);
        EXPECT_NEAR(m.end - m.start, s[i].requests.back().time - firstTime(s[i]), 1e-6);
    }
    EXPECT_EQ(earliest, 0.0); // the fleet's clock starts at its first request
    EXPECT_EQ(describeFleetTiming(t), "random starts within 30 min (seed 3)");
    EXPECT_EQ(describeFleetTiming(*parseFleetTiming("rate=30/h", 2)), "arrivals at 30 per hour (seed 2)");
    EXPECT_EQ(describeFleetTiming(FleetTiming {}), "as recorded");

    const auto combined = combineSessions(ptrs);
    ASSERT_TRUE(combined.ok());
    const SessionAnalysis fleet = analyzeSession(*combined);
    for (const CachePolicy& policy :
        { CachePolicy { 300, kUnlimited }, CachePolicy { 60, 64 }, CachePolicy { 3600, 16 } }) {
        const std::vector<MemberHits> hits = fleetMemberHits(fleet, layout, policy);
        const ReplayTotals whole = fleet.profile->evaluate(policy).totals;
        std::uint64_t input = 0, hit = 0;
        for (std::size_t i = 0; i < s.size(); ++i) {
            input += hits[i].inputTokens;
            hit += hits[i].hitTokens;
            const ReplayTotals alone = analyzeSession(s[i]).profile->evaluate(policy).totals;
            EXPECT_EQ(hits[i].inputTokens, alone.inputTokens);
            // Local hashes share nothing: without a capacity limit a member hits exactly as alone;
            // with one, the others' blocks only push its own further down the LRU stack.
            if (policy.capacityBlocks == kUnlimited)
                EXPECT_EQ(hits[i].hitTokens, alone.hitTokens);
            else
                EXPECT_LE(hits[i].hitTokens, alone.hitTokens);
        }
        EXPECT_EQ(input, whole.inputTokens);
        EXPECT_EQ(hit, whole.hitTokens);
    }
    // The summary, by hand: 100 of 1000 tokens alone against 150 in the fleet.
    const MemberHits alone[] = { { 600, 60 }, { 400, 40 } };
    const MemberHits together[] = { { 600, 90 }, { 400, 60 } };
    FleetLayout two;
    two.members.resize(2);
    two.sharing = { 40, 10, 100, 25 };
    EXPECT_EQ(describeFleet(two, together, alone),
        "2 sessions, as recorded: in one shared cache they hit 15.0% of their prompt tokens; each in a cache of its "
        "own, 10.0%. Sharing gains 5.0 points: later sessions find what earlier ones cached. They share 10 of 40 "
        "distinct blocks (25.0% of block look-ups): common system prompts, tools and context.");
    EXPECT_NE(describeFleet(two, alone, together).find("Sharing the capacity costs 5.0 points"), std::string::npos);
    EXPECT_EQ(describeFleet(two, alone, together).find("years apart"), std::string::npos);
    two.members[1].start = 1.7e9; // an agent log's wall clock beside a hash trace's 0
    EXPECT_NE(describeFleet(two, alone, together).find("years apart"), std::string::npos);
}
