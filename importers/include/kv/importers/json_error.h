// SPDX-License-Identifier: Apache-2.0
// Precise syntax-error reports: the fast parsers say only that JSON is malformed; this re-reads
// the text with nlohmann's SAX parser to name the byte offset and what was expected.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kv::importers {

struct JsonSyntaxError
{
    bool found = false;
    std::uint64_t byte = 0;
    std::string message;
};

JsonSyntaxError findJsonSyntaxError(std::string_view text);

} // namespace kv::importers
