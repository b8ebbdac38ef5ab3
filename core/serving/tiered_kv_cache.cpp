// SPDX-License-Identifier: Apache-2.0
#include "kv/core/tiered_kv_cache.h"

#include <algorithm>
#include <cmath>

namespace kv::core {

TieredKvCache::TieredKvCache(const ServingConfig& config, double blockBytes)
    : m_blockBytes(blockBytes)
    , m_maxBacklog(config.maxWriteBacklogSeconds)
{
    const auto blocks = [&](double bytes) {
        return std::isinf(bytes) ? ~std::uint64_t(0) : std::uint64_t(std::max(0.0, bytes) / blockBytes);
    };
    Tier hbm; // disaggregated: the prefill pool's share of HBM keeps the prefixes
    hbm.capacity = blocks(config.hbmKvBytes * (config.prefillPoolShare > 0 ? config.prefillPoolShare : 1.0));
    m_tiers.push_back(hbm);
    for (const KvTierSpec& spec : config.tiers) {
        Tier t;
        t.capacity = blocks(spec.capacityBytes);
        t.readBps = spec.readBytesPerSecond;
        t.writeBps = spec.writeBytesPerSecond;
        t.latency = spec.latencySeconds;
        m_tiers.push_back(t);
    }
}

void TieredKvCache::unlink(std::uint32_t s)
{
    Slot& slot = m_slots[s];
    Tier& t = m_tiers[slot.tier];
    (slot.prev == kNone ? t.head : m_slots[slot.prev].next) = slot.next;
    (slot.next == kNone ? t.tail : m_slots[slot.next].prev) = slot.prev;
    --t.count;
}

void TieredKvCache::pushFront(std::uint32_t s, std::uint32_t tier)
{
    Slot& slot = m_slots[s];
    Tier& t = m_tiers[tier];
    slot.tier = tier;
    slot.prev = kNone;
    slot.next = t.head;
    (t.head == kNone ? t.tail : m_slots[t.head].prev) = s;
    t.head = s;
    ++t.count;
}

void TieredKvCache::release(std::uint32_t s)
{
    m_index.erase(m_slots[s].hash);
    m_free.push_back(s);
}

void TieredKvCache::makeRoom(std::uint32_t tier, double now)
{
    // Demotions cascade: the block leaving tier t needs room in tier t+1 first.
    while (m_tiers[tier].count >= m_tiers[tier].capacity && m_tiers[tier].tail != kNone) {
        const std::uint32_t victim = m_tiers[tier].tail;
        unlink(victim);
        const std::uint32_t below = tier + 1;
        if (below >= m_tiers.size() || m_tiers[below].capacity == 0) {
            ++m_evicted;
            release(victim);
            continue;
        }
        Tier& next = m_tiers[below];
        const double start = std::max(now, next.writeBusyUntil);
        if (start - now > m_maxBacklog || next.writeBps <= 0) { // cannot be written in time
            ++m_dropped;
            release(victim);
            continue;
        }
        next.writeBusyUntil = start + m_blockBytes / next.writeBps;
        next.bytesWritten += m_blockBytes;
        makeRoom(below, now);
        pushFront(victim, below);
    }
}

TieredKvCache::Admission TieredKvCache::admit(std::span<const std::uint64_t> blocks, double now)
{
    Admission a;
    a.blocksByTier.assign(m_tiers.size(), 0);
    a.loadsDone = now;
    // The prefix: leading blocks resident in any tier.
    for (std::uint64_t h : blocks) {
        const auto it = m_index.find(h);
        if (it == m_index.end())
            break;
        ++a.prefixBlocks;
        ++a.blocksByTier[m_slots[it->second].tier];
    }
    // Loads from each lower tier share its read channel with earlier loads.
    for (std::size_t t = 1; t < m_tiers.size(); ++t) {
        if (a.blocksByTier[t] == 0)
            continue;
        Tier& tier = m_tiers[t];
        const double bytes = double(a.blocksByTier[t]) * m_blockBytes;
        const double start = std::max(now, tier.readBusyUntil);
        tier.readBusyUntil = start + bytes / tier.readBps;
        tier.bytesRead += bytes;
        a.loadsDone = std::max(a.loadsDone, tier.readBusyUntil + tier.latency);
    }
    // Every block of the request becomes the most recent in HBM, in prompt order as the replay
    // engine accesses them. Blocks past the prefix that sit in some tier are computed again (the
    // prefix rule) and simply move up. Looked up again: making room may have moved or dropped some.
    for (const std::uint64_t h : blocks) {
        std::uint32_t s = kNone;
        if (const auto it = m_index.find(h); it != m_index.end()) {
            s = it->second;
            if (m_slots[s].tier == 0) {
                unlink(s);
                pushFront(s, 0);
                continue;
            }
            unlink(s);
        } else {
            if (m_free.empty()) {
                m_free.push_back(std::uint32_t(m_slots.size()));
                m_slots.push_back({});
            }
            s = m_free.back();
            m_free.pop_back();
            m_slots[s].hash = h;
            m_index.emplace(h, s);
        }
        if (m_tiers[0].capacity == 0) { // no HBM at all: nothing stays
            ++m_evicted;
            release(s);
            continue;
        }
        makeRoom(0, now);
        pushFront(s, 0);
    }
    return a;
}

} // namespace kv::core
