// SPDX-License-Identifier: Apache-2.0
// Small stable hashes: FNV-1a for short strings (tokens, names, seeds) and a 64-bit finalizer.
// Stable across platforms and releases, since block hashes derived from them are stored.
#pragma once

#include <cstdint>
#include <string_view>

namespace kv::core {

inline std::uint64_t fnv1a64(std::string_view s)
{
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : s) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

inline std::uint64_t mix64(std::uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// A block hash inside a shared cache. A "local" hash means something only inside its own session,
// so it is salted with the session (salt != 0) and equal ids of different traces stay different
// blocks; salt 0 keeps the hash ("global" content hashes, or a session replayed alone).
inline std::uint64_t scopedBlockHash(std::uint64_t h, std::uint64_t salt)
{
    return salt == 0 ? h : mix64(h + salt * 0x9e3779b97f4a7c15ULL);
}

} // namespace kv::core
