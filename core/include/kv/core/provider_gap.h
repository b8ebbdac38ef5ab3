// SPDX-License-Identifier: Apache-2.0
// The provider gap, for agent logs with the provider's usage: what the modeled cache would have
// served against the cache reads the provider reported, per request and in total, and the
// requests where the provider charged in full for tokens the model says were cached.
#pragma once

#include "kv/core/cache_policy.h"

#include <cstdint>
#include <vector>

namespace kv::core {

struct SessionAnalysis;

struct ProviderGap
{
    struct Request
    {
        std::uint32_t request = 0; // replay order
        std::uint64_t inputTokens = 0;
        std::uint64_t modeledHitTokens = 0;
        std::uint64_t reportedCacheRead = 0;
        // Tokens the model serves from cache that the provider did not: charged in full or as writes.
        std::uint64_t providerMissed() const
        {
            return modeledHitTokens > reportedCacheRead ? modeledHitTokens - reportedCacheRead : 0;
        }
    };
    std::vector<Request> requests; // the requests with usage, in replay order
    std::uint64_t inputTokens = 0;
    std::uint64_t modeledHitTokens = 0;
    std::uint64_t reportedCacheRead = 0;
    std::uint64_t providerMissedTokens = 0;
    std::uint32_t providerMissedRequests = 0;
};

ProviderGap providerGap(const SessionAnalysis& analysis, const CachePolicy& policy);

} // namespace kv::core
