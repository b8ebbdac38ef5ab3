// SPDX-License-Identifier: Apache-2.0
// What a session's prompts cost under different cache-write choices: as the provider charged it
// (agent logs), with no cache, with every write at a 5-minute TTL, with every write at 1 hour,
// and the clairvoyant optimum that picks no write, 5 minutes or 1 hour for each write knowing
// when the block will be used again. Turns "prompt cache arbitrage" into a number.
//
// The clairvoyant cost is computed per block: at each access that finds the block gone, choose
// the cheapest of paying full input price, or writing it with a TTL and reading it while later
// accesses come within that TTL of each other. It never exceeds the cost of the fixed policies,
// whose replays add the prefix rule (a block after a miss is paid again).
#pragma once

#include "kv/core/session.h"

#include <cmath>
#include <span>
#include <string>
#include <string_view>

namespace kv::core {

// Dollars per million tokens.
struct ModelPrice
{
    std::string model; // matched as a prefix of the model name; the longest match wins
    double input = 0;
    double output = 0;
    double write5m = 0;
    double write1h = 0;
    double read = 0;
};

// Published list prices (Anthropic: 5-minute writes 1.25x input, 1-hour writes 2x, reads 0.1x;
// OpenAI: automatic caching, no write premium, cached input 0.1x).
std::span<const ModelPrice> builtinPrices();
const ModelPrice* findPrice(std::span<const ModelPrice> prices, std::string_view model);

struct SessionCost
{
    double charged = std::nan(""); // from the provider's usage; NaN without it
    double noCache = 0;
    double fiveMinute = 0;
    double oneHour = 0;
    double clairvoyant = 0;
    std::size_t unpricedRequests = 0; // requests whose model has no price (left out of every figure)
    std::size_t chargedRequests = 0; // requests with usage (the charged figure covers only these)
};

class AccessProfile;

struct ReplayInput;

// profile and input: the session's one-pass replay and its replay input when the caller has them
// (analyzeSession keeps both), so they are not built twice; built here otherwise.
SessionCost sessionCost(const Session& session, std::span<const ModelPrice> prices,
    const AccessProfile* profile = nullptr, const ReplayInput* input = nullptr);

} // namespace kv::core
