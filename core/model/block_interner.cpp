// SPDX-License-Identifier: Apache-2.0
#include "kv/core/block_interner.h"

#include <bit>

namespace kv::core {

BlockInterner::BlockInterner(std::size_t expected)
{
    std::size_t cap = std::bit_ceil(std::max<std::size_t>(16, expected * 2));
    m_slots.assign(cap, Slot { 0, kEmpty });
    m_mask = cap - 1;
}

std::uint32_t BlockInterner::intern(std::uint64_t hash)
{
    std::uint64_t i = mix(hash) & m_mask;
    for (;;) {
        Slot& s = m_slots[i];
        if (s.id == kEmpty) {
            if ((m_count + 1) * 4 > m_slots.size() * 3) { // keep load under 3/4
                grow();
                return intern(hash);
            }
            s.hash = hash;
            s.id = m_count++;
            return s.id;
        }
        if (s.hash == hash)
            return s.id;
        i = (i + 1) & m_mask;
    }
}

void BlockInterner::grow()
{
    std::vector<Slot> old;
    old.swap(m_slots);
    m_slots.assign(old.size() * 2, Slot { 0, kEmpty });
    m_mask = m_slots.size() - 1;
    for (const Slot& s : old) {
        if (s.id == kEmpty)
            continue;
        std::uint64_t i = mix(s.hash) & m_mask;
        while (m_slots[i].id != kEmpty)
            i = (i + 1) & m_mask;
        m_slots[i] = s;
    }
}

} // namespace kv::core
