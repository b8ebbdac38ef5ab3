// SPDX-License-Identifier: Apache-2.0
// Hit-rate and refresh-factor curves against TTL and against capacity, read off AccessProfiles:
// one replay per session, then O(requests x points) per curve.
#pragma once

#include "kv/core/access_profile.h"

#include <cstdint>
#include <span>
#include <vector>

namespace kv::core {

struct CurvePoint
{
    double x = 0; // TTL in seconds, or capacity in tokens
    std::uint64_t inputTokens = 0;
    std::uint64_t hitTokens = 0;
    std::uint64_t prefilledBlocks = 0;
    std::uint64_t uniqueBlocks = 0;
    std::uint64_t peakWorkingSetTokens = 0; // max over sessions' peaks; 0 when not recorded

    double hitRate() const noexcept { return inputTokens ? double(hitTokens) / double(inputTokens) : 0.0; }
    double refreshFactor() const noexcept
    {
        return uniqueBlocks ? double(prefilledBlocks) / double(uniqueBlocks) : 0.0;
    }
};

// `points` values from lo to hi, evenly spaced in log scale, both ends included.
std::vector<double> logGrid(double lo, double hi, int points);

// The default TTL grid: 64 points from 1 s to 24 h, merged with extra points, sorted, unique.
std::vector<double> ttlGrid(std::span<const double> extra = {}, int points = 64);

// Capacity grid in tokens: whole blocks, log spaced from 16 blocks to maxUniqueBlocks, plus extra.
std::vector<double> capacityGrid(
    std::uint64_t maxUniqueBlocks, std::uint32_t blockSize, std::span<const double> extraTokens = {}, int points = 32);

// Curves summed over several profiles (each its own cache). ttls/capacities as from the grids.
// For TTL curves the profiles should record the working set at each ttl to report peaks.
// Capacities are in tokens (kUnlimited for none), turned into whole blocks per profile.
std::vector<CurvePoint> ttlCurve(std::span<const AccessProfile* const> profiles, std::span<const double> ttls,
    std::uint64_t capacityTokens = kUnlimited);
std::vector<CurvePoint> capacityCurve(
    std::span<const AccessProfile* const> profiles, std::span<const double> capacityTokens, double ttl = kInfiniteTtl);

} // namespace kv::core
