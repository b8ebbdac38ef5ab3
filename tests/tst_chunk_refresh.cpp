// SPDX-License-Identifier: Apache-2.0
// Per-chunk prefill counts on a hand-checked trace and, on the shared traces, adding up to the
// replay's prefilled and distinct blocks; and the provider gap on a hand-made log.
#include "kv/core/access_profile.h"
#include "kv/core/chunk_refresh.h"
#include "kv/core/miss_causes.h"
#include "kv/core/provider_gap.h"
#include "kv/core/replay_input.h"
#include "kv/core/session_analysis.h"
#include "kv/importers/kv_cache_tester_importer.h"
#include "test_support.h"

#include <gtest/gtest.h>

using namespace kv;
using namespace kv::core;

namespace {

Session fiveRequests()
{
    Session s;
    s.blockSize = 4;
    Agent main;
    main.toolTokens = 4; // the first block is the tool definitions
    s.agents.push_back(main);
    auto add = [&](double t, std::vector<std::uint64_t> blocks) {
        Request r;
        r.time = t;
        r.blockBegin = std::uint32_t(s.blocks.size());
        r.blockCount = std::uint32_t(blocks.size());
        r.inputTokens = blocks.size() * 4;
        s.blocks.insert(s.blocks.end(), blocks.begin(), blocks.end());
        s.requests.push_back(r);
    };
    add(0, { 1, 2, 3 });
    add(10, { 1, 2, 4 });
    add(400, { 1, 2, 3, 5 });
    add(420, { 1, 2, 4, 6 });
    add(430, { 5, 1, 2, 3 });
    return s;
}

} // namespace

TEST(ChunkRefresh, HandChecked)
{
    // TTL 5 minutes, 4 blocks: misses are 1 2 3 | 4 | 1 2 3 5 | 4 6 | 5 1 2 3.
    const Session s = fiveRequests();
    const SessionAnalysis a = analyzeSession(s);
    const ChunkRefresh c = chunkRefresh(a, CachePolicy { 300, 4 }, 3);
    EXPECT_EQ(c.uniqueBlocks, 6u);
    EXPECT_EQ(c.prefilledBlocks, 14u);
    EXPECT_EQ(c.histogram, (std::map<std::uint32_t, std::uint64_t> { { 1, 1 }, { 2, 2 }, { 3, 3 } }));
    ASSERT_EQ(c.top.size(), 3u);
    // Blocks 2 and 3 run together (first seen side by side, same kind, same refreshers) and, as long
    // as block 1 is prefilled as often, come first; block 1 is the tool definitions, on its own.
    EXPECT_EQ(c.top[0].block, 1u);
    EXPECT_EQ(c.top[0].blocks, 2u);
    EXPECT_EQ(c.top[0].prefills, 3u);
    EXPECT_EQ(c.top[0].kind, SegmentKind::Other);
    EXPECT_EQ(c.top[0].position, 1u);
    EXPECT_EQ(c.top[0].refreshedBy, (std::vector<std::uint32_t> { 2, 4 }));
    EXPECT_EQ(c.top[1].block, 0u);
    EXPECT_EQ(c.top[1].blocks, 1u);
    EXPECT_EQ(c.top[1].prefills, 3u);
    EXPECT_EQ(c.top[1].kind, SegmentKind::Tools);
    EXPECT_EQ(c.top[1].firstRequest, 0u);
    EXPECT_EQ(c.top[1].refreshedBy, (std::vector<std::uint32_t> { 2, 4 }));
    EXPECT_EQ(c.top[2].block, 3u); // block 4 (request 1, position 2), prefilled again by request 3; block 5,
    EXPECT_EQ(c.top[2].blocks, 1u); // also twice, first appeared elsewhere: a chunk of its own
    EXPECT_EQ(c.top[2].position, 2u);
    EXPECT_EQ(c.top[2].refreshedBy, (std::vector<std::uint32_t> { 3 }));
    const auto& tools = c.byKind[std::size_t(SegmentKind::Tools)];
    EXPECT_EQ(tools.uniqueBlocks, 1u);
    EXPECT_EQ(tools.prefilledBlocks, 3u);
    EXPECT_EQ(c.byKind[std::size_t(SegmentKind::Other)].prefilledBlocks, 11u);

    // Why, by hand: 1 2 3 expired in request 2 and 4 in request 3 (gaps over 300 s); in request 4,
    // 5 and 3 were pushed out by 4 other blocks, and 1 2 were still cached behind the miss of 5.
    const MissCauses causes = summarizeMisses(a, CachePolicy { 300, 4 }).causes;
    EXPECT_EQ(describeChunkRefresh(c, &causes, s.blockSize),
        "6 distinct blocks of 4 tokens were prefilled 14 times: refresh factor 2.33. 5 of them were prefilled "
        "more than once, 8 prefills beyond the first; by kind of content, other 75%, tools 25%. They were prefilled "
        "again because they had expired (50%), had been evicted for capacity (25%) or came after an earlier miss in "
        "the same prompt (25%). The most refreshed chunk, 8 tokens of other first seen in request 0 at token 4, was "
        "prefilled 3 times.");
    EXPECT_EQ(describeChunkRefresh(ChunkRefresh {}, nullptr, 64), "No chunks: the session has no prompt blocks.");
}

TEST(ChunkRefresh, SharedTracesAddUpToTheReplay)
{
    const auto files = test::sharedTraceFiles();
    for (std::size_t f = 0; f < files.size(); f += 4) {
        auto file = importers::readInputFile(files[f].string());
        auto parsed = importers::KvCacheTesterImporter().parse(*file);
        ASSERT_TRUE(parsed.ok());
        const Session& s = parsed->sessions.at(0);
        const SessionAnalysis a = analyzeSession(s);
        for (const CachePolicy& policy : { CachePolicy { 60, kUnlimited }, CachePolicy { 300, 4096 } }) {
            const ChunkRefresh c = chunkRefresh(a, policy);
            const ReplayTotals t = a.profile->evaluate(policy).totals;
            EXPECT_EQ(c.prefilledBlocks, t.prefilledBlocks);
            EXPECT_EQ(c.uniqueBlocks, t.uniqueBlocks);
            std::uint64_t blocks = 0, prefills = 0, kindPrefills = 0, kindUnique = 0;
            for (const auto& [times, count] : c.histogram) {
                blocks += count;
                prefills += std::uint64_t(times) * count;
            }
            for (const auto& k : c.byKind) {
                kindPrefills += k.prefilledBlocks;
                kindUnique += k.uniqueBlocks;
            }
            EXPECT_EQ(blocks, t.uniqueBlocks);
            EXPECT_EQ(prefills, t.prefilledBlocks);
            EXPECT_EQ(kindPrefills, t.prefilledBlocks);
            EXPECT_EQ(kindUnique, t.uniqueBlocks);
            ASSERT_FALSE(c.top.empty());
            EXPECT_EQ(c.top.front().prefills, c.histogram.rbegin()->first);
            EXPECT_LE(c.top.front().refreshedBy.size(), c.top.front().prefills - 1); // the first prefill is no refresh
        }
    }
}

TEST(ProviderGap, HandMadeLog)
{
    Session s = fiveRequests();
    for (std::size_t j = 1; j < s.requests.size(); ++j)
        s.requests[j].hasReportedUsage = true;
    s.requests[1].reportedCacheRead = 8; // the model also serves 8 (blocks 1, 2)
    s.requests[3].reportedCacheRead = 0; // the model serves 8: the provider missed them
    s.requests[4].reportedCacheRead = 16; // more than the model's 0: no gap counted
    const SessionAnalysis a = analyzeSession(s);
    const ProviderGap g = providerGap(a, CachePolicy { 300, 4 });
    ASSERT_EQ(g.requests.size(), 4u);
    EXPECT_EQ(g.requests[0].request, 1u);
    EXPECT_EQ(g.modeledHitTokens, 8u + 0 + 8 + 0);
    EXPECT_EQ(g.reportedCacheRead, 8u + 0 + 0 + 16);
    EXPECT_EQ(g.providerMissedTokens, 8u);
    EXPECT_EQ(g.providerMissedRequests, 1u);
    EXPECT_EQ(g.requests[2].providerMissed(), 8u);
    EXPECT_EQ(g.inputTokens, 12u + 16 + 16 + 16);
}
