// SPDX-License-Identifier: Apache-2.0
// PromptChunker: block hashes for prompts known only as text (agent logs have no tokens).
// A stable pre-tokenizer cuts text into pseudo-tokens (runs of letters up to 12 bytes, runs of up
// to three digits, single punctuation, runs of whitespace up to 16 bytes); every blockSize pseudo-tokens make a block
// whose hash chains the previous block's hash with its tokens, as prefix caches do. Prefix
// structure is exact (a change early in the prompt changes every later block); token boundaries
// are approximate, and callers scale counts to the tokens the provider reported.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace kv::core {

class PromptChunker
{
public:
    explicit PromptChunker(std::uint32_t blockSize = 64)
        : m_blockSize(blockSize)
    {
    }
    // Starts a new prompt. Prompts of different namespaces can pass different seeds.
    void clear(std::uint64_t seed = 0);
    // Appends text; returns the pseudo-tokens it added.
    std::uint64_t addText(std::string_view text);
    // Appends count pseudo-tokens derived from seed: a part of the prompt known only by its size.
    std::uint64_t addSynthetic(std::uint64_t seed, std::uint64_t count);

    std::uint64_t tokenCount() const noexcept { return m_tokens; }
    // Hashes of the full blocks so far; the trailing partial block is never cacheable.
    const std::vector<std::uint64_t>& blocks() const noexcept { return m_blocks; }

    // The pre-tokenizer alone, for tests and estimates.
    static std::uint64_t countTokens(std::string_view text);

private:
    void push(std::uint64_t tokenHash);

    std::uint32_t m_blockSize;
    std::uint64_t m_chain = 0;
    std::uint64_t m_acc = 0;
    std::uint32_t m_inBlock = 0;
    std::uint64_t m_tokens = 0;
    std::vector<std::uint64_t> m_blocks;
};

} // namespace kv::core
