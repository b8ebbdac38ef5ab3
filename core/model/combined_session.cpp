// SPDX-License-Identifier: Apache-2.0
#include "kv/core/combined_session.h"

#include "kv/core/hashing.h"
#include "kv/core/session_analysis.h"

namespace kv::core {

Expected<Session> combineSessions(std::span<const Session* const> sessions)
{
    if (sessions.empty())
        return Status::error("no sessions to combine");
    Session out;
    out.blockSize = sessions.front()->blockSize;
    out.hashScope = "global"; // local hashes are salted below, the way a fleet replay salts them
    out.name = std::to_string(sessions.size()) + " sessions";
    bool anyText = false;
    std::size_t requests = 0, blocks = 0;
    for (const Session* s : sessions) {
        if (s->blockSize != out.blockSize)
            return Status::error("cannot combine sessions of block size " + std::to_string(out.blockSize) + " and "
                + std::to_string(s->blockSize) + " (" + s->name + ") into one cache");
        anyText |= !s->text.empty();
        // One limit for the selection when its sessions agree; none otherwise.
        const std::uint64_t window = contextWindowFor(*s);
        out.contextWindow = s == sessions.front() || out.contextWindow == window ? window : 0;
        requests += s->requests.size();
        blocks += s->blocks.size();
        if (("," + out.source + ",").find("," + s->source + ",") == std::string::npos)
            out.source += (out.source.empty() ? "" : ",") + s->source;
    }
    out.requests.reserve(requests);
    out.blocks.reserve(blocks);
    if (anyText)
        out.text.requestBegin.push_back(0);
    for (std::size_t si = 0; si < sessions.size(); ++si) {
        const Session& s = *sessions[si];
        const std::uint64_t salt = sessions.size() > 1 && s.hashScope != "global" ? si + 1 : 0;
        const auto agentBase = static_cast<std::int32_t>(out.agents.size());
        const auto requestBase = static_cast<std::int32_t>(out.requests.size());
        for (const Agent& a : s.agents) {
            Agent c = a;
            c.parent = a.parent < 0 ? -1 : a.parent + agentBase;
            c.spawnRequest = a.spawnRequest < 0 ? -1 : a.spawnRequest + requestBase;
            c.key = a.parent < 0 ? s.name : s.name + "/" + a.key;
            out.agents.push_back(std::move(c));
        }
        const auto partBase = static_cast<std::uint32_t>(out.text.parts.size());
        for (std::size_t j = 0; j < s.requests.size(); ++j) {
            const Request& r = s.requests[j];
            Request c = r;
            c.agent = r.agent + static_cast<std::uint32_t>(agentBase);
            c.blockBegin = static_cast<std::uint32_t>(out.blocks.size());
            for (std::uint64_t h : s.blocksOf(r))
                out.blocks.push_back(scopedBlockHash(h, salt));
            c.segmentBegin = static_cast<std::uint32_t>(out.segments.size());
            const auto segs = s.segmentsOf(r);
            out.segments.insert(out.segments.end(), segs.begin(), segs.end());
            c.model = out.strings.intern(s.strings.at(r.model));
            c.stop = out.strings.intern(s.strings.at(r.stop));
            c.streamType = out.strings.intern(s.strings.at(r.streamType));
            c.inputTypes = out.strings.intern(s.strings.at(r.inputTypes));
            c.outputTypes = out.strings.intern(s.strings.at(r.outputTypes));
            out.requests.push_back(c);
            if (anyText) {
                if (!s.text.empty())
                    for (std::uint32_t part : s.text.partsOf(j))
                        out.text.partIndex.push_back(part + partBase);
                out.text.requestBegin.push_back(static_cast<std::uint32_t>(out.text.partIndex.size()));
            }
        }
        out.text.parts.insert(out.text.parts.end(), s.text.parts.begin(), s.text.parts.end());
    }
    return out;
}

} // namespace kv::core
