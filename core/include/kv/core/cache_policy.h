// SPDX-License-Identifier: Apache-2.0
// A modeled cache: a TTL (seconds, possibly infinite) and a capacity (blocks, possibly unlimited).
#pragma once

#include <cstdint>
#include <limits>
#include <string>

namespace kv::core {

inline constexpr double kInfiniteTtl = std::numeric_limits<double>::infinity();
inline constexpr std::uint64_t kUnlimited = std::numeric_limits<std::uint64_t>::max();

struct CachePolicy
{
    double ttl = kInfiniteTtl; // a block accessed no more than ttl seconds ago is resident
    std::uint64_t capacityBlocks = kUnlimited; // LRU eviction beyond this many blocks

    static CachePolicy fromTokens(double ttlSeconds, std::uint64_t capacityTokens, std::uint32_t blockSize)
    {
        CachePolicy p;
        p.ttl = ttlSeconds;
        p.capacityBlocks = capacityTokens == kUnlimited ? kUnlimited : capacityTokens / blockSize;
        return p;
    }
    bool hasTtl() const noexcept { return ttl != kInfiniteTtl; }
    bool hasCapacity() const noexcept { return capacityBlocks != kUnlimited; }
    std::string describe(std::uint32_t blockSize) const;
};

} // namespace kv::core
