// SPDX-License-Identifier: Apache-2.0
// Cost of cache-write choices: a hand-checked block, the clairvoyant cost never above any fixed
// policy on the 48 shared traces, the charged cost from usage, and price look-up by model name.
#include "kv/core/cache_cost.h"
#include "kv/importers/kv_cache_tester_importer.h"
#include "test_support.h"

#include <gtest/gtest.h>

using namespace kv;
using namespace kv::core;

namespace {
const ModelPrice kUnit[] = { { "m", 1, 10, 1.25, 2, 0.1 } };

Session oneBlock(std::vector<double> times)
{
    Session s;
    s.agents.push_back(Agent {});
    const std::uint32_t model = s.strings.intern("m");
    for (double t : times) {
        Request r;
        r.time = t;
        r.model = model;
        r.blockBegin = std::uint32_t(s.blocks.size());
        r.blockCount = 1;
        r.inputTokens = 1'000'000; // one block standing for a million tokens keeps the sums readable
        r.promptUnits = 64;
        s.blocks.push_back(7);
        s.requests.push_back(r);
    }
    return s;
}
} // namespace

TEST(CacheCost, HandCheckedBlock)
{
    // Accesses at 0, 100, 2000, 2100 and 9000 s.
    const SessionCost c = sessionCost(oneBlock({ 0, 100, 2000, 2100, 9000 }), kUnit);
    EXPECT_DOUBLE_EQ(c.noCache, 5.0);
    EXPECT_DOUBLE_EQ(c.fiveMinute, 3 * 1.25 + 2 * 0.1); // hits at 100 and 2100
    EXPECT_DOUBLE_EQ(c.oneHour, 2 * 2.0 + 3 * 0.1); // hits at 100, 2000, 2100
    // Best: a 1-hour write at 0 read three times, then no write for the last access.
    EXPECT_DOUBLE_EQ(c.clairvoyant, 2.0 + 3 * 0.1 + 1.0);
    EXPECT_TRUE(std::isnan(c.charged));
    EXPECT_EQ(c.unpricedRequests, 0u);
}

TEST(CacheCost, ChargedFromUsageAndPrices)
{
    Session s = oneBlock({ 0, 100 });
    s.requests[1].hasReportedUsage = true;
    s.requests[1].reportedUncached = 100'000;
    s.requests[1].reportedCacheWrite5m = 200'000;
    s.requests[1].reportedCacheWrite1h = 300'000;
    s.requests[1].reportedCacheRead = 400'000;
    s.requests[1].outputTokens = 1'000'000;
    const SessionCost c = sessionCost(s, kUnit);
    EXPECT_EQ(c.chargedRequests, 1u);
    EXPECT_DOUBLE_EQ(c.charged, 0.1 + 0.2 * 1.25 + 0.3 * 2 + 0.4 * 0.1 + 10);
    // Unknown models are left out and counted.
    Session other = oneBlock({ 0 });
    other.requests[0].model = other.strings.intern("unknown-1"); // no price starts with "unknown"
    EXPECT_EQ(sessionCost(other, kUnit).unpricedRequests, 1u);

    const auto prices = builtinPrices();
    EXPECT_EQ(findPrice(prices, "claude-opus-4-5-20251101")->input, 5.0);
    EXPECT_EQ(findPrice(prices, "claude-opus-4-1-20250805")->input, 15.0);
    EXPECT_EQ(findPrice(prices, "claude-sonnet-4-5-20250929")->write1h, 6.0);
    EXPECT_EQ(findPrice(prices, "gpt-5-mini-2025")->input, 0.25);
    EXPECT_EQ(findPrice(prices, "gpt-5.3-codex")->read, 0.125);
    EXPECT_EQ(findPrice(prices, "llama-3"), nullptr);
}

TEST(CacheCost, ClairvoyantNeverAboveAnyPolicyOnSharedTraces)
{
    double saved = 0;
    for (const auto& path : test::sharedTraceFiles()) {
        auto file = importers::readInputFile(path.string());
        auto parsed = importers::KvCacheTesterImporter().parse(*file);
        ASSERT_TRUE(parsed.ok());
        const SessionCost c = sessionCost(parsed->sessions.at(0), builtinPrices());
        EXPECT_EQ(c.unpricedRequests, 0u) << path;
        const double tolerance = 1e-9 * c.noCache;
        EXPECT_LE(c.clairvoyant, c.noCache + tolerance) << path;
        EXPECT_LE(c.clairvoyant, c.fiveMinute + tolerance) << path;
        EXPECT_LE(c.clairvoyant, c.oneHour + tolerance) << path;
        EXPECT_GT(c.clairvoyant, 0.0);
        saved += std::min(c.fiveMinute, c.oneHour) - c.clairvoyant;
    }
    EXPECT_GT(saved, 0.0); // knowing the future pays somewhere
}
