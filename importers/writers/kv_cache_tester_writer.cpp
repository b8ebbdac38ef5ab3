// SPDX-License-Identifier: Apache-2.0
#include "kv/importers/kv_cache_tester_writer.h"

#include "kv/importers/exact_time.h"

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>
#include <vector>

namespace kv::importers {

namespace {

class Writer
{
public:
    explicit Writer(const core::Session& s)
        : m_s(s)
    {
    }

    std::string run()
    {
        m_out.reserve(m_s.blocks.size() * 8 + m_s.requests.size() * 256);
        m_out += "{\"id\":";
        str(m_s.name);
        m_out += ",\"models\":";
        models(0);
        m_out += ",\"block_size\":" + std::to_string(m_s.blockSize);
        m_out += ",\"hash_id_scope\":";
        str(m_s.hashScope);
        m_out += ",\"tool_tokens\":" + std::to_string(m_s.agents.empty() ? 0 : m_s.agents[0].toolTokens);
        m_out += ",\"system_tokens\":" + std::to_string(m_s.agents.empty() ? 0 : m_s.agents[0].systemTokens);
        m_out += ",\"requests\":[";
        std::vector<std::uint32_t> open { 0 }; // agents whose "requests" array is open
        std::vector<bool> first { true };
        for (const core::Request& r : m_s.requests) {
            // Close agents that are not ancestors of r's agent, then open the chain down to it.
            while (!isAncestorOrSelf(open.back(), r.agent)) {
                closeAgent(open.back());
                open.pop_back();
                first.pop_back();
            }
            std::vector<std::uint32_t> chain;
            for (std::uint32_t a = r.agent; a != open.back(); a = static_cast<std::uint32_t>(m_s.agents[a].parent))
                chain.push_back(a);
            for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
                separator(first.back());
                openAgent(*it);
                open.push_back(*it);
                first.push_back(true);
            }
            separator(first.back());
            request(r);
        }
        while (open.size() > 1) {
            closeAgent(open.back());
            open.pop_back();
        }
        m_out += "]}\n";
        return std::move(m_out);
    }

private:
    bool isAncestorOrSelf(std::uint32_t ancestor, std::uint32_t a) const
    {
        for (std::int64_t x = a; x >= 0; x = m_s.agents[std::size_t(x)].parent)
            if (std::uint32_t(x) == ancestor)
                return true;
        return false;
    }
    void separator(std::vector<bool>::reference first)
    {
        if (!first)
            m_out += ',';
        first = false;
    }
    void str(const std::string& s) { m_out += nlohmann::json(s).dump(); }
    void num(double v)
    {
        char buf[32];
        auto res = std::to_chars(buf, buf + sizeof buf, v);
        m_out.append(buf, res.ptr);
    }
    void models(std::uint32_t agent)
    {
        std::set<std::string> names;
        for (const core::Request& r : m_s.requests)
            if (isAncestorOrSelf(agent, r.agent) && (agent != 0 || r.agent == 0))
                names.insert(m_s.strings.at(r.model));
        m_out += '[';
        bool firstName = true;
        for (const std::string& n : names) {
            if (!firstName)
                m_out += ',';
            firstName = false;
            str(n);
        }
        m_out += ']';
    }
    void openAgent(std::uint32_t a)
    {
        const core::Agent& ag = m_s.agents[a];
        m_out += "{\"t\":";
        num(ag.markerTime);
        m_out += ",\"type\":\"subagent\",\"agent_id\":";
        str(ag.key);
        m_out += ",\"subagent_type\":";
        str(ag.type);
        m_out += ",\"models\":";
        models(a);
        m_out += ",\"tool_tokens\":" + std::to_string(ag.toolTokens);
        m_out += ",\"system_tokens\":" + std::to_string(ag.systemTokens);
        m_out += ",\"requests\":[";
    }
    void closeAgent(std::uint32_t) { m_out += "]}"; }
    void request(const core::Request& r)
    {
        m_out += "{\"t\":";
        const double spawn = m_s.agents[r.agent].spawnTime;
        num(spawn + r.relTime == r.time ? r.relTime : exactOffset(r.time, spawn));
        m_out += ",\"type\":";
        str(m_s.strings.at(r.streamType).empty() ? std::string("n") : m_s.strings.at(r.streamType));
        m_out += ",\"model\":";
        str(m_s.strings.at(r.model));
        m_out += ",\"in\":" + std::to_string(r.inputTokens);
        m_out += ",\"out\":" + std::to_string(r.outputTokens);
        m_out += ",\"hash_ids\":[";
        const auto blocks = m_s.blocksOf(r);
        for (std::size_t i = 0; i < blocks.size(); ++i) {
            if (i)
                m_out += ',';
            char buf[24];
            auto res = std::to_chars(buf, buf + sizeof buf, blocks[i]);
            m_out.append(buf, res.ptr);
        }
        m_out += "],\"input_types\":";
        list(m_s.strings.at(r.inputTypes));
        m_out += ",\"output_types\":";
        list(m_s.strings.at(r.outputTypes));
        m_out += ",\"stop\":";
        str(m_s.strings.at(r.stop));
        if (!std::isnan(r.apiTime)) {
            m_out += ",\"api_time\":";
            num(r.apiTime);
        }
        if (!std::isnan(r.thinkTime)) {
            m_out += ",\"think_time\":";
            num(r.thinkTime);
        }
        if (r.promptUnits) // kvscope's extension: blocks of pseudo-tokens (agent logs); others ignore it
            m_out += ",\"prompt_units\":" + std::to_string(r.promptUnits);
        m_out += '}';
    }
    void list(const std::string& joined)
    {
        m_out += '[';
        std::size_t start = 0;
        bool firstItem = true;
        while (!joined.empty() && start <= joined.size()) {
            const std::size_t comma = joined.find(',', start);
            if (!firstItem)
                m_out += ',';
            firstItem = false;
            str(joined.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
            if (comma == std::string::npos)
                break;
            start = comma + 1;
        }
        m_out += ']';
    }

    const core::Session& m_s;
    std::string m_out;
};

} // namespace

std::string writeKvCacheTesterTrace(const core::Session& session)
{
    return Writer(session).run();
}

} // namespace kv::importers
