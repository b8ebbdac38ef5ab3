// SPDX-License-Identifier: Apache-2.0
// OpenAI Codex CLI rollouts (~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl[.zst]), envelope and
// legacy bare formats. One session per file; one request per new token_count event, its prompt
// the model-visible history (instructions + response items) as of the request's turn_context.
#pragma once

#include "kv/importers/importer.h"

namespace kv::importers {

class CodexImporter final : public Importer
{
public:
    std::string_view id() const override { return "codex"; }
    int probe(std::string_view head, std::string_view path) const override;
    core::Expected<ParseOutput> parse(const InputFile& file) const override;
    std::string companionOf(std::string_view head, std::string_view path) const override;

    static constexpr std::uint32_t kBlockSize = 64;
};

} // namespace kv::importers
