// SPDX-License-Identifier: Apache-2.0
// Block list encoding: exact round trips, including shrinking prompts, huge hashes and empties.
#include "kv/core/block_codec.h"
#include "kv/core/synthetic_session.h"

#include <gtest/gtest.h>

using namespace kv::core;

namespace {
std::vector<std::vector<std::uint64_t>> roundTrip(const std::vector<std::vector<std::uint64_t>>& lists)
{
    std::vector<std::span<const std::uint64_t>> spans(lists.begin(), lists.end());
    const EncodedBlocks e = encodeBlockLists(spans);
    std::vector<std::uint64_t> flat;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> ranges;
    const Status s = decodeBlockLists(e, lists.size(), flat, ranges);
    EXPECT_TRUE(s.ok()) << s.message();
    std::vector<std::vector<std::uint64_t>> out;
    for (auto [b, n] : ranges)
        out.emplace_back(flat.begin() + b, flat.begin() + b + n);
    return out;
}
} // namespace

TEST(BlockCodec, RoundTripsGrowingShrinkingAndEmptyLists)
{
    const std::vector<std::vector<std::uint64_t>> lists {
        { 1, 2, 3, 4 },
        { 1, 2, 3, 4, 5, 6 },
        {},
        { 1, 2 },
        { 1, 2, 9, 8, 7 },
        { ~0ULL, 0, ~0ULL - 5, 42 },
        { ~0ULL },
    };
    EXPECT_EQ(roundTrip(lists), lists);
}

TEST(BlockCodec, RoundTripsRandomLists)
{
    SplitMix64 rng(7);
    std::vector<std::vector<std::uint64_t>> lists;
    std::vector<std::uint64_t> cur;
    for (int i = 0; i < 300; ++i) {
        if (rng.chance(0.2))
            cur.resize(rng.range(0, cur.size()));
        for (std::uint64_t k = 0, n = rng.range(0, 50); k < n; ++k)
            cur.push_back(rng.chance(0.5) ? rng.next() : rng.range(0, 1000));
        lists.push_back(cur);
    }
    EXPECT_EQ(roundTrip(lists), lists);
}

TEST(BlockCodec, SharedPrefixesCompressWell)
{
    std::vector<std::vector<std::uint64_t>> lists;
    std::vector<std::uint64_t> cur;
    for (int i = 0; i < 200; ++i) {
        for (int k = 0; k < 20; ++k)
            cur.push_back(cur.size() + 1);
        lists.push_back(cur);
    }
    std::vector<std::span<const std::uint64_t>> spans(lists.begin(), lists.end());
    const EncodedBlocks e = encodeBlockLists(spans);
    std::size_t total = 0;
    for (const auto& l : lists)
        total += l.size();
    // 402,000 hashes (3.2 MB as u64) must shrink to far less than a byte each.
    EXPECT_LT(e.data.size(), total / 20);
}

TEST(BlockCodec, RejectsCorruptData)
{
    const std::vector<std::uint64_t> l { 1, 2, 3 };
    std::vector<std::span<const std::uint64_t>> spans { l };
    EncodedBlocks e = encodeBlockLists(spans);
    std::vector<std::uint64_t> flat;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> ranges;
    EXPECT_FALSE(decodeBlockLists(e, 2, flat, ranges).ok()); // more lists than stored
    e.data.resize(e.data.size() / 2);
    EXPECT_FALSE(decodeBlockLists(e, 1, flat, ranges).ok());
}
