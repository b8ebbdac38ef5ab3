// SPDX-License-Identifier: Apache-2.0
#include "kv/core/live_serving_model.h"

#include <algorithm>

namespace kv::core {

LiveServingModel::LiveServingModel(const ServingConfig& config, std::uint32_t blockSize)
    : m_config(config)
    , m_blockSize(blockSize)
    , m_cache(config, double(blockSize) * config.model.kvBytesPerToken)
{
}

LiveServingModel::Plan LiveServingModel::admit(
    std::span<const std::uint64_t> blocks, std::uint64_t promptTokens, std::uint32_t outputTokens, double now)
{
    const ServingModelCost& m = m_config.model;
    const TieredKvCache::Admission a = m_cache.admit(blocks, now);
    Plan plan;
    plan.cachedTokens = std::min<std::uint64_t>(std::uint64_t(a.prefixBlocks) * m_blockSize, promptTokens);
    const double computed = double(std::max<std::uint64_t>(1, promptTokens - plan.cachedTokens));
    const double prefill = computed / m.prefillTokensPerSecond
        * (1.0 + (double(plan.cachedTokens) + computed / 2.0) / m.attentionContext);
    const double start = std::max({ now, a.loadsDone, m_prefillFreeAt });
    plan.firstTokenAt = start + prefill;
    m_prefillFreeAt = plan.firstTokenAt;
    ++m_active;
    m_activeContext += promptTokens + outputTokens;
    plan.tokenInterval = m.decodeStepSeconds + m.decodeSecondsPerSequence * double(m_active)
        + m.decodeSecondsPerContextToken * double(m_activeContext);
    return plan;
}

void LiveServingModel::finished(std::uint64_t promptTokens, std::uint32_t outputTokens)
{
    m_active = m_active > 0 ? m_active - 1 : 0;
    const std::uint64_t context = promptTokens + outputTokens;
    m_activeContext = m_activeContext > context ? m_activeContext - context : 0;
}

} // namespace kv::core
