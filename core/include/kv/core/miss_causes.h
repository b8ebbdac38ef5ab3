// SPDX-License-Identifier: Apache-2.0
// Where misses come from (DESIGN.md section 3): every missed block of a request gets exactly one
// cause, cold, expired, evicted or prefix-broken, read off the one-pass profile's run records.
// Token counts add up to the request's missed tokens exactly.
#pragma once

#include "kv/core/access_profile.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace kv::core {

struct SessionAnalysis;

enum class MissCause : std::uint8_t
{
    Cold, // never accessed before: new content
    Expired, // accessed before, longer than the TTL ago
    Evicted, // within the TTL, but pushed out by capacity
    PrefixBroken // still resident, but an earlier block of the request missed
};
inline constexpr std::size_t kMissCauseCount = 4;
const char* missCauseName(MissCause cause); // cold, expired, evicted, prefix_broken

struct MissCauses
{
    std::array<std::uint64_t, kMissCauseCount> tokens {};
    std::array<std::uint64_t, kMissCauseCount> blocks {};

    std::uint64_t tokensOf(MissCause c) const { return tokens[std::size_t(c)]; }
    std::uint64_t totalTokens() const;
    std::uint64_t totalBlocks() const;
    MissCauses& operator+=(const MissCauses& other);
    bool operator==(const MissCauses&) const = default;
};

// Request j's missed blocks and tokens by cause. A block's tokens are the hit tokens it would
// add to the prefix; input tokens beyond the last block count as cold.
MissCauses missCauses(const AccessProfile& profile, std::size_t j, const CachePolicy& policy);
// The cause of each block of request j from its first miss on (index 0 = block hitBlocks).
std::vector<MissCause> missedBlockCauses(const AccessProfile& profile, std::size_t j, const CachePolicy& policy);

// A session's misses in total, with expired tokens split by what the wait was: a person's turn
// (the agent's previous response ended its turn) or a tool loop.
struct MissSummary
{
    std::uint64_t inputTokens = 0;
    std::uint64_t hitTokens = 0;
    MissCauses causes;
    std::uint64_t expiredAfterHumanTurn = 0; // tokens
    std::uint64_t expiredInToolLoop = 0;
    std::vector<MissCauses> perRequest; // replay order
};
MissSummary summarizeMisses(const SessionAnalysis& analysis, const CachePolicy& policy);
// Two or three sentences on where the misses come from, for a person.
std::string describeMisses(const MissSummary& summary, const CachePolicy& policy, std::uint32_t blockSize);

} // namespace kv::core
