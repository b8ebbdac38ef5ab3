// SPDX-License-Identifier: Apache-2.0
#include "kv/core/step_replay.h"

#include <algorithm>

namespace kv::core {

namespace {

// Resident blocks in an intrusive doubly linked LRU list over dense ids: head is the most
// recently used. Expired blocks are dropped from the tail, evicted ones too, so the list
// length is the working set.
class LruList
{
public:
    explicit LruList(std::uint32_t n)
        : m_prev(n, kNil)
        , m_next(n, kNil)
        , m_in(n, 0)
    {
    }
    bool contains(std::uint32_t b) const { return m_in[b]; }
    std::uint32_t tail() const { return m_tail; }
    std::uint64_t size() const { return m_size; }
    void pushFront(std::uint32_t b)
    {
        if (m_in[b])
            unlink(b);
        m_prev[b] = kNil;
        m_next[b] = m_head;
        if (m_head != kNil)
            m_prev[m_head] = b;
        m_head = b;
        if (m_tail == kNil)
            m_tail = b;
        m_in[b] = 1;
        ++m_size;
    }
    void unlink(std::uint32_t b)
    {
        const std::uint32_t p = m_prev[b], n = m_next[b];
        (p != kNil ? m_next[p] : m_head) = n;
        (n != kNil ? m_prev[n] : m_tail) = p;
        m_in[b] = 0;
        --m_size;
    }

private:
    static constexpr std::uint32_t kNil = 0xffffffffu;
    std::vector<std::uint32_t> m_prev, m_next;
    std::vector<std::uint8_t> m_in;
    std::uint32_t m_head = kNil, m_tail = kNil;
    std::uint64_t m_size = 0;

public:
    static constexpr std::uint32_t nil() { return kNil; }
};

} // namespace

ReplayResult replayStepByStep(const ReplayInput& input, const CachePolicy& policy)
{
    const std::size_t nReq = input.requestCount();
    ReplayResult out;
    out.policy = policy;
    out.blockSize = input.blockSize;
    out.hitBlocks.resize(nReq);
    out.hitTokens.resize(nReq);
    out.workingSetBlocks.resize(nReq);

    LruList lru(input.uniqueBlocks);
    std::vector<double> lastAccess(input.uniqueBlocks, 0.0);
    std::vector<std::uint8_t> seen(input.uniqueBlocks, 0);
    ReplayTotals& tot = out.totals;

    for (std::size_t j = 0; j < nReq; ++j) {
        const double t = input.time[j];
        // 1. Expire: a block stays resident while t - last_access <= ttl.
        while (lru.tail() != LruList::nil() && t - lastAccess[lru.tail()] > policy.ttl)
            lru.unlink(lru.tail());
        // 2. Hit: the longest resident prefix, judged before this request touches anything.
        const auto blocks = input.blocksOf(j);
        std::uint32_t k = 0;
        while (k < blocks.size() && lru.contains(blocks[k]))
            ++k;
        // 3. Access every block in order, so the last block ends most recently used.
        for (std::uint32_t b : blocks) {
            lru.pushFront(b);
            lastAccess[b] = t;
            if (!seen[b]) {
                seen[b] = 1;
                ++tot.uniqueBlocks;
            }
        }
        // 4. Capacity: evict least recently used blocks.
        while (lru.size() > policy.capacityBlocks)
            lru.unlink(lru.tail());

        const std::uint64_t hitTok = hitTokensFor(k, input.tokensPerBlock[j], input.inputTokens[j]);
        out.hitBlocks[j] = k;
        out.hitTokens[j] = hitTok;
        out.workingSetBlocks[j] = static_cast<std::uint32_t>(lru.size());
        tot.requests += 1;
        tot.inputTokens += input.inputTokens[j];
        tot.hitTokens += hitTok;
        tot.prefilledBlocks += blocks.size() - k;
        tot.peakWorkingSetBlocks = std::max<std::uint64_t>(tot.peakWorkingSetBlocks, lru.size());
    }
    return out;
}

} // namespace kv::core
