// SPDX-License-Identifier: Apache-2.0
// Interned strings of one session (models, stop reasons, agent types): requests carry 32-bit ids.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kv::core {

class StringTable
{
public:
    StringTable() { intern({}); } // id 0 is the empty string
    std::uint32_t intern(std::string_view s)
    {
        auto it = m_index.find(std::string(s));
        if (it != m_index.end())
            return it->second;
        auto id = static_cast<std::uint32_t>(m_strings.size());
        m_strings.emplace_back(s);
        m_index.emplace(m_strings.back(), id);
        return id;
    }
    const std::string& at(std::uint32_t id) const { return m_strings.at(id); }
    std::size_t size() const noexcept { return m_strings.size(); }

private:
    std::vector<std::string> m_strings;
    std::unordered_map<std::string, std::uint32_t> m_index;
};

} // namespace kv::core
