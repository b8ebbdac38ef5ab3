// SPDX-License-Identifier: Apache-2.0
// What a replay under one policy yields: per-request hits and working set, and session totals.
// Immutable once built; safe to share between threads as shared_ptr<const ReplayResult>.
#pragma once

#include "kv/core/cache_policy.h"

#include <cstdint>
#include <vector>

namespace kv::core {

struct ReplayTotals
{
    std::uint64_t requests = 0;
    std::uint64_t inputTokens = 0;
    std::uint64_t hitTokens = 0;
    std::uint64_t prefilledBlocks = 0; // blocks that missed (recomputed), all requests
    std::uint64_t uniqueBlocks = 0; // distinct blocks seen
    std::uint64_t peakWorkingSetBlocks = 0;

    double hitRate() const noexcept { return inputTokens ? double(hitTokens) / double(inputTokens) : 0.0; }
    double refreshFactor() const noexcept
    {
        return uniqueBlocks ? double(prefilledBlocks) / double(uniqueBlocks) : 0.0;
    }
    bool operator==(const ReplayTotals&) const = default;
};

struct ReplayResult
{
    CachePolicy policy;
    std::uint32_t blockSize = 64;
    ReplayTotals totals;
    std::vector<std::uint32_t> hitBlocks; // per request in replay order: length of the resident prefix
    std::vector<std::uint64_t> hitTokens; // per request: min(hitBlocks * blockSize, input tokens)
    std::vector<std::uint32_t> workingSetBlocks; // per request: resident blocks just after its accesses

    std::uint64_t peakWorkingSetTokens() const noexcept { return totals.peakWorkingSetBlocks * blockSize; }
};

} // namespace kv::core
