// SPDX-License-Identifier: Apache-2.0
// Serving economics: the per-request GPU time by hand, the curve's direction (hits help, long
// contexts hurt), and a session's figure as the sum over its requests.
#include "kv/core/serving_economics.h"
#include "kv/core/session_analysis.h"
#include "kv/core/synthetic_session.h"

#include <gtest/gtest.h>

using namespace kv::core;

TEST(ServingEconomics, ByHand)
{
    GpuRates gpu;
    gpu.prefillTokensPerSecond = 1000;
    gpu.decodeTokensPerSecond = 100;
    gpu.attentionContext = 10000;
    // 10,000 new tokens: integral of 1 + c/10,000 over [0, 10,000) = 15,000 token-equivalents.
    EXPECT_DOUBLE_EQ(requestGpuSeconds(10000, 0, 0, gpu), 15.0);
    // Half cached: only [5,000, 10,000) is prefilled, 5,000 + 3,750 token-equivalents.
    EXPECT_DOUBLE_EQ(requestGpuSeconds(10000, 5000, 0, gpu), 8.75);
    // 100 output tokens at context 10,000 decode at half speed: 2 s.
    EXPECT_DOUBLE_EQ(requestGpuSeconds(10000, 10000, 100, gpu), 2.0);
    EXPECT_DOUBLE_EQ(outputTokensPerSecond(10000, 1.0, 100, gpu), 50.0);
    // Hits help; long contexts hurt.
    EXPECT_LT(outputTokensPerSecond(50000, 0.5, 500, gpu), outputTokensPerSecond(50000, 0.9, 500, gpu));
    EXPECT_GT(outputTokensPerSecond(20000, 0.9, 500, gpu), outputTokensPerSecond(100000, 0.9, 500, gpu));
}

TEST(ServingEconomics, SessionIsTheSumOfItsRequests)
{
    SyntheticSpec spec;
    spec.requests = 30;
    const SessionAnalysis a = analyzeSession(makeSyntheticSession(spec));
    const GpuRates gpu;
    const CachePolicy policy { 300, kUnlimited };
    const SessionServing s = sessionServing(a, policy, gpu);
    double seconds = 0, output = 0;
    for (std::size_t j = 0; j < a.profile->requestCount(); ++j) {
        seconds += requestGpuSeconds(double(a.profile->inputTokens(j)),
            double(a.profile->hitTokens(j, a.profile->hitBlocks(j, policy))), double(a.requestOutputTokens[j]), gpu);
        output += double(a.requestOutputTokens[j]);
    }
    EXPECT_DOUBLE_EQ(s.gpuSeconds, seconds);
    EXPECT_DOUBLE_EQ(s.outputTokens, output);
    EXPECT_GT(s.gpuSecondsWithoutCache, s.gpuSeconds);
    EXPECT_NEAR(s.hitRate, a.profile->evaluate(policy).totals.hitRate(), 1e-12);
}
