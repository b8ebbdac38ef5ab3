// SPDX-License-Identifier: Apache-2.0
// The in-memory data model of one imported conversation: Session > Agent > Request > blocks.
// Flat vectors of plain structs with integer ids, so millions of blocks cost 8 bytes each.
#pragma once

#include "kv/core/string_table.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace kv::core {

inline constexpr double kNoTime = std::numeric_limits<double>::quiet_NaN();

struct Agent
{
    std::int32_t parent = -1; // index into Session::agents; -1 for the main agent
    std::uint32_t depth = 0; // 0 for the main agent
    double spawnTime = 0.0; // absolute seconds of the marker that started it
    double markerTime = 0.0; // the marker's time as the file gives it (relative to the parent's start)
    std::string key; // "main", "agent_001", a Claude agentId
    std::string type; // "Explore", "general-purpose", ...
    std::uint32_t toolTokens = 0;
    std::uint32_t systemTokens = 0;
};

// One model API call. Blocks live in Session::blocks; strings in Session::strings.
struct Request
{
    double time = 0.0; // absolute start, seconds
    std::uint32_t agent = 0;
    std::uint32_t blockBegin = 0;
    std::uint32_t blockCount = 0;
    std::uint64_t inputTokens = 0;
    std::uint64_t outputTokens = 0;
    double apiTime = kNoTime; // seconds of server time, when the trace has it
    double thinkTime = kNoTime; // client delay before this request, when the trace has it
    double relTime = 0.0; // time as the file gives it (relative to the agent's marker)
    std::uint32_t model = 0; // StringTable ids
    std::uint32_t stop = 0;
    std::uint32_t streamType = 0; // kv-cache-tester "type": "s" or "n"
    std::uint32_t inputTypes = 0; // comma-joined list, e.g. "text,tool_result"
    std::uint32_t outputTypes = 0;
};

struct Session
{
    std::string name; // trace id, Claude sessionId, Codex session id, Mooncake file name
    std::string source; // "kv-cache-tester", "claude-code", "codex", "mooncake"
    std::string hashScope = "local";
    std::uint32_t blockSize = 64;
    std::vector<Agent> agents; // agents[0] is the main agent
    std::vector<Request> requests; // file order: depth first, sub-agent requests at their marker
    std::vector<std::uint64_t> blocks;
    StringTable strings;

    std::span<const std::uint64_t> blocksOf(const Request& r) const
    {
        return { blocks.data() + r.blockBegin, r.blockCount };
    }
};

} // namespace kv::core
