// SPDX-License-Identifier: Apache-2.0
#include "kv/core/serving_config.h"

#include "kv/core/serving_simulator.h"

#include <cmath>

namespace kv::core {

namespace {
bool positive(double v)
{
    return v > 0 && !std::isnan(v);
}
bool nonNegative(double v)
{
    return v >= 0 && !std::isnan(v);
}
} // namespace

Status ServingConfig::validate() const
{
    const ServingModelCost& m = model;
    if (!positive(m.kvBytesPerToken))
        return Status::error("model.kv_bytes_per_token must be positive");
    if (!positive(m.prefillTokensPerSecond))
        return Status::error("model.prefill_tokens_per_second must be positive");
    if (!positive(m.attentionContext))
        return Status::error("model.attention_context must be positive");
    if (!nonNegative(m.decodeStepSeconds) || !nonNegative(m.decodeSecondsPerSequence)
        || !nonNegative(m.decodeSecondsPerContextToken)
        || !positive(m.decodeStepSeconds + m.decodeSecondsPerSequence + m.decodeSecondsPerContextToken))
        return Status::error("model.decode_* must be non-negative and not all zero");
    if (!nonNegative(hbmKvBytes))
        return Status::error("hbm_kv_bytes must not be negative");
    if (tiers.size() + 1 > kMaxServingTiers)
        return Status::error("at most " + std::to_string(kMaxServingTiers - 1) + " tiers below HBM");
    for (std::size_t i = 0; i < tiers.size(); ++i) {
        const KvTierSpec& t = tiers[i];
        const std::string where = "tiers[" + std::to_string(i) + "] (" + t.name + ")";
        if (t.name.empty())
            return Status::error("tiers[" + std::to_string(i) + "] needs a name");
        if (!nonNegative(t.capacityBytes))
            return Status::error(where + ": capacity must not be negative");
        if (!positive(t.readBytesPerSecond) || !positive(t.writeBytesPerSecond))
            return Status::error(where + ": read and write bandwidth must be positive");
        if (!nonNegative(t.latencySeconds))
            return Status::error(where + ": latency must not be negative");
    }
    if (!nonNegative(maxWriteBacklogSeconds))
        return Status::error("max_write_backlog_seconds must not be negative");
    if (!(prefillPoolShare >= 0 && prefillPoolShare < 1))
        return Status::error("disaggregated.prefill_share must be from 0 (aggregated) to below 1");
    if (prefillPoolShare > 0 && !positive(kvTransferBytesPerSecond))
        return Status::error("disaggregated.kv_transfer_bandwidth must be positive");
    if (maxBatch == 0 || prefillChunkTokens == 0)
        return Status::error("max_batch and prefill_chunk_tokens must be positive");
    return {};
}

} // namespace kv::core
