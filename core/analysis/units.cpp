// SPDX-License-Identifier: Apache-2.0
#include "kv/core/units.h"

#include "kv/core/cache_policy.h"

#include <charconv>
#include <cmath>
#include <string>

namespace kv::core {

namespace {
std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

// A non-negative number followed by a suffix (returned trimmed).
std::optional<double> number(std::string_view s, std::string_view& suffix)
{
    s = trim(s);
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end == s.data() || std::isnan(v) || v < 0)
        return std::nullopt;
    suffix = trim(std::string_view(end, std::size_t(s.data() + s.size() - end)));
    return v;
}
} // namespace

std::optional<double> parseDuration(std::string_view text)
{
    text = trim(text);
    if (text == "inf" || text == "infinite" || text == "none" || text == "no TTL")
        return kInfiniteTtl;
    std::string_view unit;
    const auto v = number(text, unit);
    if (!v)
        return std::nullopt;
    if (unit.empty() || unit == "s")
        return *v;
    if (unit == "m" || unit == "min")
        return *v * 60;
    if (unit == "h")
        return *v * 3600;
    if (unit == "d")
        return *v * 86400;
    return std::nullopt;
}

std::optional<std::uint64_t> parseTokenCount(std::string_view text)
{
    text = trim(text);
    if (text == "inf" || text == "unlimited")
        return kUnlimited;
    std::string_view unit;
    const auto v = number(text, unit);
    if (!v)
        return std::nullopt;
    if (unit.ends_with("tokens"))
        unit = trim(unit.substr(0, unit.size() - 6));
    double mult = 1;
    if (unit == "k" || unit == "K")
        mult = 1e3;
    else if (unit == "M")
        mult = 1e6;
    else if (unit == "G")
        mult = 1e9;
    else if (!unit.empty())
        return std::nullopt;
    return static_cast<std::uint64_t>(std::llround(*v * mult));
}

std::string withThousands(std::uint64_t v)
{
    std::string s = std::to_string(v);
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3)
        s.insert(static_cast<std::size_t>(i), ",");
    return s;
}

} // namespace kv::core
