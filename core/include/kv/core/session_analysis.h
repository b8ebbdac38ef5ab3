// SPDX-License-Identifier: Apache-2.0
// The standard analysis of one session that the desktop views and the CLI report show: totals at
// the TTLs providers offer, a hit-rate curve over the TTL grid and the working set over time,
// all from one one-pass replay. Immutable once built.
#pragma once

#include "kv/core/curves.h"
#include "kv/core/request_gaps.h"
#include "kv/core/session.h"

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace kv::core {

struct SessionCost;
struct ReplayInput;
struct FleetLayout;

inline constexpr std::array<double, 4> kStandardTtls { 60.0, 300.0, 3600.0, kInfiniteTtl };

struct SessionAnalysis
{
    std::int64_t storeId = 0;
    std::string name;
    std::string source;
    std::uint32_t blockSize = 64;
    std::uint64_t agents = 0;
    std::uint64_t outputTokens = 0;
    std::string models; // distinct models, comma-separated, in order of first use
    double durationSeconds = 0; // first to last request start
    // The model's context window in tokens (prompt + output must fit), from the log or
    // contextWindowFor(); 0 when unknown.
    std::uint64_t contextLimit = 0;
    // What the provider reported (agent logs): cache reads over the prompts of calls with usage.
    bool hasReportedUsage = false;
    double reportedHitRate = 0;
    // Per request (replay order): provider cache reads, segments (kind, tokens), agent, model.
    std::vector<std::uint64_t> reportedCacheRead;
    std::vector<std::uint8_t> reportedUsage; // per request: the log has the provider's usage
    std::vector<std::vector<Segment>> segments;
    std::vector<std::uint32_t> requestAgent;
    std::vector<std::uint32_t> sourceRequest; // per request: its index in the session's file order
    std::shared_ptr<const PromptText> promptText; // kept with --keep-text; null otherwise
    std::vector<std::string> agentLabels; // "main", "Explore agent_001", ...
    std::vector<std::uint8_t> humanTurn; // per request: the agent's previous response ended its turn
    std::vector<std::uint8_t> contextReset; // per request: over 10% of the agent's previous prompt dropped
    // Per request: its blocks grouped by the agent whose request first wrote them (agent, blocks),
    // in order of first appearance. Shows which context sub-agents share with their parent.
    std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> blockOrigins;
    std::array<ReplayTotals, 4> atStandardTtl; // kStandardTtls order
    std::vector<CurvePoint> ttlCurve; // the default TTL grid plus the standard TTLs
    std::vector<double> requestTimes; // replay order, seconds from the session's first request
    // Working sets over time: profile->workingSetBlocks(request, ttl on ttlGrid, capacity).
    std::vector<std::uint64_t> requestOutputTokens; // per request, replay order
    std::vector<double> ttlGrid; // the TTLs the profile records working sets for (what-if positions)
    std::vector<double> capacityGrid; // capacities in tokens for the what-if slider
    RequestGaps gaps; // per agent, tool loop vs a person's turn
    // What the prompts cost under each cache-write choice at list prices (set by whoever has the
    // session and the prices: the desktop's controller); null when not computed.
    std::shared_ptr<const SessionCost> cost;
    // The one-pass replay itself: any (TTL on the grid, capacity) is evaluated from it at once.
    std::shared_ptr<const AccessProfile> profile;
    // The replay's requests with their dense block ids (4 bytes per block look-up): which chunk
    // each miss prefilled (chunkRefresh) without going back to the store.
    std::shared_ptr<const ReplayInput> input;
    // For several sessions replayed as one (a fleet): where each sits and when it runs; null for
    // one session.
    std::shared_ptr<const FleetLayout> fleet;
};

// One stacked column per request under a policy: what was served from cache, what was cacheable
// (seen before) but missed, what was new, and the output. Input parts sum to the input tokens.
struct TokenColumn
{
    std::uint64_t hit = 0;
    std::uint64_t missedCacheable = 0;
    std::uint64_t fresh = 0;
    std::uint64_t output = 0;
};
enum class ColumnSource
{
    Model, // what the modeled cache under the policy serves
    Provider // what the provider reported it served (agent logs); "missed" = cacheable but paid for
};
std::vector<TokenColumn> tokenColumns(
    const SessionAnalysis& a, const CachePolicy& policy, ColumnSource source = ColumnSource::Model);
// One request's column (the profile must be set).
TokenColumn tokenColumn(const SessionAnalysis& a, std::size_t request, const CachePolicy& policy,
    ColumnSource source = ColumnSource::Model);

// Why a request's resident prefix ends where it does under a policy.
struct PrefixBreak
{
    enum class Cause
    {
        FullHit, // every block hit
        Cold, // the first missed block was never seen: new content
        Expired, // seen, but last used longer than the TTL ago
        Evicted // used within the TTL, but pushed out by capacity
    };
    Cause cause = Cause::FullHit;
    std::uint32_t hitBlocks = 0;
    std::uint32_t blocks = 0;
    double gapSeconds = 0; // Expired: how long ago the first missed block was used
    std::uint64_t stackDistance = 0; // Evicted: distinct blocks used since
};
PrefixBreak explainPrefix(const SessionAnalysis& a, std::size_t request, const CachePolicy& policy);

// A session's context window: what the log says, else the documented window of its model
// family (Claude 200k, or 1M when a prompt exceeded 200k; GPT-5 272k input), else 0.
std::uint64_t contextWindowFor(const Session& session);

SessionAnalysis analyzeSession(const Session& session, std::uint64_t capacityTokens = kUnlimited);

} // namespace kv::core
