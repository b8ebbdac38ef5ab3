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

// session, requests, input_tokens, hit_tokens, hit_rate, prefilled_blocks, unique_blocks,
// refresh_factor, peak_working_set_tokens
nlohmann::ordered_json sessionJson(const std::string& session, const core::ReplayTotals& t, std::uint64_t peakTokens);

// One object per request in replay order: session, request (index in file order), agent,
// agent_type, t (seconds, absolute), input_tokens, hit_tokens, hit_blocks, miss_blocks,
// working_set_tokens.
std::vector<nlohmann::ordered_json> requestJson(
    const core::Session& s, const core::ReplayInput& in, const core::ReplayResult& r);

} // namespace kv::cli
