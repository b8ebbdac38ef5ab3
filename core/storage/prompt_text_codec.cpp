// SPDX-License-Identifier: Apache-2.0
#include "kv/core/prompt_text_codec.h"

#include "kv/core/varint.h"
#include "kv/core/zstd_codec.h"

namespace kv::core {

std::vector<std::uint8_t> encodePromptText(const PromptText& text, std::uint64_t& rawSize)
{
    std::vector<std::uint8_t> raw;
    putVarint(raw, text.parts.size());
    for (const auto& p : text.parts) {
        raw.push_back(static_cast<std::uint8_t>(p.kind));
        putVarint(raw, p.text.size());
        raw.insert(raw.end(), p.text.begin(), p.text.end());
    }
    const std::size_t requests = text.requestBegin.empty() ? 0 : text.requestBegin.size() - 1;
    putVarint(raw, requests);
    for (std::size_t r = 0; r < requests; ++r) {
        const auto parts = text.partsOf(r);
        putVarint(raw, parts.size());
        for (std::uint32_t i : parts)
            putVarint(raw, i);
    }
    rawSize = raw.size();
    return zstdCompress(raw, 3);
}

Expected<PromptText> decodePromptText(std::span<const std::uint8_t> blob, std::uint64_t rawSize)
{
    auto raw = zstdDecompress(blob, rawSize);
    if (!raw)
        return raw.status();
    const std::uint8_t* p = raw->data();
    const std::uint8_t* end = p + raw->size();
    PromptText t;
    std::uint64_t n = 0;
    if (!getVarint(p, end, n))
        return Status::error("corrupt prompt text");
    for (std::uint64_t i = 0; i < n; ++i) {
        std::uint64_t len = 0;
        if (p >= end)
            return Status::error("corrupt prompt text");
        const auto kind = static_cast<SegmentKind>(*p++);
        if (!getVarint(p, end, len) || len > std::uint64_t(end - p))
            return Status::error("corrupt prompt text");
        t.parts.push_back({ kind, std::string(reinterpret_cast<const char*>(p), len) });
        p += len;
    }
    std::uint64_t requests = 0;
    if (!getVarint(p, end, requests))
        return Status::error("corrupt prompt text");
    t.requestBegin.push_back(0);
    for (std::uint64_t r = 0; r < requests; ++r) {
        std::uint64_t count = 0;
        if (!getVarint(p, end, count))
            return Status::error("corrupt prompt text");
        for (std::uint64_t k = 0; k < count; ++k) {
            std::uint64_t idx = 0;
            if (!getVarint(p, end, idx) || idx >= t.parts.size())
                return Status::error("corrupt prompt text");
            t.partIndex.push_back(static_cast<std::uint32_t>(idx));
        }
        t.requestBegin.push_back(static_cast<std::uint32_t>(t.partIndex.size()));
    }
    return t;
}

} // namespace kv::core
