// SPDX-License-Identifier: Apache-2.0
#include "kv/core/provider_gap.h"

#include "kv/core/access_profile.h"
#include "kv/core/session_analysis.h"

namespace kv::core {

ProviderGap providerGap(const SessionAnalysis& a, const CachePolicy& policy)
{
    ProviderGap g;
    if (!a.profile)
        return g;
    const AccessProfile& p = *a.profile;
    for (std::size_t j = 0; j < p.requestCount(); ++j) {
        if (j >= a.reportedUsage.size() || !a.reportedUsage[j])
            continue;
        ProviderGap::Request r;
        r.request = std::uint32_t(j);
        r.inputTokens = p.inputTokens(j);
        r.modeledHitTokens = p.hitTokens(j, p.hitBlocks(j, policy));
        r.reportedCacheRead = std::min(a.reportedCacheRead[j], r.inputTokens);
        g.inputTokens += r.inputTokens;
        g.modeledHitTokens += r.modeledHitTokens;
        g.reportedCacheRead += r.reportedCacheRead;
        g.providerMissedTokens += r.providerMissed();
        g.providerMissedRequests += r.providerMissed() > 0;
        g.requests.push_back(r);
    }
    return g;
}

} // namespace kv::core
