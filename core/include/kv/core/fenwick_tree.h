// SPDX-License-Identifier: Apache-2.0
// A Fenwick (binary indexed) tree of 64-bit counts: point add and prefix sum in O(log n).
#pragma once

#include <cstdint>
#include <vector>

namespace kv::core {

class FenwickTree
{
public:
    explicit FenwickTree(std::size_t n = 0)
        : m_tree(n + 1, 0)
    {
    }
    void add(std::size_t i, std::int64_t delta)
    {
        for (++i; i < m_tree.size(); i += i & (~i + 1))
            m_tree[i] += delta;
    }
    // Sum of [0, i).
    std::int64_t prefix(std::size_t i) const
    {
        std::int64_t s = 0;
        for (; i > 0; i -= i & (~i + 1))
            s += m_tree[i];
        return s;
    }

private:
    std::vector<std::int64_t> m_tree;
};

} // namespace kv::core
