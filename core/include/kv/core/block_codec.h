// SPDX-License-Identifier: Apache-2.0
// Compact encoding of an agent's block lists for the store. Consecutive requests of one agent
// mostly repeat the previous prompt and append to it, so each request is stored as the length of
// the prefix it shares with the previous one plus its new hashes as zigzag deltas in varints; the
// whole agent is then zstd-compressed. See docs/PERFORMANCE.md for the sizes measured.
#pragma once

#include "kv/core/status.h"

#include <cstdint>
#include <span>
#include <vector>

namespace kv::core {

struct EncodedBlocks
{
    std::uint32_t encoding = 1; // 1 = shared-prefix + zigzag delta varints, zstd
    std::uint64_t rawSize = 0; // bytes before zstd
    std::vector<std::uint8_t> data;
};

// lists: the block lists of the agent's requests, in order.
EncodedBlocks encodeBlockLists(std::span<const std::span<const std::uint64_t>> lists);

// Appends each decoded list to out and records its (begin, count) in ranges.
Status decodeBlockLists(const EncodedBlocks& blob, std::size_t listCount, std::vector<std::uint64_t>& out,
    std::vector<std::pair<std::uint32_t, std::uint32_t>>& ranges);

} // namespace kv::core
