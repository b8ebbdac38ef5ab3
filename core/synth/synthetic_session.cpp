// SPDX-License-Identifier: Apache-2.0
#include "kv/core/synthetic_session.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace kv::core {

namespace {

class Builder
{
public:
    Builder(const SyntheticSpec& spec, Session& s)
        : m_spec(spec)
        , m_s(s)
        , m_rng(spec.seed)
    {
    }

    // Runs one agent: its requests at times relative to its start. Returns its duration.
    double runAgent(std::uint32_t agent, std::uint32_t requests, std::uint32_t depth)
    {
        std::vector<std::uint64_t> prompt;
        const std::uint32_t sys = depth == 0 ? m_spec.systemBlocks : m_spec.systemBlocks / 3 + 8;
        const std::uint64_t sysBase = depth == 0 ? 1 : 1000000ULL * (depth + 1); // sub-agents share a prefix
        for (std::uint32_t i = 0; i < sys; ++i)
            prompt.push_back(sysBase + i);
        std::vector<std::vector<std::uint64_t>> history;
        double t = 0;
        const std::uint32_t model = m_s.strings.intern(depth == 0 ? "claude-opus-4-5" : "claude-haiku-4-5");
        for (std::uint32_t k = 0; k < requests; ++k) {
            if (k > 0)
                t += nextGap(depth);
            if (depth < m_spec.maxDepth && k > 0 && k + 1 < requests && m_rng.chance(m_spec.subagentChance)) {
                const std::uint32_t sub = spawn(agent, depth + 1, t);
                const double took = runAgent(sub, static_cast<std::uint32_t>(m_rng.range(2, 8)), depth + 1);
                t += took + roundTime(m_rng.unit() * 3);
            }
            if (k > 2 && m_rng.chance(m_spec.compactionChance)) {
                // Compaction: the system prefix stays, the conversation becomes a summary.
                prompt.resize(sys);
                for (std::uint64_t i = 0, n = m_rng.range(5, 30); i < n; ++i)
                    prompt.push_back(fresh());
            } else if (history.size() > 2 && m_rng.chance(m_spec.rewindChance)) {
                prompt = history[m_rng.range(1, history.size() - 1)];
            }
            for (std::uint64_t i = 0, n = m_rng.range(1, m_spec.maxNewBlocks); i < n; ++i)
                prompt.push_back(fresh());
            if (depth == 0 && m_rng.chance(m_spec.idleChance))
                t += roundTime(3600 + m_rng.unit() * 3600);
            addRequest(agent, t, prompt, model);
            history.push_back(prompt);
        }
        return t + roundTime(1 + m_rng.unit() * 20);
    }

private:
    double roundTime(double v) const { return m_spec.integerTimes ? std::round(v) : std::round(v * 1000) / 1000; }

    double nextGap(std::uint32_t depth)
    {
        const double u = m_rng.unit();
        if (m_spec.integerTimes && u < 0.08)
            return 0; // ties
        if (depth > 0 || u < 0.7)
            return roundTime(1 + m_rng.unit() * 20); // tool loop
        if (u < 0.95)
            return roundTime(30 + m_rng.unit() * 570); // a person reading and typing
        return roundTime(600 + m_rng.unit() * 3000);
    }

    std::uint64_t fresh() { return ++m_nextHash; }

    std::uint32_t spawn(std::uint32_t parent, std::uint32_t depth, double markerTime)
    {
        Agent a;
        a.parent = static_cast<std::int32_t>(parent);
        a.depth = depth;
        a.markerTime = markerTime;
        a.spawnTime = m_s.agents[parent].spawnTime + markerTime;
        a.key = "agent_" + std::to_string(1000 + m_s.agents.size()).substr(1);
        a.type = m_rng.chance(0.7) ? "Explore" : "general-purpose";
        a.toolTokens = 7401;
        a.systemTokens = 1465;
        m_s.agents.push_back(a);
        return static_cast<std::uint32_t>(m_s.agents.size() - 1);
    }

    void addRequest(std::uint32_t agent, double relTime, const std::vector<std::uint64_t>& prompt, std::uint32_t model)
    {
        Request r;
        r.agent = agent;
        r.relTime = relTime;
        r.time = m_s.agents[agent].spawnTime + relTime;
        r.blockBegin = static_cast<std::uint32_t>(m_s.blocks.size());
        r.blockCount = static_cast<std::uint32_t>(prompt.size());
        m_s.blocks.insert(m_s.blocks.end(), prompt.begin(), prompt.end());
        r.inputTokens = std::uint64_t(prompt.size()) * m_spec.blockSize + m_rng.range(0, m_spec.blockSize - 1);
        r.outputTokens = m_rng.range(20, 2000);
        r.apiTime = std::round((1 + double(r.outputTokens) / 60.0) * 100) / 100;
        r.thinkTime = 0;
        r.model = model;
        r.streamType = m_s.strings.intern("n");
        r.stop = m_s.strings.intern(m_rng.chance(0.8) ? "tool_use" : "end_turn");
        r.inputTypes = m_s.strings.intern(m_rng.chance(0.8) ? "tool_result" : "text");
        r.outputTypes = m_s.strings.intern("text,tool_use");
        m_s.requests.push_back(r);
    }

    const SyntheticSpec& m_spec;
    Session& m_s;
    SplitMix64 m_rng;
    std::uint64_t m_nextHash = 5000000;
};

} // namespace

Session makeSyntheticSession(const SyntheticSpec& spec)
{
    Session s;
    s.name = spec.name;
    s.source = "kv-cache-tester";
    s.hashScope = "local";
    s.blockSize = spec.blockSize;
    Agent main;
    main.key = "main";
    main.type = "main";
    main.toolTokens = 12166;
    main.systemTokens = 3318;
    s.agents.push_back(main);
    Builder(spec, s).runAgent(0, spec.requests, 0);
    // Think time: the client's delay since the previous request of the same agent ended.
    std::vector<double> lastEnd(s.agents.size(), -1);
    for (Request& r : s.requests) {
        double& prev = lastEnd[r.agent];
        r.thinkTime = prev < 0 ? 0 : std::max(0.0, std::round((r.relTime - prev) * 1000) / 1000);
        prev = r.relTime + r.apiTime;
    }
    return s;
}

} // namespace kv::core
