// SPDX-License-Identifier: Apache-2.0
// The one-pass AccessProfile against the step-by-step simulation and against a naive,
// literal transcription of DESIGN.md section 3, over many seeded random traces: ties in time,
// sub-agents, gaps exactly equal to the TTL, capacities smaller than one request, duplicates
// within a request and blocks revisited in scrambled orders.
#include "kv/core/access_profile.h"
#include "kv/core/replay_input.h"
#include "kv/core/step_replay.h"
#include "kv/core/synthetic_session.h"
#include "random_traces.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <list>
#include <map>
#include <unordered_map>

using namespace kv::core;
using kv::test::policiesFor;
using kv::test::scrambledSession;

namespace {

// Literal semantics: LRU order in a list, last access per block, working set by full scan.
ReplayResult naiveReplay(const ReplayInput& in, const CachePolicy& p)
{
    ReplayResult out;
    out.blockSize = in.blockSize;
    std::list<std::uint32_t> lru; // front = least recently used
    std::unordered_map<std::uint32_t, std::list<std::uint32_t>::iterator> where;
    std::unordered_map<std::uint32_t, double> last;
    std::unordered_map<std::uint32_t, bool> seen;
    for (std::size_t j = 0; j < in.requestCount(); ++j) {
        const double t = in.time[j];
        const auto blocks = in.blocksOf(j);
        std::uint32_t k = 0;
        while (k < blocks.size() && where.count(blocks[k]) && t - last[blocks[k]] <= p.ttl)
            ++k;
        for (std::uint32_t b : blocks) {
            if (auto it = where.find(b); it != where.end())
                lru.erase(it->second);
            lru.push_back(b);
            where[b] = std::prev(lru.end());
            last[b] = t;
            seen[b] = true;
        }
        while (lru.size() > p.capacityBlocks) {
            where.erase(lru.front());
            lru.pop_front();
        }
        std::uint32_t ws = 0;
        for (std::uint32_t b : lru)
            ws += t - last[b] <= p.ttl;
        const std::uint64_t hit
            = std::min<std::uint64_t>(std::llround(double(k) * in.tokensPerBlock[j]), in.inputTokens[j]);
        out.hitBlocks.push_back(k);
        out.hitTokens.push_back(hit);
        out.workingSetBlocks.push_back(ws);
        out.totals.requests++;
        out.totals.inputTokens += in.inputTokens[j];
        out.totals.hitTokens += hit;
        out.totals.prefilledBlocks += blocks.size() - k;
        out.totals.peakWorkingSetBlocks = std::max<std::uint64_t>(out.totals.peakWorkingSetBlocks, ws);
    }
    out.totals.uniqueBlocks = seen.size();
    return out;
}

void expectSame(const ReplayResult& a, const ReplayResult& b, const std::string& what)
{
    EXPECT_EQ(a.totals, b.totals) << what;
    EXPECT_EQ(a.hitBlocks, b.hitBlocks) << what;
    EXPECT_EQ(a.hitTokens, b.hitTokens) << what;
    EXPECT_EQ(a.workingSetBlocks, b.workingSetBlocks) << what;
}

void checkAllPaths(const Session& s, std::uint64_t seed)
{
    const ReplayInput in = makeReplayInput(s);
    SplitMix64 rng(seed * 31 + 1);
    const auto policies = policiesFor(in, rng);
    std::vector<double> ttls;
    for (const CachePolicy& p : policies)
        ttls.push_back(p.ttl);
    std::sort(ttls.begin(), ttls.end());
    ttls.erase(std::unique(ttls.begin(), ttls.end()), ttls.end());
    const AccessProfile profile = AccessProfile::build(in, ttls);
    for (const CachePolicy& p : policies) {
        const std::string what = "seed " + std::to_string(seed) + " ttl " + std::to_string(p.ttl) + " cap "
            + std::to_string(p.capacityBlocks);
        const ReplayResult naive = naiveReplay(in, p);
        expectSame(replayStepByStep(in, p), naive, "step vs naive, " + what);
        expectSame(profile.evaluate(p), naive, "one-pass vs naive, " + what);
        if (::testing::Test::HasFailure())
            return;
    }
}

} // namespace

TEST(ReplayProperty, SyntheticAgentSessionsAgreeOnAllPaths)
{
    for (std::uint64_t seed = 1; seed <= 60; ++seed) {
        SyntheticSpec spec;
        spec.seed = seed;
        spec.requests = 15 + seed % 25;
        spec.systemBlocks = 10 + seed % 20;
        spec.maxNewBlocks = 8;
        spec.subagentChance = 0.25;
        spec.maxDepth = 2;
        spec.compactionChance = 0.1;
        spec.rewindChance = 0.15;
        spec.integerTimes = seed % 2 == 0;
        checkAllPaths(makeSyntheticSession(spec), seed);
        if (HasFailure())
            return;
    }
}

TEST(ReplayProperty, ScrambledTracesAgreeOnAllPaths)
{
    for (std::uint64_t seed = 1; seed <= 300; ++seed) {
        checkAllPaths(scrambledSession(seed), seed);
        if (HasFailure())
            return;
    }
}

TEST(ReplayProperty, TiesKeepFileOrder)
{
    // Two requests at the same time: the second listed sees the first one's blocks.
    Session s;
    s.blockSize = 4;
    s.agents.push_back(Agent {});
    s.blocks = { 1, 2, 1, 2, 3 };
    s.requests.push_back(Request { 5.0, 0, 0, 2, 8 });
    s.requests.push_back(Request { 5.0, 0, 2, 3, 12 });
    const ReplayInput in = makeReplayInput(s);
    for (const ReplayResult& r :
        { replayStepByStep(in, { 0.0, kUnlimited }), replayOnePass(in, { 0.0, kUnlimited }) }) {
        EXPECT_EQ(r.hitBlocks, (std::vector<std::uint32_t> { 0, 2 }));
        EXPECT_EQ(r.totals.hitTokens, 8u);
        EXPECT_EQ(r.totals.peakWorkingSetBlocks, 3u);
    }
}

TEST(ReplayProperty, GapEqualToTtlIsAHitAndOneMoreSecondIsNot)
{
    Session s;
    s.blockSize = 1;
    s.agents.push_back(Agent {});
    s.blocks = { 7, 7, 7 };
    s.requests.push_back(Request { 0.0, 0, 0, 1, 1 });
    s.requests.push_back(Request { 300.0, 0, 1, 1, 1 });
    s.requests.push_back(Request { 601.0, 0, 2, 1, 1 });
    const ReplayInput in = makeReplayInput(s);
    for (const ReplayResult& r :
        { replayStepByStep(in, { 300.0, kUnlimited }), replayOnePass(in, { 300.0, kUnlimited }) })
        EXPECT_EQ(r.hitBlocks, (std::vector<std::uint32_t> { 0, 1, 0 }));
}

TEST(ReplayProperty, CapacitySmallerThanOneRequestKeepsOnlyItsTail)
{
    Session s;
    s.blockSize = 1;
    s.agents.push_back(Agent {});
    s.blocks = { 1, 2, 3, 4, 1, 2, 3, 4 };
    s.requests.push_back(Request { 0.0, 0, 0, 4, 4 });
    s.requests.push_back(Request { 1.0, 0, 4, 4, 4 });
    const ReplayInput in = makeReplayInput(s);
    for (const ReplayResult& r :
        { replayStepByStep(in, { kInfiniteTtl, 2 }), replayOnePass(in, { kInfiniteTtl, 2 }) }) {
        // Blocks 3 and 4 survive, but block 1 is gone, so the prefix misses entirely.
        EXPECT_EQ(r.hitBlocks, (std::vector<std::uint32_t> { 0, 0 }));
        EXPECT_EQ(r.totals.peakWorkingSetBlocks, 2u);
        EXPECT_EQ(r.totals.prefilledBlocks, 8u);
    }
}
