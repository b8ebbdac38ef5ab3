// SPDX-License-Identifier: Apache-2.0
// Logs may hold raw process output that is not valid UTF-8; JSON parsers reject it. These find
// and replace invalid sequences (with U+FFFD) so the line can still be read.
#pragma once

#include <string>
#include <string_view>

namespace kv::importers {

bool isValidUtf8(std::string_view text);
// A copy with every invalid byte sequence replaced by U+FFFD.
std::string repairUtf8(std::string_view text);

} // namespace kv::importers
