// SPDX-License-Identifier: Apache-2.0
#include "kv/core/serving_economics.h"

#include "kv/core/access_profile.h"
#include "kv/core/session_analysis.h"

#include <algorithm>

namespace kv::core {

double requestGpuSeconds(double context, double cached, double output, const GpuRates& gpu)
{
    cached = std::clamp(cached, 0.0, context);
    const double a = gpu.attentionContext > 0 ? gpu.attentionContext : 1e300;
    // The integral of (1 + c / a) over the uncached positions c in [cached, context).
    const double prefill
        = ((context - cached) + (context * context - cached * cached) / (2 * a)) / gpu.prefillTokensPerSecond;
    const double decode = output * (1 + context / a) / gpu.decodeTokensPerSecond;
    return prefill + decode;
}

double outputTokensPerSecond(double context, double hitRate, double output, const GpuRates& gpu)
{
    const double s = requestGpuSeconds(context, hitRate * context, output, gpu);
    return s > 0 ? output / s : 0.0;
}

SessionServing sessionServing(const SessionAnalysis& a, const CachePolicy& policy, const GpuRates& gpu)
{
    SessionServing out;
    if (!a.profile)
        return out;
    const AccessProfile& p = *a.profile;
    double input = 0, hits = 0;
    for (std::size_t j = 0; j < p.requestCount(); ++j) {
        const double l = double(p.inputTokens(j));
        const double h = double(p.hitTokens(j, p.hitBlocks(j, policy)));
        const double o = j < a.requestOutputTokens.size() ? double(a.requestOutputTokens[j]) : 0.0;
        input += l;
        hits += h;
        out.outputTokens += o;
        out.gpuSeconds += requestGpuSeconds(l, h, o, gpu);
        out.gpuSecondsWithoutCache += requestGpuSeconds(l, 0, o, gpu);
    }
    out.meanContextTokens = p.requestCount() ? input / double(p.requestCount()) : 0.0;
    out.hitRate = input > 0 ? hits / input : 0.0;
    return out;
}

} // namespace kv::core
