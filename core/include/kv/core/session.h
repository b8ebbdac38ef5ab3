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
#include <string_view>
#include <vector>

namespace kv::core {

inline constexpr double kNoTime = std::numeric_limits<double>::quiet_NaN();

struct Agent
{
    std::int32_t parent = -1; // index into Session::agents; -1 for the main agent
    std::int32_t spawnRequest = -1; // index into Session::requests of the call that started it; -1 unknown
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

    // Content logs: the prompt was chunked in pseudo-tokens (DESIGN.md section 2); promptUnits
    // of them make up inputTokens real ones. 0 for hash traces, whose blocks count real tokens.
    std::uint64_t promptUnits = 0;
    std::uint32_t segmentBegin = 0; // into Session::segments
    std::uint32_t segmentCount = 0;
    // What the provider reported for this call, when the log has it.
    bool hasReportedUsage = false;
    std::uint64_t reportedUncached = 0;
    std::uint64_t reportedCacheRead = 0;
    std::uint64_t reportedCacheWrite5m = 0;
    std::uint64_t reportedCacheWrite1h = 0;

    // Real tokens one block stands for.
    double tokensPerBlock(std::uint32_t blockSize) const
    {
        return promptUnits ? double(blockSize) * double(inputTokens) / double(promptUnits) : double(blockSize);
    }
};

enum class SegmentKind : std::uint8_t
{
    System, // system prompt and tool definitions, when the log does not have them (synthetic)
    Tools,
    UserText,
    AssistantText,
    Thinking,
    ToolUse,
    ToolResult,
    Image,
    Summary, // compaction summary
    Other
};

const char* segmentKindName(SegmentKind kind);
bool segmentKindFromName(std::string_view name, SegmentKind& kind);

// A run of prompt tokens of one kind, in the request's prompt order. tokens are real tokens
// (scaled from pseudo-tokens for content logs).
struct Segment
{
    SegmentKind kind = SegmentKind::Other;
    std::uint32_t tokens = 0;
};

// Prompt text of an agent log, kept only when the user asks (--keep-text): each content part
// once, and per request the parts of its prompt in order.
struct PromptText
{
    struct Part
    {
        SegmentKind kind = SegmentKind::Other;
        std::string text;
    };
    std::vector<Part> parts;
    std::vector<std::uint32_t> requestBegin; // per request, into partIndex; size requests + 1
    std::vector<std::uint32_t> partIndex;

    bool empty() const noexcept { return parts.empty(); }
    std::span<const std::uint32_t> partsOf(std::size_t request) const
    {
        return { partIndex.data() + requestBegin[request], requestBegin[request + 1] - requestBegin[request] };
    }
};

struct Session
{
    std::string name; // trace id, Claude sessionId, Codex session id, Mooncake file name
    std::string source; // "kv-cache-tester", "claude-code", "codex", "mooncake"
    std::string hashScope = "local";
    std::uint32_t blockSize = 64;
    std::uint64_t contextWindow = 0; // tokens, when the log states it (Codex); 0 unknown
    std::vector<Agent> agents; // agents[0] is the main agent
    std::vector<Request> requests; // file order: depth first, sub-agent requests at their marker
    std::vector<std::uint64_t> blocks;
    std::vector<Segment> segments;
    PromptText text; // empty unless kept
    StringTable strings;

    std::span<const std::uint64_t> blocksOf(const Request& r) const
    {
        return { blocks.data() + r.blockBegin, r.blockCount };
    }
    std::span<const Segment> segmentsOf(const Request& r) const
    {
        return { segments.data() + r.segmentBegin, r.segmentCount };
    }
};

} // namespace kv::core
