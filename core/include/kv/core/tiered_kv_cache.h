// SPDX-License-Identifier: Apache-2.0
// The serving simulator's KV cache: HBM and the tiers below it as exclusive LRU levels of blocks.
// A request finds its longest cached prefix wherever it lies; blocks found below HBM are loaded
// at their tier's read bandwidth and move up; blocks pushed out of a tier are written to the next
// at its write bandwidth, dropped when that tier's write queue is too long, and gone when there
// is no tier below. Flat arrays and one hash map: no per-block heap objects.
#pragma once

#include "kv/core/serving_config.h"

#include <cstdint>
#include <span>
#include <unordered_map>
#include <vector>

namespace kv::core {

class TieredKvCache
{
public:
    // blockBytes: KV bytes of one block (block tokens x KV bytes per token).
    TieredKvCache(const ServingConfig& config, double blockBytes);

    std::size_t tierCount() const { return m_tiers.size(); } // HBM is tier 0
    std::uint64_t capacityBlocks(std::size_t tier) const { return m_tiers[tier].capacity; }
    std::uint64_t residentBlocks(std::size_t tier) const { return m_tiers[tier].count; }

    struct Admission
    {
        std::uint32_t prefixBlocks = 0; // leading blocks found in some tier
        std::vector<std::uint32_t> blocksByTier; // of those, per tier (HBM first)
        double loadsDone = 0; // when the blocks found below HBM are in HBM (now when none)
    };
    // A request's blocks at time now: the cached prefix is used (and moves to HBM, loading from
    // lower tiers), every block becomes the most recently used in HBM (the rest are computed).
    Admission admit(std::span<const std::uint64_t> blocks, double now);

    // Totals since construction.
    // Lost because the next tier could not take them in time (its write queue was too long).
    std::uint64_t droppedBlocks() const { return m_dropped; }
    // Pushed out of the lowest tier (or out of HBM when there is none): the cache was full.
    std::uint64_t evictedBlocks() const { return m_evicted; }
    double bytesRead(std::size_t tier) const { return m_tiers[tier].bytesRead; }
    double bytesWritten(std::size_t tier) const { return m_tiers[tier].bytesWritten; }

private:
    static constexpr std::uint32_t kNone = 0xffffffffu;
    struct Slot
    {
        std::uint64_t hash;
        std::uint32_t prev, next; // in its tier's LRU list (head = most recent)
        std::uint32_t tier;
    };
    struct Tier
    {
        std::uint64_t capacity = 0;
        std::uint64_t count = 0;
        std::uint32_t head = kNone, tail = kNone;
        double readBps = 0, writeBps = 0, latency = 0;
        double readBusyUntil = 0, writeBusyUntil = 0;
        double bytesRead = 0, bytesWritten = 0;
    };
    void unlink(std::uint32_t slot);
    void pushFront(std::uint32_t slot, std::uint32_t tier);
    // Makes room in a tier for one more block, demoting (or dropping) its least recently used.
    void makeRoom(std::uint32_t tier, double now);
    void release(std::uint32_t slot);

    std::vector<Tier> m_tiers;
    std::vector<Slot> m_slots;
    std::vector<std::uint32_t> m_free;
    std::unordered_map<std::uint64_t, std::uint32_t> m_index; // block hash -> slot
    double m_blockBytes;
    double m_maxBacklog;
    std::uint64_t m_dropped = 0;
    std::uint64_t m_evicted = 0;
};

} // namespace kv::core
