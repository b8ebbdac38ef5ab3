// SPDX-License-Identifier: Apache-2.0
#include "kv/importers/jsonl_reader.h"

#include <cstring>

namespace kv::importers {

bool JsonlReader::next(JsonlLine& line)
{
    const std::string& b = m_file.bytes;
    while (m_pos < b.size()) {
        const std::size_t start = m_pos;
        const void* nl = std::memchr(b.data() + start, '\n', b.size() - start);
        const std::size_t end = nl ? std::size_t(static_cast<const char*>(nl) - b.data()) : b.size();
        m_pos = nl ? end + 1 : b.size();
        ++m_number;
        std::string_view text(b.data() + start, end - start);
        if (!text.empty() && text.back() == '\r')
            text.remove_suffix(1);
        if (text.find_first_not_of(" \t") == std::string_view::npos)
            continue;
        line.text = text;
        line.number = m_number;
        line.offset = start;
        line.lastWithoutNewline = !nl;
        return true;
    }
    return false;
}

simdjson::padded_string_view JsonlReader::padded(const JsonlLine& line) const
{
    // Everything after the line up to the buffer's capacity is readable memory.
    const std::size_t readable = m_file.bytes.capacity() - std::size_t(line.text.data() - m_file.bytes.data());
    return simdjson::padded_string_view(line.text.data(), line.text.size(), readable);
}

} // namespace kv::importers
