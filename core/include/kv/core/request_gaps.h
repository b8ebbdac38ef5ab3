// SPDX-License-Identifier: Apache-2.0
// Time between consecutive requests of each agent, split by what the agent was waiting for: a
// tool (the previous response asked for one) or a person (the previous response ended the
// turn). The second kind is why a TTL of minutes loses the cache while someone thinks.
#pragma once

#include "kv/core/session.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace kv::core {

struct RequestGaps
{
    std::vector<double> toolLoop; // seconds, start to start
    std::vector<double> human;
};

// Whether a response with this stop reason ended the agent's turn (the next request waits for a
// person) rather than asking for a tool.
bool endsTurn(std::string_view stopReason);

RequestGaps requestGaps(const Session& session);

struct LogHistogram
{
    std::vector<double> edges; // bins + 1 edges, log spaced
    std::vector<std::uint64_t> counts; // values below the first edge count in bin 0, above the last in the last
};

LogHistogram logHistogram(const std::vector<double>& values, double lo, double hi, int bins);

} // namespace kv::core
