// SPDX-License-Identifier: Apache-2.0
// One Claude Code transcript file read into entries, and the API calls it records with the
// prompt each one sent. A call is all assistant lines sharing (message.id, requestId); its usage
// is the line with the most output tokens. Its prompt is the conversation branch it answers
// (parentUuid chain, so rewound branches drop out and a compaction restarts it), with each
// assistant response whole and the tool results of parallel tool calls beside it.
#pragma once

#include "kv/core/session.h"
#include "kv/importers/input_file.h"

#include <cstdint>
#include <string>
#include <vector>

namespace kv::importers::claude {

struct ContentPart
{
    core::SegmentKind kind = core::SegmentKind::Other;
    std::string text; // what the pre-tokenizer reads; empty for opaque parts
    std::uint64_t opaqueHash = 0; // images: a hash of the data, chunked as opaqueTokens synthetic tokens
    std::uint64_t opaqueTokens = 0;
};

struct Entry
{
    std::string type; // user, assistant, system, summary, ...
    std::string subtype;
    std::string uuid;
    std::string parentUuid;
    std::string sessionId;
    std::string agentId;
    std::string version;
    double time = core::kNoTime; // seconds since the epoch
    std::uint64_t line = 0;
    bool sidechain = false;
    bool compactSummary = false;
    // assistant
    std::string messageId;
    std::string requestId;
    std::string model;
    std::string stopReason;
    bool hasUsage = false;
    std::uint64_t inputTokens = 0, cacheRead = 0, cacheWrite = 0, cacheWrite5m = 0, cacheWrite1h = 0, outputTokens = 0;
    bool apiError = false;
    std::vector<ContentPart> parts;
    std::vector<std::string> toolUseIds; // tool_use blocks (assistant) or tool_result targets (user)
    std::vector<std::pair<std::string, std::string>> spawns; // Task/Agent tool_use: (tool_use id, subagent type)
    std::string resultAgentId; // toolUseResult.agentId on a user line answering a Task/Agent call
};

struct LogFile
{
    std::string path;
    std::vector<Entry> entries;
    std::vector<std::string> warnings;
};

// Reads every line; bad or unknown lines become warnings (file: line N: ...), never errors.
LogFile readLogFile(const InputFile& file);

struct Call
{
    std::vector<std::size_t> lines; // entry indices, file order
    std::size_t usageLine = 0; // the entry whose usage counts
    std::vector<std::size_t> prompt; // entry indices of the prompt, in prompt order
    double startTime = core::kNoTime; // the prompt's last entry (a lower bound of the request start)
};

// Calls in order of their first line, with their prompts.
std::vector<Call> extractCalls(const LogFile& log);

// ISO-8601 UTC ("2026-01-23T17:34:42.719Z") to seconds since the epoch; NaN when malformed.
double parseTimestamp(std::string_view text);

} // namespace kv::importers::claude
