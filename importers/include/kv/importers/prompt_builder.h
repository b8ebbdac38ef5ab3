// SPDX-License-Identifier: Apache-2.0
// PromptBuilder: one agent-log request's prompt, part by part: chunked into chained blocks, its
// consecutive parts of one kind merged into segments, then stored into the session with segment
// sizes scaled to the tokens the provider reported. Shared by the Claude Code and Codex importers.
#pragma once

#include "kv/core/prompt_chunker.h"
#include "kv/core/session.h"

#include <string_view>
#include <utility>
#include <vector>

namespace kv::importers {

class PromptBuilder
{
public:
    explicit PromptBuilder(std::uint32_t blockSize)
        : m_chunker(blockSize)
    {
    }
    // Starts a prompt in a namespace (e.g. a hash of the model: KV caches are per model).
    void start(std::uint64_t seed);
    void addText(core::SegmentKind kind, std::string_view text);
    // A part known only by size (a system prompt the log lacks, an image, encrypted reasoning).
    void addSynthetic(core::SegmentKind kind, std::uint64_t seed, std::uint64_t count);
    std::uint64_t units() const { return m_chunker.tokenCount(); }

    // Stores the blocks and segments into s for r, whose inputTokens the caller has set; sets
    // r.promptUnits and the block and segment ranges.
    void finish(core::Session& s, core::Request& r) const;

private:
    void count(core::SegmentKind kind, std::uint64_t n);

    core::PromptChunker m_chunker;
    std::vector<std::pair<core::SegmentKind, std::uint64_t>> m_parts;
};

} // namespace kv::importers
