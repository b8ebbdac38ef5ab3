// SPDX-License-Identifier: Apache-2.0
// Miss causes (DESIGN.md section 3): a hand-checked trace, every missed block against a literal
// LRU simulation on random traces, and exact sums over the 48 shared traces.
#include "kv/core/access_profile.h"
#include "kv/core/miss_causes.h"
#include "kv/core/replay_input.h"
#include "kv/core/session_analysis.h"
#include "kv/core/step_replay.h"
#include "kv/core/synthetic_session.h"
#include "kv/importers/kv_cache_tester_importer.h"
#include "random_traces.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <list>
#include <unordered_map>

using namespace kv;
using namespace kv::core;

namespace {

// Literal causes: the LRU list at the start of each request decides every missed block.
std::vector<std::vector<MissCause>> naiveCauses(const ReplayInput& in, const CachePolicy& p)
{
    std::vector<std::vector<MissCause>> out;
    std::list<std::uint32_t> lru;
    std::unordered_map<std::uint32_t, std::list<std::uint32_t>::iterator> where;
    std::unordered_map<std::uint32_t, double> last;
    for (std::size_t j = 0; j < in.requestCount(); ++j) {
        const double t = in.time[j];
        const auto blocks = in.blocksOf(j);
        auto& causes = out.emplace_back();
        bool missed = false;
        for (std::uint32_t b : blocks) {
            const bool seen = last.count(b) > 0;
            const bool fresh = seen && t - last[b] <= p.ttl;
            const bool held = where.count(b) > 0;
            if (!missed && seen && fresh && held)
                continue; // a hit
            missed = true;
            causes.push_back(!seen ? MissCause::Cold
                    : !fresh       ? MissCause::Expired
                    : !held        ? MissCause::Evicted
                                   : MissCause::PrefixBroken);
        }
        for (std::uint32_t b : blocks) {
            if (auto it = where.find(b); it != where.end())
                lru.erase(it->second);
            lru.push_back(b);
            where[b] = std::prev(lru.end());
            last[b] = t;
        }
        while (lru.size() > p.capacityBlocks) {
            where.erase(lru.front());
            lru.pop_front();
        }
    }
    return out;
}

Session handChecked()
{
    Session s;
    s.name = "hand";
    s.blockSize = 4;
    s.agents.push_back(Agent {});
    const std::uint32_t endTurn = s.strings.intern("end_turn"), toolUse = s.strings.intern("tool_use");
    auto add = [&](double t, std::vector<std::uint64_t> blocks, std::uint64_t extra, std::uint32_t stop) {
        Request r;
        r.time = t;
        r.blockBegin = std::uint32_t(s.blocks.size());
        r.blockCount = std::uint32_t(blocks.size());
        r.inputTokens = blocks.size() * 4 + extra;
        r.stop = stop;
        s.blocks.insert(s.blocks.end(), blocks.begin(), blocks.end());
        s.requests.push_back(r);
    };
    add(0, { 1, 2, 3 }, 0, toolUse);
    add(10, { 1, 2, 4 }, 2, endTurn); // two tokens past the last block
    add(400, { 1, 2, 3, 5 }, 0, toolUse); // after a person's turn: 1, 2, 3 expired
    add(420, { 1, 2, 4, 6 }, 0, toolUse);
    add(430, { 5, 1, 2, 3 }, 0, toolUse);
    return s;
}

} // namespace

TEST(MissCauses, HandCheckedTrace)
{
    // TTL 5 minutes, room for 4 blocks.
    const Session s = handChecked();
    const CachePolicy policy { 300, 4 };
    const AccessProfile p = AccessProfile::build(makeReplayInput(s));
    using C = MissCause;
    const std::vector<std::vector<MissCause>> expected {
        { C::Cold, C::Cold, C::Cold }, { C::Cold }, // 1 and 2 hit
        { C::Expired, C::Expired, C::Expired, C::Cold }, // last used 390 and 400 s ago
        { C::Expired, C::Cold }, // 1, 2 hit; 4 was last used at 10 s (evicted too, but expired first)
        { C::Evicted, C::PrefixBroken, C::PrefixBroken, C::Evicted }, // 5 and 3 used within 5 min
    };
    for (std::size_t j = 0; j < expected.size(); ++j)
        EXPECT_EQ(missedBlockCauses(p, j, policy), expected[j]) << "request " << j;
    const MissCauses r1 = missCauses(p, 1, policy);
    EXPECT_EQ(r1.tokensOf(C::Cold), 6u); // block 4 and the 2 tokens past the last block
    EXPECT_EQ(r1.totalTokens(), 14u - 8u);
    const MissCauses r4 = missCauses(p, 4, policy);
    EXPECT_EQ(r4.tokensOf(C::Evicted), 8u);
    EXPECT_EQ(r4.tokensOf(C::PrefixBroken), 8u);

    const SessionAnalysis a = analyzeSession(s);
    const MissSummary sum = summarizeMisses(a, policy);
    EXPECT_EQ(sum.inputTokens, 12u + 14 + 16 + 16 + 16);
    EXPECT_EQ(sum.hitTokens, 8u + 8);
    EXPECT_EQ(sum.causes.totalTokens(), sum.inputTokens - sum.hitTokens);
    EXPECT_EQ(sum.expiredAfterHumanTurn, 12u); // request 2 followed an ended turn
    EXPECT_EQ(sum.expiredInToolLoop, 4u); // request 3's block 4
    const std::string text = describeMisses(sum, policy, s.blockSize);
    EXPECT_NE(text.find("turn) for 75% and inside tool loops for 25%"), std::string::npos) << text;
}

TEST(MissCauses, EveryMissedBlockAgreesWithALiteralLru)
{
    std::size_t checked = 0;
    for (std::uint64_t seed = 1; seed <= 100; ++seed) {
        Session s;
        if (seed % 2) {
            s = test::scrambledSession(seed);
        } else {
            SyntheticSpec spec;
            spec.seed = seed;
            spec.requests = 20;
            spec.systemBlocks = 12;
            spec.maxNewBlocks = 8;
            spec.subagentChance = 0.25;
            spec.compactionChance = 0.1;
            spec.rewindChance = 0.15;
            spec.integerTimes = true;
            s = makeSyntheticSession(spec);
        }
        const ReplayInput in = makeReplayInput(s);
        const AccessProfile p = AccessProfile::build(in);
        SplitMix64 rng(seed * 7 + 3);
        for (const CachePolicy& policy : test::policiesFor(in, rng)) {
            const auto naive = naiveCauses(in, policy);
            const ReplayResult step = replayStepByStep(in, policy);
            for (std::size_t j = 0; j < in.requestCount(); ++j) {
                ASSERT_EQ(missedBlockCauses(p, j, policy), naive[j])
                    << "seed " << seed << " request " << j << " ttl " << policy.ttl << " cap " << policy.capacityBlocks;
                const MissCauses m = missCauses(p, j, policy);
                ASSERT_EQ(m.totalBlocks(), in.blocksOf(j).size() - step.hitBlocks[j]);
                ASSERT_EQ(m.totalTokens(), in.inputTokens[j] - step.hitTokens[j]);
                ++checked;
            }
        }
    }
    EXPECT_GT(checked, 20000u);
}

TEST(MissCauses, SharedTracesAddUpExactly)
{
    const CachePolicy policies[] = { { 60, kUnlimited }, { 300, kUnlimited }, { kInfiniteTtl, 4096 }, { 300, 4096 } };
    for (const auto& path : test::sharedTraceFiles()) {
        auto file = importers::readInputFile(path.string());
        ASSERT_TRUE(file.ok());
        auto parsed = importers::KvCacheTesterImporter().parse(*file);
        ASSERT_TRUE(parsed.ok());
        const ReplayInput in = makeReplayInput(parsed->sessions.at(0));
        const AccessProfile p = AccessProfile::build(in);
        for (const CachePolicy& policy : policies) {
            const ReplayResult r = p.evaluate(policy);
            MissCauses total;
            for (std::size_t j = 0; j < in.requestCount(); ++j)
                total += missCauses(p, j, policy);
            EXPECT_EQ(total.totalTokens(), r.totals.inputTokens - r.totals.hitTokens) << path;
            EXPECT_EQ(total.totalBlocks(), r.totals.prefilledBlocks) << path;
            // Without a capacity nothing is evicted; without a TTL nothing expires.
            if (policy.capacityBlocks == kUnlimited) {
                EXPECT_EQ(total.tokensOf(MissCause::Evicted), 0u);
            }
            if (policy.ttl == kInfiniteTtl) {
                EXPECT_EQ(total.tokensOf(MissCause::Expired), 0u);
            }
        }
    }
}
