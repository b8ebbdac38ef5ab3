// SPDX-License-Identifier: Apache-2.0
#include "kv/core/prompt_chunker.h"

#include "kv/core/hashing.h"

namespace kv::core {

namespace {

constexpr std::size_t kMaxLetterRun = 12; // bytes
constexpr std::size_t kMaxSpaceRun = 16;

enum class Class
{
    Letter,
    Digit,
    Space,
    Punct
};

Class classify(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80) // UTF-8 (and invalid bytes): letters
        return Class::Letter;
    if (c >= '0' && c <= '9')
        return Class::Digit;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
        return Class::Space;
    return Class::Punct;
}

template <class Fn> void pretokenize(std::string_view text, Fn&& emit)
{
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n) {
        const Class c = classify(static_cast<unsigned char>(text[i]));
        std::size_t j = i + 1;
        if (c == Class::Letter || c == Class::Space) {
            // Real tokenizers split long words and blank runs; so do we, or a 3 MB base64 image
            // or an indented block would be one token and bend every block boundary after it.
            const std::size_t cap = c == Class::Letter ? kMaxLetterRun : kMaxSpaceRun;
            while (j < n && j - i < cap && classify(static_cast<unsigned char>(text[j])) == c)
                ++j;
        } else if (c == Class::Digit) {
            while (j < n && j - i < 3 && classify(static_cast<unsigned char>(text[j])) == Class::Digit)
                ++j;
        }
        emit(text.substr(i, j - i));
        i = j;
    }
}

} // namespace

void PromptChunker::clear(std::uint64_t seed)
{
    m_chain = mix64(seed ^ 0x6b76736370ULL);
    m_acc = 0;
    m_inBlock = 0;
    m_tokens = 0;
    m_blocks.clear();
}

void PromptChunker::push(std::uint64_t tokenHash)
{
    m_acc = mix64(m_acc * 0x9e3779b97f4a7c15ULL + tokenHash);
    ++m_tokens;
    if (++m_inBlock == m_blockSize) {
        m_chain = mix64(m_chain ^ m_acc);
        m_blocks.push_back(m_chain);
        m_acc = 0;
        m_inBlock = 0;
    }
}

std::uint64_t PromptChunker::addText(std::string_view text)
{
    const std::uint64_t before = m_tokens;
    pretokenize(text, [this](std::string_view tok) { push(fnv1a64(tok)); });
    return m_tokens - before;
}

std::uint64_t PromptChunker::addSynthetic(std::uint64_t seed, std::uint64_t count)
{
    for (std::uint64_t i = 0; i < count; ++i)
        push(mix64(seed + i * 0x9e3779b97f4a7c15ULL));
    return count;
}

std::uint64_t PromptChunker::countTokens(std::string_view text)
{
    std::uint64_t n = 0;
    pretokenize(text, [&n](std::string_view) { ++n; });
    return n;
}

} // namespace kv::core
