// SPDX-License-Identifier: Apache-2.0
#include "kv/core/block_codec.h"

#include "kv/core/varint.h"
#include "kv/core/zstd_codec.h"

#include <algorithm>

namespace kv::core {

namespace {

std::uint64_t zigzag(std::uint64_t cur, std::uint64_t prev)
{
    const std::int64_t d = static_cast<std::int64_t>(cur - prev);
    return (static_cast<std::uint64_t>(d) << 1) ^ static_cast<std::uint64_t>(d >> 63);
}

std::uint64_t unzigzag(std::uint64_t z, std::uint64_t prev)
{
    const std::int64_t d = static_cast<std::int64_t>(z >> 1) ^ -static_cast<std::int64_t>(z & 1);
    return prev + static_cast<std::uint64_t>(d);
}

} // namespace

EncodedBlocks encodeBlockLists(std::span<const std::span<const std::uint64_t>> lists)
{
    std::vector<std::uint8_t> raw;
    std::span<const std::uint64_t> prevList;
    for (const auto& list : lists) {
        std::size_t shared = 0;
        const std::size_t maxShared = std::min(list.size(), prevList.size());
        while (shared < maxShared && list[shared] == prevList[shared])
            ++shared;
        putVarint(raw, shared);
        putVarint(raw, list.size() - shared);
        std::uint64_t prev = shared ? list[shared - 1] : 0;
        for (std::size_t i = shared; i < list.size(); ++i) {
            putVarint(raw, zigzag(list[i], prev));
            prev = list[i];
        }
        prevList = list;
    }
    EncodedBlocks e;
    e.rawSize = raw.size();
    e.data = zstdCompress(raw, 3);
    return e;
}

Status decodeBlockLists(const EncodedBlocks& blob, std::size_t listCount, std::vector<std::uint64_t>& out,
    std::vector<std::pair<std::uint32_t, std::uint32_t>>& ranges)
{
    if (blob.encoding != 1)
        return Status::error("unknown block encoding " + std::to_string(blob.encoding));
    auto raw = zstdDecompress(blob.data, blob.rawSize);
    if (!raw)
        return raw.status();
    const std::uint8_t* p = raw->data();
    const std::uint8_t* end = p + raw->size();
    std::size_t prevBegin = 0, prevCount = 0;
    for (std::size_t l = 0; l < listCount; ++l) {
        std::uint64_t shared = 0, fresh = 0;
        if (!getVarint(p, end, shared) || !getVarint(p, end, fresh) || shared > prevCount)
            return Status::error("corrupt block list " + std::to_string(l));
        const std::size_t begin = out.size();
        if (out.capacity() < begin + shared + fresh) // grow geometrically: callers append many lists
            out.reserve(std::max<std::size_t>(begin + shared + fresh, out.capacity() * 2));
        for (std::size_t i = 0; i < shared; ++i)
            out.push_back(out[prevBegin + i]);
        std::uint64_t prev = shared ? out[begin + shared - 1] : 0;
        for (std::uint64_t i = 0; i < fresh; ++i) {
            std::uint64_t z;
            if (!getVarint(p, end, z))
                return Status::error("truncated block list " + std::to_string(l));
            prev = unzigzag(z, prev);
            out.push_back(prev);
        }
        ranges.emplace_back(static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(shared + fresh));
        prevBegin = begin;
        prevCount = shared + fresh;
    }
    if (p != end)
        return Status::error("trailing bytes after block lists");
    return {};
}

} // namespace kv::core
