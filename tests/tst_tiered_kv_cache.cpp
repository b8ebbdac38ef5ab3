// SPDX-License-Identifier: Apache-2.0
// The simulator's tiered KV cache by hand: prefixes found across tiers, loads at read bandwidth,
// demotion at write bandwidth, drops when the write queue is too long, eviction off the bottom.
#include "kv/core/tiered_kv_cache.h"

#include <gtest/gtest.h>

using namespace kv::core;

namespace {
// Blocks of 100 bytes: HBM holds two, DRAM two (reads 100 B/s after 0.5 s, writes 1000 B/s).
ServingConfig smallConfig()
{
    ServingConfig c;
    c.hbmKvBytes = 200;
    c.tiers.push_back({ "dram", 200, 100, 1000, 0.5 });
    c.maxWriteBacklogSeconds = 1.0;
    return c;
}
} // namespace

TEST(TieredKvCache, PrefixAcrossTiersLoadsAndDemotes)
{
    TieredKvCache cache(smallConfig(), 100);
    ASSERT_EQ(cache.tierCount(), 2u);
    EXPECT_EQ(cache.capacityBlocks(0), 2u);
    const std::uint64_t first[] = { 1, 2 };
    auto a = cache.admit(first, 0);
    EXPECT_EQ(a.prefixBlocks, 0u);
    EXPECT_EQ(a.loadsDone, 0.0);
    const std::uint64_t other[] = { 3 };
    a = cache.admit(other, 1); // HBM full: block 1, the least recent, goes down to DRAM
    EXPECT_EQ(cache.residentBlocks(0), 2u);
    EXPECT_EQ(cache.residentBlocks(1), 1u);
    EXPECT_EQ(cache.bytesWritten(1), 100.0);
    // 1 in DRAM, 2 in HBM: the whole prefix is found, one block loads (1 s at 100 B/s, after 0.5 s).
    a = cache.admit(first, 10);
    EXPECT_EQ(a.prefixBlocks, 2u);
    EXPECT_EQ(a.blocksByTier, (std::vector<std::uint32_t> { 1, 1 }));
    EXPECT_DOUBLE_EQ(a.loadsDone, 10 + 1.0 + 0.5);
    EXPECT_EQ(cache.bytesRead(1), 100.0);
    // Block 1 moved up and pushed 3 down: HBM holds 1 and 2, DRAM holds 3.
    const std::uint64_t three[] = { 3 };
    a = cache.admit(three, 20);
    EXPECT_EQ(a.blocksByTier, (std::vector<std::uint32_t> { 0, 1 }));
    EXPECT_EQ(cache.droppedBlocks(), 0u);
    // A prefix stops at the first block found nowhere, even if later blocks are cached.
    const std::uint64_t gap[] = { 9, 3 };
    a = cache.admit(gap, 30);
    EXPECT_EQ(a.prefixBlocks, 0u);
}

TEST(TieredKvCache, DropsWhatCannotBeWrittenInTime)
{
    ServingConfig c = smallConfig();
    c.tiers[0].writeBytesPerSecond = 50; // 2 s per block
    c.tiers[0].capacityBytes = 1000;
    TieredKvCache cache(c, 100);
    const std::uint64_t blocks[] = { 1, 2, 3, 4, 5 };
    cache.admit(blocks, 0);
    // 3 evictions at time 0: the first writes 0-2 s, the second would wait 2 s > 1 s: dropped,
    // and so is the third.
    EXPECT_EQ(cache.residentBlocks(0), 2u);
    EXPECT_EQ(cache.residentBlocks(1), 1u);
    EXPECT_EQ(cache.droppedBlocks(), 2u);
    // No tier below: evicted blocks are gone.
    ServingConfig hbmOnly;
    hbmOnly.hbmKvBytes = 200;
    TieredKvCache alone(hbmOnly, 100);
    alone.admit(blocks, 0);
    EXPECT_EQ(alone.residentBlocks(0), 2u);
    EXPECT_EQ(alone.evictedBlocks(), 3u);
    EXPECT_EQ(alone.droppedBlocks(), 0u);
    const std::uint64_t again[] = { 4, 5 };
    EXPECT_EQ(alone.admit(again, 1).prefixBlocks, 2u);
}
