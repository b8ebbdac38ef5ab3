// SPDX-License-Identifier: Apache-2.0
// Serving economics: how many output tokens per second one GPU serves for requests of a given
// context length and cache hit rate, from its prefill and decode rates. Cached tokens skip
// prefill; attention makes both prefill and decode slower as the context grows (per token, the
// cost rises by 1 + context / attentionContext, where attentionContext is the context at which
// attention costs as much as the rest of the model). Sessions are placed on the same curve.
#pragma once

#include "kv/core/cache_policy.h"

#include <cstdint>

namespace kv::core {

struct SessionAnalysis;

struct GpuRates
{
    double prefillTokensPerSecond = 10000; // at short context, one GPU
    double decodeTokensPerSecond = 1500; // output tokens per second, one GPU, whole batch, short context
    double attentionContext = 50000; // context at which per-token cost has doubled
};

// GPU seconds to serve one request: prefill of prompt positions [cachedTokens, contextTokens)
// plus decode of outputTokens at the end of the context.
double requestGpuSeconds(double contextTokens, double cachedTokens, double outputTokens, const GpuRates& gpu);
// Output tokens per GPU-second for requests of that context, hit rate and output length.
double outputTokensPerSecond(double contextTokens, double hitRate, double outputTokens, const GpuRates& gpu);

struct SessionServing
{
    double meanContextTokens = 0; // input tokens per request
    double hitRate = 0; // under the policy
    double outputTokens = 0;
    double gpuSeconds = 0; // to serve every request
    double outputPerSecond() const { return gpuSeconds > 0 ? outputTokens / gpuSeconds : 0.0; }
    double gpuSecondsWithoutCache = 0; // the same requests with nothing cached
};
SessionServing sessionServing(const SessionAnalysis& analysis, const CachePolicy& policy, const GpuRates& gpu);

} // namespace kv::core
