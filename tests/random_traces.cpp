// SPDX-License-Identifier: Apache-2.0
#include "random_traces.h"

#include <algorithm>

namespace kv::test {

using namespace kv::core;

// Random block lists from a small pool: runs are broken, orders scrambled, duplicates occur.
Session scrambledSession(std::uint64_t seed)
{
    SplitMix64 rng(seed);
    Session s;
    s.name = "scrambled";
    s.blockSize = 16;
    s.agents.push_back(Agent {});
    Agent sub;
    sub.parent = 0;
    sub.depth = 1;
    sub.key = "agent_001";
    sub.type = "Explore";
    s.agents.push_back(sub);
    const std::uint64_t pool = rng.range(5, 60);
    double t = 0;
    std::vector<std::uint64_t> prev;
    for (int j = 0, n = int(rng.range(5, 60)); j < n; ++j) {
        t += double(rng.range(0, 3) == 0 ? 0 : rng.range(1, 400));
        Request r;
        r.agent = rng.chance(0.2) ? 1 : 0;
        r.time = t;
        r.blockBegin = std::uint32_t(s.blocks.size());
        std::vector<std::uint64_t> list;
        if (!prev.empty() && rng.chance(0.5))
            list.assign(prev.begin(), prev.begin() + std::ptrdiff_t(rng.range(0, prev.size())));
        for (std::uint64_t k = 0, m = rng.range(0, 25); k < m; ++k)
            list.push_back(rng.range(1, pool));
        if (rng.chance(0.2))
            std::reverse(list.begin(), list.end());
        s.blocks.insert(s.blocks.end(), list.begin(), list.end());
        r.blockCount = std::uint32_t(list.size());
        r.inputTokens = list.size() * 16 + rng.range(0, 20)
            - (rng.chance(0.1) ? std::min<std::uint64_t>(list.size() * 16, 40) : 0);
        s.requests.push_back(r);
        prev = list;
    }
    return s;
}

std::vector<CachePolicy> policiesFor(const ReplayInput& in, SplitMix64& rng)
{
    std::vector<double> ttls { kInfiniteTtl, 0, 1, 60, 300 };
    // TTLs equal to real gaps, so "gap == ttl counts as a hit" is exercised.
    for (int i = 0; i < 4 && in.requestCount() > 1; ++i) {
        const std::size_t j = rng.range(1, in.requestCount() - 1);
        const std::size_t k = rng.range(0, j - 1);
        ttls.push_back(in.time[j] - in.time[k]);
    }
    std::vector<std::uint64_t> caps { kUnlimited, 0, 1, 3 };
    std::uint32_t maxReq = 0;
    for (std::size_t j = 0; j < in.requestCount(); ++j)
        maxReq = std::max<std::uint32_t>(maxReq, std::uint32_t(in.blocksOf(j).size()));
    caps.push_back(maxReq > 1 ? maxReq - 1 : 1); // smaller than one request
    caps.push_back(maxReq);
    caps.push_back(rng.range(1, std::max<std::uint64_t>(2, in.uniqueBlocks)));
    std::vector<CachePolicy> out;
    for (double t : ttls)
        for (std::uint64_t c : caps)
            out.push_back({ t, c });
    return out;
}

} // namespace kv::test
