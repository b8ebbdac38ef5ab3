// SPDX-License-Identifier: Apache-2.0
#include "kv/core/session_analysis.h"

#include "kv/core/replay_input.h"

namespace kv::core {

SessionAnalysis analyzeSession(const Session& session, std::uint64_t capacityTokens)
{
    SessionAnalysis a;
    a.name = session.name;
    a.source = session.source;
    a.blockSize = session.blockSize;
    a.agents = session.agents.size();
    for (const Request& r : session.requests)
        a.outputTokens += r.outputTokens;
    const ReplayInput input = makeReplayInput(session);
    const std::vector<double> grid = ttlGrid(kStandardTtls);
    auto shared = std::make_shared<AccessProfile>(AccessProfile::build(input, grid));
    const AccessProfile& profile = *shared;
    a.profile = shared;
    a.gaps = requestGaps(session);
    a.ttlGrid = grid;
    a.capacityGrid = capacityGrid(input.uniqueBlocks, session.blockSize);
    for (std::size_t j = 0; j < input.requestCount(); ++j)
        a.requestOutputTokens.push_back(session.requests[input.sourceRequest[j]].outputTokens);
    for (std::size_t i = 0; i < kStandardTtls.size(); ++i)
        a.atStandardTtl[i]
            = profile.evaluate(CachePolicy::fromTokens(kStandardTtls[i], capacityTokens, session.blockSize)).totals;
    const AccessProfile* one[] = { &profile };
    a.ttlCurve = ttlCurve(one, grid, capacityTokens);
    const std::uint64_t capBlocks = CachePolicy::fromTokens(0, capacityTokens, session.blockSize).capacityBlocks;
    const double t0 = input.time.empty() ? 0.0 : input.time.front();
    for (std::size_t j = 0; j < input.requestCount(); ++j) {
        a.requestTimes.push_back(input.time[j] - t0);
        a.workingSet5mTokens.push_back(
            std::uint64_t(profile.workingSetBlocks(j, 300.0, capBlocks)) * session.blockSize);
        a.workingSetInfTokens.push_back(
            std::uint64_t(profile.workingSetBlocks(j, kInfiniteTtl, capBlocks)) * session.blockSize);
    }
    return a;
}

std::vector<TokenColumn> tokenColumns(const SessionAnalysis& a, const CachePolicy& policy)
{
    std::vector<TokenColumn> out;
    if (!a.profile)
        return out;
    const AccessProfile& p = *a.profile;
    out.resize(p.requestCount());
    for (std::size_t j = 0; j < p.requestCount(); ++j) {
        const std::uint32_t k = p.hitBlocks(j, policy);
        TokenColumn& c = out[j];
        c.hit = p.hitTokens(j, k);
        // Blocks up to the first never-seen one were cacheable: a bigger or longer-lived cache hits them.
        const std::uint64_t cacheableEnd = p.hitTokens(j, std::max(k, p.coldPos(j)));
        c.missedCacheable = cacheableEnd - c.hit;
        c.fresh = p.inputTokens(j) - cacheableEnd;
        c.output = j < a.requestOutputTokens.size() ? a.requestOutputTokens[j] : 0;
    }
    return out;
}

} // namespace kv::core
