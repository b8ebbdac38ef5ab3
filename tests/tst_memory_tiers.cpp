// SPDX-License-Identifier: Apache-2.0
// Memory tiers: sizes and model KV bytes, hits by tier adding up to one cache of the summed
// capacity, and each tier boundary agreeing with a step-by-step replay of that single capacity.
#include "kv/core/access_profile.h"
#include "kv/core/memory_tiers.h"
#include "kv/core/replay_input.h"
#include "kv/core/step_replay.h"
#include "kv/importers/kv_cache_tester_importer.h"
#include "random_traces.h"
#include "test_support.h"

#include <gtest/gtest.h>

using namespace kv;
using namespace kv::core;

TEST(MemoryTiers, SizesAndSpecs)
{
    EXPECT_EQ(*parseByteSize("80GiB"), 80ull << 30);
    EXPECT_EQ(*parseByteSize("1 TiB"), 1ull << 40);
    EXPECT_EQ(*parseByteSize("512GB"), 512'000'000'000ull);
    EXPECT_EQ(*parseByteSize("4096"), 4096u);
    EXPECT_EQ(*parseByteSize("1.5kib"), 1536u);
    EXPECT_EQ(*parseByteSize("1PB"), 1'000'000'000'000'000ull);
    EXPECT_EQ(*parseByteSize("2 PiB"), 2ull << 50);
    EXPECT_FALSE(parseByteSize("80 parsecs").ok());
    EXPECT_FALSE(parseByteSize("-1GB").ok());
    auto tiers = parseTiers("hbm=80GiB,dram=1TiB,nvme=30TiB");
    ASSERT_TRUE(tiers.ok());
    ASSERT_EQ(tiers->size(), 3u);
    EXPECT_EQ((*tiers)[1].name, "dram");
    EXPECT_EQ((*tiers)[2].bytes, 30ull << 40);
    EXPECT_FALSE(parseTiers("hbm").ok());
    EXPECT_NE(parseTiers("hbm=80GiB,dram=lots").message().find("dram"), std::string::npos);
    // From the models' configs: 2 (K, V) x KV heads x head dim x 2 bytes x layers.
    const auto models = builtinKvModels();
    EXPECT_EQ(findKvModel(models, "llama-3.1-8b")->bytesPerToken(), 131072.0); // 128 KiB
    EXPECT_EQ(findKvModel(models, "llama-3.1-70b")->bytesPerToken(), 327680.0); // 320 KiB
    EXPECT_EQ(findKvModel(models, "qwen3-32b")->bytesPerToken(), 262144.0);
    EXPECT_EQ(findKvModel(models, "deepseek-v3")->bytesPerToken(), 61.0 * 576 * 2); // MLA latent
    EXPECT_EQ(findKvModel(models, "gpt-oss-120b")->bytesPerToken(), 18.0 * 2 * 8 * 64 * 2); // full layers only
    EXPECT_EQ(findKvModel(models, "no-such-model"), nullptr);
    // 80 GiB of HBM holds 262,144 Llama-70B tokens: 4,096 blocks of 64.
    const MemoryTier hbm[] = { { "hbm", 80ull << 30 } };
    EXPECT_EQ(tierCapacityBlocks(hbm, *findKvModel(models, "llama-3.1-70b"), 64), std::vector<std::uint64_t> { 4096 });
}

TEST(MemoryTiers, HandChecked)
{
    // Blocks 1..6, then 1..6 again. Look-ups see the cache as the second request found it, so
    // the stack distances are 5, 4, 3, 2, 1, 0 (block 6 was used last).
    Session s;
    s.blockSize = 4;
    s.agents.push_back(Agent {});
    s.blocks = { 1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6 };
    s.requests.push_back(Request { 0.0, 0, 0, 6, 24 });
    s.requests.push_back(Request { 10.0, 0, 6, 6, 24 });
    const AccessProfile p = AccessProfile::build(makeReplayInput(s));
    const std::uint64_t tiers[] = { 2, 3, 10 }; // hbm holds distances 0-1, dram 2-4, nvme 5-14
    EXPECT_EQ(hitBlockTiers(p, 1, kInfiniteTtl, tiers), (std::vector<std::uint32_t> { 2, 1, 1, 1, 0, 0 }));
    const TierHits h = tierHits(p, 1, kInfiniteTtl, tiers);
    EXPECT_EQ(h.tokens, (std::vector<std::uint64_t> { 8, 12, 4 }));
    EXPECT_EQ(h.hitTokens, 24u);
    // Without the NVMe tier the first block (distance 5) is gone, and with it the whole prefix.
    const std::uint64_t two[] = { 2, 3 };
    EXPECT_EQ(tierHits(p, 1, kInfiniteTtl, two).hitTokens, 0u);
    // A TTL shorter than the gap: no tier serves anything.
    EXPECT_EQ(tierHits(p, 1, 5.0, tiers).hitTokens, 0u);
}

TEST(MemoryTiers, TiersAgreeWithSingleCapacityReplays)
{
    std::size_t checked = 0;
    for (std::uint64_t seed = 1; seed <= 80; ++seed) {
        const Session s = test::scrambledSession(seed);
        const ReplayInput in = makeReplayInput(s);
        const AccessProfile p = AccessProfile::build(in);
        SplitMix64 rng(seed * 13 + 5);
        for (int round = 0; round < 6; ++round) {
            const std::vector<std::uint64_t> tiers { rng.range(0, 8), rng.range(0, 20), rng.range(0, 60) };
            const double ttl = round % 2 ? kInfiniteTtl : double(rng.range(1, 600));
            std::vector<std::uint64_t> cumulative;
            std::uint64_t sum = 0;
            for (std::uint64_t c : tiers)
                cumulative.push_back(sum += c);
            const ReplayResult whole = replayStepByStep(in, CachePolicy { ttl, sum });
            std::vector<ReplayResult> single;
            for (std::uint64_t c : cumulative)
                single.push_back(replayStepByStep(in, CachePolicy { ttl, c }));
            for (std::size_t j = 0; j < in.requestCount(); ++j) {
                const TierHits h = tierHits(p, j, ttl, tiers);
                ASSERT_EQ(h.hitTokens, whole.hitTokens[j]) << "seed " << seed << " request " << j;
                const auto perBlock = hitBlockTiers(p, j, ttl, tiers);
                ASSERT_EQ(perBlock.size(), whole.hitBlocks[j]);
                // The blocks a single LRU of the first t tiers' capacity hits are exactly the
                // leading blocks held by those tiers.
                for (std::size_t t = 0; t < tiers.size(); ++t) {
                    std::uint32_t leading = 0;
                    while (leading < perBlock.size() && perBlock[leading] <= t)
                        ++leading;
                    ASSERT_EQ(leading, single[t].hitBlocks[j]) << "seed " << seed << " request " << j << " tier " << t;
                }
                ++checked;
            }
        }
    }
    EXPECT_GT(checked, 5000u);
}

TEST(MemoryTiers, SharedTracesSumToOneCache)
{
    const std::uint64_t tiers[] = { 1024, 4096, 16384 };
    for (const auto& path : test::sharedTraceFiles()) {
        auto file = importers::readInputFile(path.string());
        auto parsed = importers::KvCacheTesterImporter().parse(*file);
        ASSERT_TRUE(parsed.ok());
        const ReplayInput in = makeReplayInput(parsed->sessions.at(0));
        const AccessProfile p = AccessProfile::build(in);
        for (double ttl : { 300.0, kInfiniteTtl }) {
            TierHits total(3);
            for (std::size_t j = 0; j < in.requestCount(); ++j)
                total += tierHits(p, j, ttl, tiers);
            EXPECT_EQ(total.hitTokens, replayStepByStep(in, CachePolicy { ttl, 1024 + 4096 + 16384 }).totals.hitTokens)
                << path;
            EXPECT_EQ(total.tokens[0] + total.tokens[1] + total.tokens[2], total.hitTokens);
        }
    }
}
