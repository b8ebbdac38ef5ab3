// SPDX-License-Identifier: Apache-2.0
#include "kv/core/access_profile.h"

#include "kv/core/fenwick_tree.h"

#include <algorithm>
#include <bit>

namespace kv::core {

namespace {

constexpr std::uint32_t kNever = 0xffffffffu;

struct LastAccess
{
    std::uint32_t req = kNever; // replay index of the request that last accessed the block
    std::uint32_t pos = 0; // position of the block in that request
};

// One bit per access: set while that access is still its block's most recent one ("live").
// Stack distance of a block = live accesses after its own, counted per request (Fenwick tree
// over requests) plus within its own request (popcount of the bits above its position).
class LiveAccesses
{
public:
    explicit LiveAccesses(const ReplayInput& in)
        : m_wordBegin(in.requestCount() + 1, 0)
        , m_perRequest(in.requestCount())
    {
        for (std::size_t j = 0; j < in.requestCount(); ++j)
            m_wordBegin[j + 1] = m_wordBegin[j] + (in.offset[j + 1] - in.offset[j] + 63) / 64;
        m_bits.assign(m_wordBegin.back(), 0);
    }
    std::uint64_t total() const { return m_total; }
    // Live accesses in requests after r.
    std::uint64_t after(std::uint32_t r) const
    {
        return m_total - static_cast<std::uint64_t>(m_perRequest.prefix(r + 1));
    }
    // Live accesses in requests from r on.
    std::uint64_t from(std::uint32_t r) const { return m_total - static_cast<std::uint64_t>(m_perRequest.prefix(r)); }
    // Live accesses of request r at positions above pos.
    std::uint64_t above(std::uint32_t r, std::uint32_t pos) const
    {
        const std::uint64_t* w = m_bits.data() + m_wordBegin[r];
        const std::uint32_t words = m_wordBegin[r + 1] - m_wordBegin[r];
        std::uint32_t wi = (pos + 1) / 64;
        if (wi >= words)
            return 0;
        std::uint64_t count = std::popcount(w[wi] & (~0ULL << ((pos + 1) % 64)));
        for (++wi; wi < words; ++wi)
            count += std::popcount(w[wi]);
        return count;
    }
    void addRequest(std::uint32_t j, std::uint32_t n)
    {
        std::uint64_t* w = m_bits.data() + m_wordBegin[j];
        for (std::uint32_t i = 0; i < n / 64; ++i)
            w[i] = ~0ULL;
        if (n % 64)
            w[n / 64] = (1ULL << (n % 64)) - 1;
        m_perRequest.add(j, n);
        m_total += n;
    }
    void clear(std::uint32_t r, std::uint32_t pos) { m_bits[m_wordBegin[r] + pos / 64] &= ~(1ULL << (pos % 64)); }
    void subtract(std::uint32_t r, std::uint32_t count)
    {
        m_perRequest.add(r, -std::int64_t(count));
        m_total -= count;
    }

private:
    std::vector<std::uint32_t> m_wordBegin;
    std::vector<std::uint64_t> m_bits;
    FenwickTree m_perRequest;
    std::uint64_t m_total = 0;
};

} // namespace

AccessProfile AccessProfile::build(const ReplayInput& in, std::span<const double> workingSetTtls)
{
    AccessProfile p;
    const std::size_t nReq = in.requestCount();
    p.m_blockSize = in.blockSize;
    p.m_uniqueBlocks = in.uniqueBlocks;
    p.m_inputTokens = in.inputTokens;
    p.m_tokensPerBlock = in.tokensPerBlock;
    p.m_blockCount.resize(nReq);
    p.m_coldPos.resize(nReq);
    p.m_gapBegin.reserve(nReq + 1);
    p.m_distBegin.reserve(nReq + 1);
    p.m_gapBegin.push_back(0);
    p.m_distBegin.push_back(0);
    p.m_runBegin.reserve(nReq + 1);
    p.m_runBegin.push_back(0);
    p.m_wsTtls.assign(workingSetTtls.begin(), workingSetTtls.end());
    p.m_workingSet.resize(p.m_wsTtls.size() * nReq);
    std::vector<std::uint32_t> windowStart(p.m_wsTtls.size(), 0);

    std::vector<LastAccess> last(in.uniqueBlocks);
    LiveAccesses live(in);

    for (std::uint32_t j = 0; j < nReq; ++j) {
        const double t = in.time[j];
        const std::uint32_t* blocks = in.blocks.data() + in.offset[j];
        const std::uint32_t n = in.offset[j + 1] - in.offset[j];
        p.m_blockCount[j] = n;

        // Phase 1: look-ups against the cache as it stood when the request began. Stop at the first
        // cold block: nothing past it can hit. Walk runs of blocks that the same earlier request
        // accessed in the same order: along a run the gap is constant and the stack distance falls by
        // one per block, so only a run's first block can raise either running maximum.
        std::uint32_t cold = n;
        double gapMax = -1.0;
        std::int64_t distMax = -1;
        for (std::uint32_t i = 0; i < n;) {
            const LastAccess first = last[blocks[i]];
            std::uint32_t e = i + 1;
            if (first.req == kNever) {
                // Past the first cold block nothing hits, but every block still gets its record
                // (miss causes, per-chunk prefills); cold blocks make runs of their own.
                cold = std::min(cold, i);
                while (e < n && last[blocks[e]].req == kNever)
                    ++e;
                p.m_runs.push_back({ i, e - i, RunRecord::kCold, kInfiniteTtl });
                i = e;
                continue;
            }
            while (e < n) {
                const LastAccess l = last[blocks[e]];
                if (l.req != first.req || l.pos != first.pos + (e - i))
                    break;
                ++e;
            }
            const double gap = t - in.time[first.req];
            const std::uint64_t dist = live.after(first.req) + live.above(first.req, first.pos);
            p.m_runs.push_back({ i, e - i, static_cast<std::uint32_t>(dist), gap });
            if (cold == n) { // the running maxima matter only up to the first cold block
                if (gap > gapMax) {
                    gapMax = gap;
                    p.m_gaps.push_back({ i, gap });
                }
                if (std::int64_t(dist) > distMax) {
                    distMax = std::int64_t(dist);
                    p.m_dists.push_back({ i, static_cast<std::uint32_t>(dist) });
                }
            }
            i = e;
        }
        p.m_coldPos[j] = cold;
        p.m_runBegin.push_back(static_cast<std::uint32_t>(p.m_runs.size()));
        p.m_gapBegin.push_back(static_cast<std::uint32_t>(p.m_gaps.size()));
        p.m_distBegin.push_back(static_cast<std::uint32_t>(p.m_dists.size()));

        // Phase 2: every block becomes most recently used, in order. Batch the per-request
        // decrements: consecutive blocks usually come from the same earlier request.
        live.addRequest(j, n);
        std::uint32_t batchReq = kNever, batchCount = 0;
        for (std::uint32_t i = 0; i < n; ++i) {
            LastAccess& l = last[blocks[i]];
            if (l.req != kNever) {
                live.clear(l.req, l.pos);
                if (l.req != batchReq) {
                    if (batchCount)
                        live.subtract(batchReq, batchCount);
                    batchReq = l.req;
                    batchCount = 0;
                }
                ++batchCount;
            }
            l = { j, i };
        }
        if (batchCount)
            live.subtract(batchReq, batchCount);

        // Working set: blocks whose last access is within ttl of t, i.e. live accesses in the
        // requests from the first one no older than ttl.
        for (std::size_t k = 0; k < p.m_wsTtls.size(); ++k) {
            std::uint32_t& lo = windowStart[k];
            while (lo < j && t - in.time[lo] > p.m_wsTtls[k])
                ++lo;
            p.m_workingSet[k * nReq + j] = static_cast<std::uint32_t>(live.from(lo));
        }
    }
    return p;
}

std::uint32_t AccessProfile::hitBlocksTtl(std::size_t j, double ttl) const
{
    for (const GapRecord& r : gapRecords(j))
        if (r.gap > ttl)
            return r.pos;
    return m_coldPos[j];
}

std::uint32_t AccessProfile::hitBlocksCapacity(std::size_t j, std::uint64_t capacityBlocks) const
{
    for (const DistanceRecord& r : distanceRecords(j))
        if (r.distance >= capacityBlocks)
            return r.pos;
    return m_coldPos[j];
}

std::uint32_t AccessProfile::hitBlocks(std::size_t j, const CachePolicy& policy) const
{
    return std::min(hitBlocksTtl(j, policy.ttl), hitBlocksCapacity(j, policy.capacityBlocks));
}

bool AccessProfile::hasWorkingSet(double ttl) const
{
    return std::find(m_wsTtls.begin(), m_wsTtls.end(), ttl) != m_wsTtls.end();
}

std::uint32_t AccessProfile::workingSetBlocks(std::size_t j, double ttl, std::uint64_t capacityBlocks) const
{
    const auto it = std::find(m_wsTtls.begin(), m_wsTtls.end(), ttl);
    if (it == m_wsTtls.end())
        return 0;
    const std::uint32_t ws = m_workingSet[std::size_t(it - m_wsTtls.begin()) * requestCount() + j];
    // TTL-resident and capacity-resident blocks are both the most recently used ones: the
    // blocks resident under both are the smaller of the two sets.
    return static_cast<std::uint32_t>(std::min<std::uint64_t>(ws, capacityBlocks));
}

ReplayResult AccessProfile::evaluate(const CachePolicy& policy) const
{
    const std::size_t nReq = requestCount();
    ReplayResult out;
    out.policy = policy;
    out.blockSize = m_blockSize;
    out.hitBlocks.resize(nReq);
    out.hitTokens.resize(nReq);
    out.workingSetBlocks.resize(nReq);
    ReplayTotals& tot = out.totals;
    tot.uniqueBlocks = m_uniqueBlocks;
    const bool ws = hasWorkingSet(policy.ttl);
    for (std::size_t j = 0; j < nReq; ++j) {
        const std::uint32_t k = hitBlocks(j, policy);
        const std::uint64_t hitTok = hitTokensFor(k, m_tokensPerBlock[j], m_inputTokens[j]);
        out.hitBlocks[j] = k;
        out.hitTokens[j] = hitTok;
        tot.requests += 1;
        tot.inputTokens += m_inputTokens[j];
        tot.hitTokens += hitTok;
        tot.prefilledBlocks += m_blockCount[j] - k;
        if (ws) {
            out.workingSetBlocks[j] = workingSetBlocks(j, policy.ttl, policy.capacityBlocks);
            tot.peakWorkingSetBlocks = std::max<std::uint64_t>(tot.peakWorkingSetBlocks, out.workingSetBlocks[j]);
        }
    }
    return out;
}

ReplayResult replayOnePass(const ReplayInput& input, const CachePolicy& policy)
{
    const double ttls[] = { policy.ttl };
    return AccessProfile::build(input, ttls).evaluate(policy);
}

} // namespace kv::core
