// SPDX-License-Identifier: Apache-2.0
// Claude Code session transcripts (~/.claude/projects/<project>/<sessionId>.jsonl) with their
// sub-agents in every layout: inline sidechains, agent-<id>.jsonl beside the session, and
// <sessionId>/subagents/agent-<id>.jsonl (+ .meta.json). One session per main file.
#pragma once

#include "kv/importers/importer.h"

namespace kv::importers {

class ClaudeCodeImporter final : public Importer
{
public:
    std::string_view id() const override { return "claude-code"; }
    int probe(std::string_view head, std::string_view path) const override;
    core::Expected<ParseOutput> parse(const InputFile& file) const override;
    std::string companionOf(std::string_view head, std::string_view path) const override;

    static constexpr std::uint32_t kBlockSize = 64;
};

} // namespace kv::importers
