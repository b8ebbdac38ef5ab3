// SPDX-License-Identifier: Apache-2.0
#include "kv/importers/serving_config_file.h"

#include "kv/core/memory_tiers.h"
#include "kv/core/units.h"

#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

namespace kv::importers {

namespace {

using Json = nlohmann::json;

// A number, or a string with units, read by parse; false when neither.
bool quantity(const Json& v, double& out, const std::function<std::optional<double>(const std::string&)>& parse)
{
    if (v.is_number()) {
        out = v.get<double>();
        return std::isfinite(out) || std::isinf(out);
    }
    if (!v.is_string())
        return false;
    const auto parsed = parse(v.get<std::string>());
    if (!parsed)
        return false;
    out = *parsed;
    return true;
}

std::optional<double> bytes(const std::string& text)
{
    if (text == "inf" || text == "unlimited")
        return std::numeric_limits<double>::infinity();
    const auto b = core::parseByteSize(text);
    return b ? std::optional<double>(double(*b)) : std::nullopt;
}

std::optional<double> bandwidth(const std::string& text)
{
    const std::string perSecond = "/s";
    if (text.size() <= perSecond.size() || text.compare(text.size() - 2, 2, perSecond) != 0)
        return bytes(text);
    return bytes(text.substr(0, text.size() - 2));
}

std::optional<double> seconds(const std::string& text)
{
    for (const auto& [suffix, scale] : { std::pair { "us", 1e-6 }, std::pair { "ms", 1e-3 } }) {
        const std::string s(suffix);
        if (text.size() > s.size() && text.compare(text.size() - s.size(), s.size(), s) == 0) {
            try {
                std::size_t used = 0;
                const std::string number = text.substr(0, text.size() - s.size());
                const double v = std::stod(number, &used);
                if (used == number.size())
                    return v * scale;
            } catch (...) {
            }
            return std::nullopt;
        }
    }
    return core::parseDuration(text);
}

std::optional<double> plain(const std::string&)
{
    return std::nullopt;
}

// Reads an object's fields into their targets; names unknown and malformed fields.
class Fields
{
public:
    Fields(const Json& object, std::string where)
        : m_object(object)
        , m_where(std::move(where))
    {
    }
    Fields& number(const char* key, double& target, std::optional<double> (*parse)(const std::string&) = plain,
        const char* expected = "a number")
    {
        m_known[key] = true;
        if (m_error.empty() && m_object.contains(key) && !quantity(m_object[key], target, parse))
            m_error = m_where + "." + key + ": expected " + expected;
        return *this;
    }
    Fields& count(const char* key, std::uint32_t& target)
    {
        m_known[key] = true;
        if (m_error.empty() && m_object.contains(key)) {
            if (m_object[key].is_number_unsigned() && m_object[key].get<std::uint64_t>() < (1ull << 32))
                target = m_object[key].get<std::uint32_t>();
            else
                m_error = m_where + "." + key + ": expected a whole number";
        }
        return *this;
    }
    Fields& flag(const char* key, bool& target)
    {
        m_known[key] = true;
        if (m_error.empty() && m_object.contains(key)) {
            if (m_object[key].is_boolean())
                target = m_object[key].get<bool>();
            else
                m_error = m_where + "." + key + ": expected true or false";
        }
        return *this;
    }
    Fields& text(const char* key, std::string& target)
    {
        m_known[key] = true;
        if (m_error.empty() && m_object.contains(key)) {
            if (m_object[key].is_string())
                target = m_object[key].get<std::string>();
            else
                m_error = m_where + "." + key + ": expected a string";
        }
        return *this;
    }
    Fields& skip(const char* key)
    {
        m_known[key] = true;
        return *this;
    }
    std::string error() const
    {
        if (!m_error.empty())
            return m_error;
        for (const auto& [key, value] : m_object.items())
            if (!m_known.count(key))
                return m_where + ": unknown field \"" + key + "\"";
        return {};
    }

private:
    const Json& m_object;
    std::string m_where;
    std::map<std::string, bool> m_known;
    std::string m_error;
};

} // namespace

core::Expected<core::ServingConfig> parseServingConfig(const std::string& text, const std::string& source)
{
    const Json doc = Json::parse(text, nullptr, false);
    if (doc.is_discarded())
        return core::Status::error(source + ": not valid JSON");
    if (!doc.is_object())
        return core::Status::error(source + ": expected a JSON object");
    core::ServingConfig c;
    Fields top(doc, source);
    top.text("name", c.name)
        .count("gpus", c.gpus)
        .number("hbm_kv_bytes", c.hbmKvBytes, bytes, "bytes or a size such as \"400GB\"")
        .flag("overlap_loads", c.overlapLoads)
        .number("max_write_backlog_seconds", c.maxWriteBacklogSeconds, seconds, "seconds")
        .count("max_batch", c.maxBatch)
        .count("prefill_chunk_tokens", c.prefillChunkTokens)
        .skip("model")
        .skip("tiers")
        .skip("disaggregated")
        .skip("comment");
    if (const std::string e = top.error(); !e.empty())
        return core::Status::error(e);
    if (doc.contains("model")) {
        if (!doc["model"].is_object())
            return core::Status::error(source + ".model: expected an object");
        core::ServingModelCost& m = c.model;
        Fields model(doc["model"], source + ".model");
        model.text("name", m.name)
            .number("kv_bytes_per_token", m.kvBytesPerToken)
            .number("prefill_tokens_per_second", m.prefillTokensPerSecond)
            .number("attention_context", m.attentionContext)
            .number("decode_step_seconds", m.decodeStepSeconds, seconds, "seconds")
            .number("decode_seconds_per_sequence", m.decodeSecondsPerSequence, seconds, "seconds")
            .number("decode_seconds_per_context_token", m.decodeSecondsPerContextToken, seconds, "seconds");
        if (const std::string e = model.error(); !e.empty())
            return core::Status::error(e);
    }
    if (doc.contains("disaggregated")) {
        if (!doc["disaggregated"].is_object())
            return core::Status::error(source + ".disaggregated: expected an object");
        Fields split(doc["disaggregated"], source + ".disaggregated");
        split.number("prefill_share", c.prefillPoolShare)
            .number("kv_transfer_bandwidth", c.kvTransferBytesPerSecond, bandwidth, "bytes/s or such as \"100GB/s\"");
        if (const std::string e = split.error(); !e.empty())
            return core::Status::error(e);
    }
    if (doc.contains("tiers")) {
        if (!doc["tiers"].is_array())
            return core::Status::error(source + ".tiers: expected an array");
        for (std::size_t i = 0; i < doc["tiers"].size(); ++i) {
            const Json& t = doc["tiers"][i];
            const std::string where = source + ".tiers[" + std::to_string(i) + "]";
            if (!t.is_object())
                return core::Status::error(where + ": expected an object");
            core::KvTierSpec spec;
            Fields tier(t, where);
            tier.text("name", spec.name)
                .number("capacity", spec.capacityBytes, bytes, "bytes or a size such as \"2TB\"")
                .number("read_bandwidth", spec.readBytesPerSecond, bandwidth, "bytes/s or such as \"64GB/s\"")
                .number("write_bandwidth", spec.writeBytesPerSecond, bandwidth, "bytes/s or such as \"64GB/s\"")
                .number("latency", spec.latencySeconds, seconds, "seconds or such as \"10us\"")
                .skip("comment");
            if (const std::string e = tier.error(); !e.empty())
                return core::Status::error(e);
            c.tiers.push_back(std::move(spec));
        }
    }
    if (const core::Status st = c.validate(); !st)
        return core::Status::error(source + ": " + st.message());
    return c;
}

core::Expected<core::ServingConfig> readServingConfigFile(const std::string& path)
{
    std::ifstream in(path);
    if (!in)
        return core::Status::error(path + ": cannot open");
    std::stringstream text;
    text << in.rdbuf();
    return parseServingConfig(text.str(), path);
}

std::string servingConfigJson(const core::ServingConfig& c)
{
    const auto number = [](double v) { return std::isinf(v) ? Json("inf") : Json(v); };
    nlohmann::ordered_json o;
    o["name"] = c.name;
    o["gpus"] = c.gpus;
    o["model"] = { { "name", c.model.name }, { "kv_bytes_per_token", c.model.kvBytesPerToken },
        { "prefill_tokens_per_second", c.model.prefillTokensPerSecond },
        { "attention_context", c.model.attentionContext }, { "decode_step_seconds", c.model.decodeStepSeconds },
        { "decode_seconds_per_sequence", c.model.decodeSecondsPerSequence },
        { "decode_seconds_per_context_token", c.model.decodeSecondsPerContextToken } };
    o["hbm_kv_bytes"] = number(c.hbmKvBytes);
    o["tiers"] = nlohmann::ordered_json::array();
    for (const core::KvTierSpec& t : c.tiers)
        o["tiers"].push_back(
            { { "name", t.name }, { "capacity", number(t.capacityBytes) }, { "read_bandwidth", t.readBytesPerSecond },
                { "write_bandwidth", t.writeBytesPerSecond }, { "latency", t.latencySeconds } });
    o["overlap_loads"] = c.overlapLoads;
    o["max_write_backlog_seconds"] = c.maxWriteBacklogSeconds;
    o["max_batch"] = c.maxBatch;
    o["prefill_chunk_tokens"] = c.prefillChunkTokens;
    if (c.prefillPoolShare > 0)
        o["disaggregated"]
            = { { "prefill_share", c.prefillPoolShare }, { "kv_transfer_bandwidth", c.kvTransferBytesPerSecond } };
    return o.dump(2) + "\n";
}

} // namespace kv::importers
