// SPDX-License-Identifier: Apache-2.0
#include "kv/importers/prompt_builder.h"

#include <algorithm>
#include <cmath>

namespace kv::importers {

void PromptBuilder::start(std::uint64_t seed)
{
    m_chunker.clear(seed);
    m_parts.clear();
}

void PromptBuilder::count(core::SegmentKind kind, std::uint64_t n)
{
    if (!m_parts.empty() && m_parts.back().first == kind)
        m_parts.back().second += n;
    else
        m_parts.emplace_back(kind, n);
}

void PromptBuilder::addText(core::SegmentKind kind, std::string_view text)
{
    count(kind, m_chunker.addText(text));
}

void PromptBuilder::addSynthetic(core::SegmentKind kind, std::uint64_t seed, std::uint64_t n)
{
    count(kind, m_chunker.addSynthetic(seed, n));
}

void PromptBuilder::finish(core::Session& s, core::Request& r) const
{
    r.promptUnits = std::max<std::uint64_t>(1, m_chunker.tokenCount());
    r.blockBegin = static_cast<std::uint32_t>(s.blocks.size());
    r.blockCount = static_cast<std::uint32_t>(m_chunker.blocks().size());
    s.blocks.insert(s.blocks.end(), m_chunker.blocks().begin(), m_chunker.blocks().end());
    // Segment sizes in real tokens: pseudo-tokens scaled to the reported prompt.
    const double scale = double(r.inputTokens) / double(r.promptUnits);
    r.segmentBegin = static_cast<std::uint32_t>(s.segments.size());
    for (const auto& [kind, n] : m_parts)
        s.segments.push_back({ kind, static_cast<std::uint32_t>(std::llround(double(n) * scale)) });
    r.segmentCount = static_cast<std::uint32_t>(s.segments.size() - r.segmentBegin);
}

} // namespace kv::importers
