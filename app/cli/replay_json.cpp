// SPDX-License-Identifier: Apache-2.0
#include "replay_json.h"

namespace kv::cli {

SessionFacts SessionFacts::of(const core::Session& s)
{
    SessionFacts f;
    f.source = s.source;
    f.agents = s.agents.size();
    for (const core::Request& r : s.requests) {
        f.outputTokens += r.outputTokens;
        if (r.hasReportedUsage) {
            f.hasReportedUsage = true;
            f.reportedCacheRead += r.reportedCacheRead;
            f.reportedCacheWrite += r.reportedCacheWrite5m + r.reportedCacheWrite1h;
        }
    }
    return f;
}

nlohmann::ordered_json sessionJson(
    const std::string& session, const core::ReplayTotals& t, std::uint64_t peakTokens, const SessionFacts& facts)
{
    nlohmann::ordered_json j;
    j["session"] = session;
    j["requests"] = t.requests;
    j["input_tokens"] = t.inputTokens;
    j["hit_tokens"] = t.hitTokens;
    j["hit_rate"] = t.hitRate();
    j["prefilled_blocks"] = t.prefilledBlocks;
    j["unique_blocks"] = t.uniqueBlocks;
    j["refresh_factor"] = t.refreshFactor();
    j["peak_working_set_tokens"] = peakTokens;
    j["source"] = facts.source;
    j["agents"] = facts.agents;
    j["output_tokens"] = facts.outputTokens;
    if (facts.hasReportedUsage) {
        j["reported_cache_read_tokens"] = facts.reportedCacheRead;
        j["reported_cache_write_tokens"] = facts.reportedCacheWrite;
    } else {
        j["reported_cache_read_tokens"] = nullptr;
        j["reported_cache_write_tokens"] = nullptr;
    }
    return j;
}

std::vector<nlohmann::ordered_json> requestJson(
    const core::Session& s, const core::ReplayInput& in, const core::ReplayResult& r)
{
    std::vector<nlohmann::ordered_json> out;
    out.reserve(in.requestCount());
    for (std::size_t j = 0; j < in.requestCount(); ++j) {
        const core::Request& req = s.requests[in.sourceRequest[j]];
        nlohmann::ordered_json o;
        o["session"] = s.name;
        o["request"] = in.sourceRequest[j];
        o["agent"] = s.agents[req.agent].key;
        o["agent_type"] = s.agents[req.agent].type;
        o["t"] = in.time[j];
        o["input_tokens"] = in.inputTokens[j];
        o["hit_tokens"] = r.hitTokens[j];
        o["hit_blocks"] = r.hitBlocks[j];
        o["miss_blocks"] = (in.offset[j + 1] - in.offset[j]) - r.hitBlocks[j];
        o["working_set_tokens"] = std::uint64_t(r.workingSetBlocks[j]) * r.blockSize;
        out.push_back(std::move(o));
    }
    return out;
}

} // namespace kv::cli
