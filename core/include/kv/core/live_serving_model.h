// SPDX-License-Identifier: Apache-2.0
// LiveServingModel: the serving model answering requests as they come, for the simulated
// OpenAI-compatible server. A request's prompt blocks meet the tiered KV cache at once; its
// prefill waits for the prefills before it (one FIFO engine) and for loads from lower tiers; its
// tokens then come at the decode step time of the batch it joins. Simpler than the simulator's
// step-by-step engine (no chunked prefill interleaved with decode), but cache hits, queueing and
// batch size shape every answer. Not thread-safe: the server holds a lock around it.
#pragma once

#include "kv/core/serving_config.h"
#include "kv/core/tiered_kv_cache.h"

#include <cstdint>
#include <span>

namespace kv::core {

class LiveServingModel
{
public:
    LiveServingModel(const ServingConfig& config, std::uint32_t blockSize);

    struct Plan
    {
        double firstTokenAt = 0; // seconds on the caller's clock
        double tokenInterval = 0; // seconds between the following tokens
        std::uint64_t cachedTokens = 0; // prompt tokens found in some tier
    };
    // A request arriving at now (seconds, any monotonic clock) with its prompt's block hashes.
    Plan admit(
        std::span<const std::uint64_t> blocks, std::uint64_t promptTokens, std::uint32_t outputTokens, double now);
    // The request admitted with this prompt and output size has finished.
    void finished(std::uint64_t promptTokens, std::uint32_t outputTokens);

private:
    ServingConfig m_config;
    std::uint32_t m_blockSize;
    TieredKvCache m_cache;
    double m_prefillFreeAt = 0;
    std::uint32_t m_active = 0;
    std::uint64_t m_activeContext = 0;
};

} // namespace kv::core
