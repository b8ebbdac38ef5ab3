// SPDX-License-Identifier: Apache-2.0
#include "kv/importers/json_line.h"

#include "kv/importers/utf8_repair.h"

namespace kv::importers {

using nlohmann::json;

std::optional<json> parseJsonLine(const JsonlLine& line, const std::string& path, std::vector<std::string>& warnings)
{
    const std::string where = path + ": line " + std::to_string(line.number) + ": ";
    json j = json::parse(line.text, nullptr, false);
    if (j.is_discarded() && !isValidUtf8(line.text)) {
        j = json::parse(repairUtf8(line.text), nullptr, false);
        if (!j.is_discarded())
            warnings.push_back(where + "invalid UTF-8 replaced with U+FFFD");
    }
    if (j.is_discarded() || !j.is_object()) {
        warnings.push_back(where + (j.is_discarded() ? "invalid JSON" : "not a JSON object")
            + (line.lastWithoutNewline ? " (last line, cut off while written?)" : "") + "; line skipped");
        return std::nullopt;
    }
    return j;
}

std::string jsonString(const json& o, const char* key)
{
    const auto it = o.find(key);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::uint64_t jsonCount(const json& o, const char* key)
{
    const auto it = o.find(key);
    if (it == o.end() || !it->is_number())
        return 0;
    if (it->is_number_unsigned())
        return it->get<std::uint64_t>();
    const double v = it->get<double>();
    return v > 0 ? static_cast<std::uint64_t>(v) : 0;
}

bool jsonFlag(const json& o, const char* key)
{
    const auto it = o.find(key);
    return it != o.end() && it->is_boolean() && it->get<bool>();
}

} // namespace kv::importers
