// SPDX-License-Identifier: Apache-2.0
#include "kv/core/session_analysis.h"

#include "kv/core/replay_input.h"

#include <algorithm>

namespace kv::core {

std::uint64_t contextWindowFor(const Session& session)
{
    if (session.contextWindow)
        return session.contextWindow;
    bool claude = false, gpt5 = false;
    std::uint64_t largest = 0;
    for (const Request& r : session.requests) {
        const std::string& model = session.strings.at(r.model);
        claude |= model.rfind("claude", 0) == 0;
        gpt5 |= model.rfind("gpt-5", 0) == 0;
        largest = std::max(largest, r.inputTokens + r.outputTokens);
    }
    // Anthropic: 200k tokens, 1M with the long-context beta (which a prompt over 200k proves).
    if (claude)
        return largest > 200000 ? 1000000 : 200000;
    // OpenAI GPT-5 family: 400k in total, of which 272k input.
    if (gpt5)
        return 272000;
    return 0;
}

SessionAnalysis analyzeSession(const Session& session, std::uint64_t capacityTokens)
{
    SessionAnalysis a;
    a.contextLimit = contextWindowFor(session);
    a.name = session.name;
    a.source = session.source;
    a.blockSize = session.blockSize;
    a.agents = session.agents.size();
    for (const Request& r : session.requests)
        a.outputTokens += r.outputTokens;
    auto sharedInput = std::make_shared<const ReplayInput>(makeReplayInput(session));
    const ReplayInput& input = *sharedInput;
    a.input = sharedInput;
    const std::vector<double> grid = ttlGrid(kStandardTtls);
    auto shared = std::make_shared<AccessProfile>(AccessProfile::build(input, grid));
    const AccessProfile& profile = *shared;
    a.profile = shared;
    a.gaps = requestGaps(session);
    a.ttlGrid = grid;
    a.capacityGrid = capacityGrid(input.uniqueBlocks, session.blockSize);
    std::uint64_t reportedRead = 0, reportedPrompt = 0;
    for (std::size_t j = 0; j < input.requestCount(); ++j) {
        const Request& r = session.requests[input.sourceRequest[j]];
        a.requestOutputTokens.push_back(r.outputTokens);
        a.reportedCacheRead.push_back(r.hasReportedUsage ? r.reportedCacheRead : 0);
        a.reportedUsage.push_back(r.hasReportedUsage);
        a.requestAgent.push_back(r.agent);
        a.sourceRequest.push_back(input.sourceRequest[j]);
        const auto segs = session.segmentsOf(r);
        a.segments.emplace_back(segs.begin(), segs.end());
        if (segs.empty()) {
            // Hash traces know only their agent's tools and system prompt sizes; the rest is conversation.
            const Agent& ag = session.agents[r.agent];
            const std::uint64_t tools = std::min<std::uint64_t>(ag.toolTokens, r.inputTokens);
            const std::uint64_t system = std::min<std::uint64_t>(ag.systemTokens, r.inputTokens - tools);
            auto& out = a.segments.back();
            if (tools)
                out.push_back({ SegmentKind::Tools, std::uint32_t(tools) });
            if (system)
                out.push_back({ SegmentKind::System, std::uint32_t(system) });
            if (r.inputTokens > tools + system)
                out.push_back({ SegmentKind::Other, std::uint32_t(r.inputTokens - tools - system) });
        }
        if (r.hasReportedUsage) {
            a.hasReportedUsage = true;
            reportedRead += r.reportedCacheRead;
            reportedPrompt += r.inputTokens;
        }
        const std::string& model = session.strings.at(r.model);
        if (!model.empty() && ("," + a.models + ",").find("," + model + ",") == std::string::npos)
            a.models += (a.models.empty() ? "" : ",") + model;
    }
    a.reportedHitRate = reportedPrompt ? double(reportedRead) / double(reportedPrompt) : 0.0;
    // Where each request's blocks were first written.
    std::vector<std::uint32_t> firstWriter(input.uniqueBlocks, 0xffffffffu);
    for (std::size_t j = 0; j < input.requestCount(); ++j) {
        const std::uint32_t agent = session.requests[input.sourceRequest[j]].agent;
        auto& origins = a.blockOrigins.emplace_back();
        for (std::uint32_t b : input.blocksOf(j)) {
            if (firstWriter[b] == 0xffffffffu)
                firstWriter[b] = agent;
            const std::uint32_t origin = firstWriter[b];
            auto it
                = std::find_if(origins.begin(), origins.end(), [origin](const auto& o) { return o.first == origin; });
            if (it == origins.end())
                origins.emplace_back(origin, 1);
            else
                ++it->second;
        }
    }
    // Turn ends and context resets, from each agent's previous request.
    std::vector<std::int64_t> previous(session.agents.size(), -1);
    for (std::size_t j = 0; j < input.requestCount(); ++j) {
        const Request& r = session.requests[input.sourceRequest[j]];
        std::int64_t& p = previous[r.agent];
        bool human = false, reset = false;
        if (p >= 0) {
            const Request& prev = session.requests[std::size_t(p)];
            human = endsTurn(session.strings.at(prev.stop));
            const auto a0 = session.blocksOf(prev), a1 = session.blocksOf(r);
            std::size_t common = 0;
            while (common < a0.size() && common < a1.size() && a0[common] == a1[common])
                ++common;
            // kv-cache-tester's own definition of a context reset: over 10% of the blocks dropped.
            reset = a0.size() >= 16 && (a0.size() - common) * 10 > a0.size();
        }
        a.humanTurn.push_back(human);
        a.contextReset.push_back(reset);
        p = std::int64_t(input.sourceRequest[j]);
    }
    if (input.requestCount())
        a.durationSeconds = input.time.back() - input.time.front();
    for (const Agent& ag : session.agents)
        a.agentLabels.push_back(ag.parent >= 0 ? ag.type + " " + ag.key
                : ag.key.empty()               ? std::string("main")
                                               : ag.key); // a combined session's mains carry session names
    for (std::size_t i = 0; i < kStandardTtls.size(); ++i)
        a.atStandardTtl[i]
            = profile.evaluate(CachePolicy::fromTokens(kStandardTtls[i], capacityTokens, session.blockSize)).totals;
    const AccessProfile* one[] = { &profile };
    a.ttlCurve = ttlCurve(one, grid, capacityTokens);
    // Working sets are read off the profile by the views, for any recorded TTL and capacity.
    const double t0 = input.time.empty() ? 0.0 : input.time.front();
    for (std::size_t j = 0; j < input.requestCount(); ++j)
        a.requestTimes.push_back(input.time[j] - t0);
    return a;
}

PrefixBreak explainPrefix(const SessionAnalysis& a, std::size_t j, const CachePolicy& policy)
{
    PrefixBreak b;
    const AccessProfile& p = *a.profile;
    b.blocks = p.blockCount(j);
    b.hitBlocks = p.hitBlocks(j, policy);
    if (b.hitBlocks == b.blocks)
        return b;
    if (b.hitBlocks == p.coldPos(j)) {
        b.cause = PrefixBreak::Cause::Cold;
        return b;
    }
    // The prefix ended at a running-maximum record: the gap record if it passed the TTL there.
    for (const GapRecord& g : p.gapRecords(j))
        if (g.pos == b.hitBlocks && g.gap > policy.ttl) {
            b.cause = PrefixBreak::Cause::Expired;
            b.gapSeconds = g.gap;
            return b;
        }
    for (const DistanceRecord& d : p.distanceRecords(j))
        if (d.pos == b.hitBlocks && d.distance >= policy.capacityBlocks) {
            b.cause = PrefixBreak::Cause::Evicted;
            b.stackDistance = d.distance;
            return b;
        }
    return b;
}

TokenColumn tokenColumn(const SessionAnalysis& a, std::size_t j, const CachePolicy& policy, ColumnSource source)
{
    const AccessProfile& p = *a.profile;
    const std::uint32_t k = p.hitBlocks(j, policy);
    TokenColumn c;
    c.hit = p.hitTokens(j, k);
    // Blocks up to the first never-seen one were cacheable: a bigger or longer-lived cache hits them.
    std::uint64_t cacheableEnd = p.hitTokens(j, std::max(k, p.coldPos(j)));
    if (source == ColumnSource::Provider && a.hasReportedUsage && j < a.reportedCacheRead.size()) {
        c.hit = std::min(a.reportedCacheRead[j], p.inputTokens(j));
        cacheableEnd = std::max(cacheableEnd, c.hit);
    }
    c.missedCacheable = cacheableEnd - c.hit;
    c.fresh = p.inputTokens(j) - cacheableEnd;
    c.output = j < a.requestOutputTokens.size() ? a.requestOutputTokens[j] : 0;
    return c;
}

std::vector<TokenColumn> tokenColumns(const SessionAnalysis& a, const CachePolicy& policy, ColumnSource source)
{
    std::vector<TokenColumn> out;
    if (!a.profile)
        return out;
    out.reserve(a.profile->requestCount());
    for (std::size_t j = 0; j < a.profile->requestCount(); ++j)
        out.push_back(tokenColumn(a, j, policy, source));
    return out;
}

} // namespace kv::core
