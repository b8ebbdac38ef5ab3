// SPDX-License-Identifier: Apache-2.0
// Maps 64-bit block hashes to dense 32-bit ids (0, 1, 2, ... in first-seen order), so replay
// state lives in flat arrays indexed by id. Open addressing with linear probing; not thread-safe.
#pragma once

#include <cstdint>
#include <vector>

namespace kv::core {

class BlockInterner
{
public:
    explicit BlockInterner(std::size_t expected = 1024);

    // Returns the id of hash, assigning the next id if it is new.
    std::uint32_t intern(std::uint64_t hash);
    std::uint32_t size() const noexcept { return m_count; }

private:
    void grow();
    static std::uint64_t mix(std::uint64_t h) noexcept
    {
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdULL;
        h ^= h >> 33;
        return h;
    }

    struct Slot
    {
        std::uint64_t hash;
        std::uint32_t id; // kEmpty when unused
    };
    static constexpr std::uint32_t kEmpty = 0xffffffffu;
    std::vector<Slot> m_slots;
    std::uint64_t m_mask = 0;
    std::uint32_t m_count = 0;
};

} // namespace kv::core
