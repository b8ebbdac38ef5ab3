// SPDX-License-Identifier: Apache-2.0
// LEB128 varints for the store's compact blobs.
#pragma once

#include <cstdint>
#include <vector>

namespace kv::core {

inline void putVarint(std::vector<std::uint8_t>& out, std::uint64_t v)
{
    while (v >= 0x80) {
        out.push_back(static_cast<std::uint8_t>(v) | 0x80);
        v >>= 7;
    }
    out.push_back(static_cast<std::uint8_t>(v));
}

// Reads one varint at p, advancing it; false when the data ends inside it.
inline bool getVarint(const std::uint8_t*& p, const std::uint8_t* end, std::uint64_t& v)
{
    v = 0;
    for (int shift = 0; shift < 64 && p < end; shift += 7) {
        const std::uint8_t b = *p++;
        v |= std::uint64_t(b & 0x7f) << shift;
        if (!(b & 0x80))
            return true;
    }
    return false;
}

} // namespace kv::core
