// SPDX-License-Identifier: Apache-2.0
// Memory tiers for the KV cache (HBM, DRAM, NVMe...): capacities in bytes turned into tokens
// by a model's KV bytes per token, and each hit attributed to the tier that held it. Tiers are
// exclusive LRU levels that demote on eviction, so together they hold the most recently used
// blocks and a hit's tier is the range of cumulative capacities its stack distance falls in
// (DESIGN.md section 3): all tiers come from the same single replay.
#pragma once

#include "kv/core/access_profile.h"
#include "kv/core/status.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kv::core {

// What one token costs in KV cache. Standard attention keeps a key and a value per KV head per
// layer; MLA keeps one latent vector per layer; sliding-window layers keep only their window, so
// for long contexts they add nothing per token.
struct KvModelSpec
{
    std::string name;
    std::uint32_t layers = 0;
    std::uint32_t kvHeads = 0;
    std::uint32_t headDim = 0;
    double dtypeBytes = 2; // bf16
    std::uint32_t latentDim = 0; // MLA: compressed KV plus the decoupled RoPE key; 0 otherwise
    std::uint32_t slidingLayers = 0;

    double bytesPerToken() const;
};

// Llama 3.1 8B and 70B, Qwen3 32B and 235B-A22B, DeepSeek V3, gpt-oss 120B (from their configs).
std::span<const KvModelSpec> builtinKvModels();
const KvModelSpec* findKvModel(std::span<const KvModelSpec> specs, std::string_view name);

// "80GiB", "1TiB", "512 GB", "4096" (bytes): binary suffixes KiB..TiB, decimal KB..TB.
Expected<std::uint64_t> parseByteSize(std::string_view text);

struct MemoryTier
{
    std::string name;
    std::uint64_t bytes = 0;
};
// "hbm=80GiB,dram=1TiB,nvme=30TiB", fastest first.
Expected<std::vector<MemoryTier>> parseTiers(std::string_view text);

// Each tier's capacity in blocks for a model and block size (whole blocks only).
std::vector<std::uint64_t> tierCapacityBlocks(
    std::span<const MemoryTier> tiers, const KvModelSpec& model, std::uint32_t blockSize);

struct TierHits
{
    std::vector<std::uint64_t> tokens; // per tier, fastest first
    std::vector<std::uint64_t> blocks;
    std::uint64_t inputTokens = 0;
    std::uint64_t hitTokens = 0; // all tiers: the hits of one cache of the summed capacity

    explicit TierHits(std::size_t tiers = 0)
        : tokens(tiers, 0)
        , blocks(tiers, 0)
    {
    }
    TierHits& operator+=(const TierHits& other);
};

// Request j's hits by tier under a TTL and exclusive tiers of the given capacities (blocks).
TierHits tierHits(const AccessProfile& profile, std::size_t j, double ttl, std::span<const std::uint64_t> tierBlocks);
// The tier of each of request j's hit blocks, in order (for tests and the inspector).
std::vector<std::uint32_t> hitBlockTiers(
    const AccessProfile& profile, std::size_t j, double ttl, std::span<const std::uint64_t> tierBlocks);

} // namespace kv::core
