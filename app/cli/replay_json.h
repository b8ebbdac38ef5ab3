// SPDX-License-Identifier: Apache-2.0
// The JSON objects kvscope-cli replay prints. Their keys are a contract scripts depend on.
#pragma once

#include "kv/core/replay_input.h"
#include "kv/core/replay_result.h"
#include "kv/core/session.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace kv::cli {

// What a session is, besides its replay: counted from its requests.
struct SessionFacts
{
    std::string source;
    std::uint64_t agents = 0;
    std::uint64_t outputTokens = 0;
    bool hasReportedUsage = false; // content logs: the provider's own cache numbers
    std::uint64_t reportedCacheRead = 0;
    std::uint64_t reportedCacheWrite = 0;

    static SessionFacts of(const core::Session& s);
};

// session, requests, input_tokens, hit_tokens, hit_rate, prefilled_blocks, unique_blocks,
// refresh_factor, peak_working_set_tokens, then source, agents, output_tokens,
// reported_cache_read_tokens, reported_cache_write_tokens (null for hash traces).
nlohmann::ordered_json sessionJson(
    const std::string& session, const core::ReplayTotals& t, std::uint64_t peakTokens, const SessionFacts& facts);

// One object per request in replay order: session, request (index in file order), agent,
// agent_type, t (seconds, absolute), input_tokens, hit_tokens, hit_blocks, miss_blocks,
// working_set_tokens.
std::vector<nlohmann::ordered_json> requestJson(
    const core::Session& s, const core::ReplayInput& in, const core::ReplayResult& r);

} // namespace kv::cli
