// SPDX-License-Identifier: Apache-2.0
// Durations and token counts as people type them, shared by the CLI and the desktop app:
// "300", "30s", "5m", "5 min", "1h", "1d", "inf"; "262144", "256k", "1.5M", "2G", "inf".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kv::core {

// Seconds (infinity for "inf"); nothing when malformed or negative.
std::optional<double> parseDuration(std::string_view text);
// Tokens (kUnlimited for "inf"/"unlimited"); decimal suffixes; nothing when malformed or negative.
std::optional<std::uint64_t> parseTokenCount(std::string_view text);

// 1234567 as "1,234,567", for sentences and tables people read.
std::string withThousands(std::uint64_t v);

} // namespace kv::core
