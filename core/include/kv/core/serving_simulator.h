// SPDX-License-Identifier: Apache-2.0
// The serving simulator: users replay sessions against one modeled serving instance (continuous
// batching with chunked prefill, a tiered KV cache) in discrete simulated time. Prefill computes
// only the tokens not found in any tier; tokens found below HBM load at their tier's bandwidth
// first (overlapped with other requests' compute, or stalling the engine when the config says
// loads do not overlap). Results per request and per period, and the users the objectives held.
// Deterministic: the same inputs and seed give the same run.
#pragma once

#include "kv/core/progress.h"
#include "kv/core/serving_config.h"
#include "kv/core/session.h"
#include "kv/core/user_model.h"

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace kv::core {

inline constexpr std::size_t kMaxServingTiers = 6; // HBM and up to five below it

struct SimRequest
{
    std::uint32_t user = 0;
    std::uint32_t session = 0; // index into the sessions simulated
    std::uint32_t request = 0; // index into that session's requests
    double arrival = 0; // seconds of simulated time
    double firstToken = -1; // -1 while not reached
    double end = -1;
    std::uint32_t inputTokens = 0;
    std::uint32_t outputTokens = 0;
    std::array<std::uint32_t, kMaxServingTiers> hitTokens {}; // by tier, HBM first
    std::uint32_t computedTokens = 0; // prefilled
    double ttft() const { return firstToken - arrival; }
};

struct SimPeriod
{
    double start = 0, end = 0;
    std::uint32_t users = 0; // at the end of the period
    std::uint32_t requestsInFlight = 0; // waiting or running at the end
    double inputTokensPerSecond = 0; // prompts whose first token came in the period
    double outputTokensPerSecond = 0; // tokens generated in the period
    std::uint32_t firstTokens = 0;
    double ttftP50 = 0, ttftP95 = 0, ttftP99 = 0, ttftAtObjective = 0; // seconds (waiting requests count)
    double outputTokensPerSecondPerRequest = 0; // mean over requests finished in the period
    std::array<double, kMaxServingTiers> hitShare {}; // of the input tokens, by tier
    std::array<double, kMaxServingTiers> readBytesPerSecond {}; // from each tier to the GPUs
    double gpuBusyShare = 0;
    std::uint64_t droppedBlocks = 0;
    bool objectivesHeld = false;
};

struct SimResult
{
    std::string config;
    std::vector<std::string> tierNames; // "hbm", then the config's tiers
    std::vector<std::string> sessionNames; // SimRequest::session indexes these
    std::vector<SimRequest> requests;
    std::vector<SimPeriod> periods;
    double simulatedSeconds = 0;
    // Where the run falls off: the users of the first of two periods in a row that failed the
    // objectives (0: it never did); one failed period alone (cold starts, a long prompt) is noise.
    std::uint32_t fallOffUsers = 0;
    std::uint32_t maxUsersHeld = 0; // most users in a period that held the objectives before the fall-off
    bool cancelled = false;
};

// A run in a few numbers: over every request that got its first token.
struct SimSummary
{
    std::size_t requests = 0; // sent
    std::size_t answered = 0; // first token reached
    double ttftP50 = 0, ttftP95 = 0;
    double inputTokensPerSecond = 0, outputTokensPerSecond = 0; // over the simulated time
    std::array<double, kMaxServingTiers> hitShare {}; // of the answered input tokens, by tier
    double computedShare = 0;
    double gpuBusyShare = 0;
    std::uint64_t droppedBlocks = 0;
};
SimSummary summarizeRun(const SimResult& result);

// sessions must share a block size; users take them in order or in a seeded random order.
Expected<SimResult> simulateServing(const ServingConfig& config, std::span<const Session> sessions,
    const UserTiming& timing, const UserLoad& load, const ServiceObjectives& objectives,
    const CancelToken* cancel = nullptr, ProgressSink* progress = nullptr);

} // namespace kv::core
