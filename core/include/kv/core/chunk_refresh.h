// SPDX-License-Identifier: Apache-2.0
// Which chunks are prefilled again and again, and why: per block, how many times it was
// prefilled under a policy; the distribution of those counts; the refresh factor per segment
// kind (system prompt, tools, tool results...); and the most refreshed chunks with their kind,
// where they first appeared and the requests that prefilled them again.
#pragma once

#include "kv/core/cache_policy.h"
#include "kv/core/session.h"

#include <array>
#include <cstdint>
#include <map>
#include <vector>

namespace kv::core {

struct SessionAnalysis;

struct ChunkRefresh
{
    struct KindTotals
    {
        std::uint64_t uniqueBlocks = 0;
        std::uint64_t prefilledBlocks = 0;
        double refreshFactor() const { return uniqueBlocks ? double(prefilledBlocks) / double(uniqueBlocks) : 0.0; }
    };
    struct Chunk
    {
        std::uint32_t block = 0; // dense id in the session's replay input
        std::uint32_t prefills = 0;
        SegmentKind kind = SegmentKind::Other;
        std::uint32_t firstRequest = 0; // replay order
        std::uint32_t position = 0; // block index in that request
        std::vector<std::uint32_t> refreshedBy; // requests that prefilled it again (replay order)
    };
    std::uint64_t uniqueBlocks = 0;
    std::uint64_t prefilledBlocks = 0;
    std::map<std::uint32_t, std::uint64_t> histogram; // times prefilled -> number of blocks
    std::array<KindTotals, 10> byKind {}; // indexed by SegmentKind
    std::vector<Chunk> top; // most prefilled first
};

// analysis must be analyzeSession(session) (its segments give each block's kind: the segment
// covering the block's first token where the block first appears).
ChunkRefresh chunkRefresh(
    const Session& session, const SessionAnalysis& analysis, const CachePolicy& policy, std::size_t top = 20);

} // namespace kv::core
