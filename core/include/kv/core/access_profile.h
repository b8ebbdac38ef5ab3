// SPDX-License-Identifier: Apache-2.0
// The one-pass replay. Every request accesses all its blocks whatever the policy, so a block's
// gap since its last access and its LRU stack distance (distinct blocks used more recently, as the
// cache stood when the request began) do not depend on TTL or capacity. One pass records, per
// request, the running maxima of both along the block list; any (TTL, capacity) hit prefix then
// follows in O(records), and whole curves in O(requests x points).
//
// Cost: O(blocks + runs x (log requests + request size / 64)), where a run is a stretch of blocks
// that an earlier request accessed in the same order. Memory: 8 bytes per distinct block plus one
// bit per access. Not thread-safe while building; immutable afterwards.
#pragma once

#include "kv/core/replay_input.h"
#include "kv/core/replay_result.h"

#include <cstdint>
#include <span>
#include <vector>

namespace kv::core {

struct GapRecord
{
    std::uint32_t pos; // first block at which the running maximum of the gap rises
    double gap; // seconds since that block's previous access
};

struct DistanceRecord
{
    std::uint32_t pos;
    std::uint32_t distance; // LRU stack distance at the start of the request
};

// A stretch of a request's blocks that one earlier request accessed in the same order (or that
// were never accessed: cold). Along a run the gap is constant and the stack distance falls by one
// per block, so a run describes every block in it.
struct RunRecord
{
    static constexpr std::uint32_t kCold = 0xffffffffu;
    std::uint32_t pos; // first block of the run in the request
    std::uint32_t length;
    std::uint32_t distance; // stack distance of the run's first block; kCold when never accessed
    double gap; // seconds since the run's previous access (infinity when cold)
    bool cold() const noexcept { return distance == kCold; }
};

class AccessProfile
{
public:
    // workingSetTtls: TTLs for which the working set after every request is recorded (may hold inf).
    static AccessProfile build(const ReplayInput& input, std::span<const double> workingSetTtls = {});

    std::size_t requestCount() const noexcept { return m_blockCount.size(); }
    std::uint32_t blockSize() const noexcept { return m_blockSize; }
    std::uint32_t uniqueBlocks() const noexcept { return m_uniqueBlocks; }
    std::uint32_t blockCount(std::size_t j) const { return m_blockCount[j]; }
    std::uint64_t inputTokens(std::size_t j) const { return m_inputTokens[j]; }
    std::uint64_t hitTokens(std::size_t j, std::uint32_t hitBlocks) const
    {
        return hitTokensFor(hitBlocks, m_tokensPerBlock[j], m_inputTokens[j]);
    }
    // First block of request j never accessed before (blockCount when none): no policy hits past it.
    std::uint32_t coldPos(std::size_t j) const { return m_coldPos[j]; }

    // Length of the resident prefix of request j under a policy.
    std::uint32_t hitBlocks(std::size_t j, const CachePolicy& policy) const;
    std::uint32_t hitBlocksTtl(std::size_t j, double ttl) const;
    std::uint32_t hitBlocksCapacity(std::size_t j, std::uint64_t capacityBlocks) const;

    // Working set (blocks) after request j under one of the recorded TTLs, capped by a capacity.
    bool hasWorkingSet(double ttl) const;
    std::uint32_t workingSetBlocks(std::size_t j, double ttl, std::uint64_t capacityBlocks = kUnlimited) const;
    const std::vector<double>& workingSetTtls() const noexcept { return m_wsTtls; }

    // The full replay result under one policy; peak working set is 0 unless policy.ttl was recorded.
    ReplayResult evaluate(const CachePolicy& policy) const;

    std::span<const GapRecord> gapRecords(std::size_t j) const
    {
        return { m_gaps.data() + m_gapBegin[j], m_gapBegin[j + 1] - m_gapBegin[j] };
    }
    std::span<const DistanceRecord> distanceRecords(std::size_t j) const
    {
        return { m_dists.data() + m_distBegin[j], m_distBegin[j + 1] - m_distBegin[j] };
    }
    // Every block of request j, as runs in block order (misses past the first cold block too).
    std::span<const RunRecord> runs(std::size_t j) const
    {
        return { m_runs.data() + m_runBegin[j], m_runBegin[j + 1] - m_runBegin[j] };
    }

private:
    std::uint32_t m_blockSize = 64;
    std::uint32_t m_uniqueBlocks = 0;
    std::vector<std::uint32_t> m_blockCount;
    std::vector<std::uint64_t> m_inputTokens;
    std::vector<double> m_tokensPerBlock;
    std::vector<std::uint32_t> m_coldPos;
    std::vector<std::uint32_t> m_gapBegin; // size requests+1
    std::vector<GapRecord> m_gaps;
    std::vector<std::uint32_t> m_distBegin;
    std::vector<DistanceRecord> m_dists;
    std::vector<std::uint32_t> m_runBegin;
    std::vector<RunRecord> m_runs;
    std::vector<double> m_wsTtls;
    std::vector<std::uint32_t> m_workingSet; // [ttl index * requests + j]
};

// Convenience: the one-pass path for a single policy, with its working set recorded.
ReplayResult replayOnePass(const ReplayInput& input, const CachePolicy& policy);

} // namespace kv::core
