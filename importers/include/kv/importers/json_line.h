// SPDX-License-Identifier: Apache-2.0
// One JSONL line of an agent log as a JSON object, tolerantly: invalid UTF-8 is repaired, and a
// line that is still not an object becomes a warning naming the file and line. Plus the small
// field readers the log importers share, which never throw on a missing or mistyped field.
#pragma once

#include "kv/importers/jsonl_reader.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace kv::importers {

std::optional<nlohmann::json> parseJsonLine(
    const JsonlLine& line, const std::string& path, std::vector<std::string>& warnings);

std::string jsonString(const nlohmann::json& o, const char* key);
std::uint64_t jsonCount(const nlohmann::json& o, const char* key); // non-negative integers; else 0
bool jsonFlag(const nlohmann::json& o, const char* key);

} // namespace kv::importers
