// SPDX-License-Identifier: Apache-2.0
// What the serving simulator models (DESIGN.md section 4): one serving instance (a model on a
// group of GPUs with tensor parallelism) with its KV cache in HBM after the weights, and any
// number of lower KV tiers (host DRAM, local NVMe, a shared file system), each with a capacity,
// read and write bandwidth and a latency; prefill and decode costs as functions of tokens, context
// and batch. Defaults describe Llama 3.1 70B in bf16 on 8 x H100 SXM (TP8); the README cites the
// published figures they come from. Every field can be overridden in a JSON config.
#pragma once

#include "kv/core/status.h"

#include <cstdint>
#include <string>
#include <vector>

namespace kv::core {

struct KvTierSpec
{
    std::string name;
    double capacityBytes = 0;
    double readBytesPerSecond = 0; // back to the GPUs
    double writeBytesPerSecond = 0; // from the GPUs, for blocks evicted from the tier above
    double latencySeconds = 0; // per load, before the bytes flow
};

// Costs of the model on the whole instance (all its GPUs together).
struct ServingModelCost
{
    std::string name = "llama-3.1-70b";
    double kvBytesPerToken = 327680; // 80 layers x 8 KV heads x 128 x (K, V) x 2 bytes
    // Prefill: tokens per second at short context; attention makes each token dearer as the
    // context grows, doubling its cost at attentionContext tokens.
    double prefillTokensPerSecond = 28000;
    double attentionContext = 64000;
    // Decode: one step reads the weights (base), some work per sequence, and every sequence's
    // KV (per context token); the whole batch moves one token per step.
    double decodeStepSeconds = 0.0055;
    double decodeSecondsPerSequence = 0.00005;
    double decodeSecondsPerContextToken = 1.25e-8;
};

struct ServingConfig
{
    std::string name = "default";
    ServingModelCost model;
    std::uint32_t gpus = 8; // for reports; the costs above are for the whole instance
    double hbmKvBytes = 400e9; // HBM left for KV after weights and activations
    std::vector<KvTierSpec> tiers; // below HBM, fastest first; exclusive LRU, demoting on eviction
    bool overlapLoads = true; // loads from lower tiers overlap other requests' compute
    // Evicted blocks queue for the next tier's write bandwidth; a block that would wait longer
    // than this is dropped, as real offload engines drop what they cannot write in time.
    double maxWriteBacklogSeconds = 0.5;
    std::uint32_t maxBatch = 256; // sequences in the running batch
    std::uint32_t prefillChunkTokens = 8192; // prefill tokens per engine step (chunked prefill)
    // Disaggregated prefill and decode: this share of the instance's GPUs (and of its HBM, which
    // keeps the prefix cache) prefills, the rest decodes (and holds the running sequences); each
    // prompt's KV moves to the decode pool at kvTransferBytesPerSecond before its second token.
    // 0: aggregated, every GPU does both. Modelled in lockstep: a step takes as long as the slower
    // pool's share of it.
    double prefillPoolShare = 0;
    double kvTransferBytesPerSecond = 0;

    // Checks ranges; the message names the field.
    Status validate() const;
};

} // namespace kv::core
