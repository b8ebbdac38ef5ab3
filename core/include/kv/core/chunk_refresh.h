// SPDX-License-Identifier: Apache-2.0
// Which chunks are prefilled again and again, and why: per block, how many times it was
// prefilled under a policy; the distribution of those counts; the refresh factor per segment
// kind (system prompt, tools, tool results...); and the most refreshed chunks with their kind,
// where they first appeared and the requests that prefilled them again.
#pragma once

#include "kv/core/cache_policy.h"
#include "kv/core/session.h" // SegmentKind

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace kv::core {

struct SessionAnalysis;
struct MissCauses;

struct ChunkRefresh
{
    struct KindTotals
    {
        std::uint64_t uniqueBlocks = 0;
        std::uint64_t prefilledBlocks = 0;
        double refreshFactor() const { return uniqueBlocks ? double(prefilledBlocks) / double(uniqueBlocks) : 0.0; }
    };
    // A chunk: a run of blocks that first appeared together (consecutive in one request, of one
    // kind) and were prefilled by the same requests: a tool result, a system prompt, a stretch
    // of conversation, as the cache saw it.
    struct Chunk
    {
        std::uint32_t block = 0; // first block's dense id in the session's replay input
        std::uint32_t blocks = 1; // length of the run
        std::uint32_t prefills = 0; // per block of the run
        SegmentKind kind = SegmentKind::Other;
        std::uint32_t firstRequest = 0; // replay order
        std::uint32_t position = 0; // index of the first block in that request
        std::vector<std::uint32_t> refreshedBy; // requests that prefilled it again (replay order)
    };
    std::uint64_t uniqueBlocks = 0;
    std::uint64_t prefilledBlocks = 0;
    std::map<std::uint32_t, std::uint64_t> histogram; // times prefilled -> number of blocks
    std::array<KindTotals, 10> byKind {}; // indexed by SegmentKind
    std::vector<Chunk> top; // most prefilled first; of those, the longest first
};

// From an analyzeSession() result: its replay input gives the blocks, its segments each block's
// kind (the segment covering the block's first token where the block first appears).
ChunkRefresh chunkRefresh(const SessionAnalysis& analysis, const CachePolicy& policy, std::size_t top = 20);

// Three or four sentences for a person: how many chunks were prefilled how often, which kinds of
// content the re-prefills were, why they were needed (causes: the same policy's miss causes, or
// null) and the most refreshed chunk.
std::string describeChunkRefresh(const ChunkRefresh& refresh, const MissCauses* causes, std::uint32_t blockSize);

} // namespace kv::core
