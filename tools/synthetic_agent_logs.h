// SPDX-License-Identifier: Apache-2.0
// Synthetic Claude Code and Codex logs for sample_traces/: made-up text of seeded words in the
// real file layouts, with a sub-agent, a compaction, parallel tool calls and a long idle gap,
// and provider usage as a 5-minute prompt cache would report it.
#pragma once

#include <cstdint>
#include <filesystem>

namespace kv::tools {

// Writes <dir>/<sessionId>.jsonl and <dir>/<sessionId>/subagents/agent-*.jsonl (+ .meta.json).
void writeSyntheticClaudeSession(const std::filesystem::path& dir, std::uint64_t seed);

// Writes <dir>/YYYY/MM/DD/rollout-<time>-<id>.jsonl.
void writeSyntheticCodexRollout(const std::filesystem::path& dir, std::uint64_t seed);

} // namespace kv::tools
