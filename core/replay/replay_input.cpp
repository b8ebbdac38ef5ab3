// SPDX-License-Identifier: Apache-2.0
#include "kv/core/replay_input.h"

#include "kv/core/block_interner.h"
#include "kv/core/hashing.h"

#include <algorithm>
#include <numeric>

namespace kv::core {

namespace {

constexpr std::uint32_t kNoId = 0xffffffffu;

struct Pending
{
    double time;
    std::uint32_t session;
    std::uint32_t request;
};

ReplayInput build(std::span<const Session* const> sessions, std::vector<Pending>& order, std::size_t blockTotal)
{
    std::vector<std::uint64_t> salt(sessions.size(), 0);
    if (sessions.size() > 1)
        for (std::size_t i = 0; i < sessions.size(); ++i)
            salt[i] = sessions[i]->hashScope == "global" ? 0 : i + 1;
    // Stable sort keeps file order (depth first) for equal start times, as the semantics require.
    std::stable_sort(order.begin(), order.end(), [](const Pending& a, const Pending& b) { return a.time < b.time; });
    ReplayInput in;
    in.blockSize = sessions.empty() ? 64 : sessions.front()->blockSize;
    const std::size_t n = order.size();
    in.time.reserve(n);
    in.inputTokens.reserve(n);
    in.tokensPerBlock.reserve(n);
    in.offset.reserve(n + 1);
    in.session.reserve(n);
    in.sourceRequest.reserve(n);
    in.blocks.reserve(blockTotal);
    in.offset.push_back(0);
    // Hash-only traces number their blocks 1, 2, 3...: when the largest hash is small, a flat
    // table beats hashing. Otherwise (content hashes are 64-bit) use the interner.
    std::uint64_t maxHash = 0;
    for (const Pending& p : order) {
        const Session& s = *sessions[p.session];
        for (std::uint64_t h : s.blocksOf(s.requests[p.request]))
            maxHash = std::max(maxHash, scopedBlockHash(h, salt[p.session]));
    }
    const bool direct = maxHash < 8 * blockTotal + 4096;
    std::vector<std::uint32_t> table(direct ? maxHash + 1 : 0, kNoId);
    BlockInterner interner(direct ? 16 : blockTotal / 4 + 16);
    std::uint32_t next = 0;
    for (const Pending& p : order) {
        const Session& s = *sessions[p.session];
        const Request& r = s.requests[p.request];
        in.time.push_back(p.time);
        in.inputTokens.push_back(r.inputTokens);
        in.tokensPerBlock.push_back(r.tokensPerBlock(s.blockSize));
        in.session.push_back(p.session);
        in.sourceRequest.push_back(p.request);
        if (direct) {
            for (std::uint64_t h : s.blocksOf(r)) {
                std::uint32_t& id = table[scopedBlockHash(h, salt[p.session])];
                if (id == kNoId)
                    id = next++;
                in.blocks.push_back(id);
            }
        } else {
            for (std::uint64_t h : s.blocksOf(r))
                in.blocks.push_back(interner.intern(scopedBlockHash(h, salt[p.session])));
        }
        in.offset.push_back(static_cast<std::uint32_t>(in.blocks.size()));
    }
    in.uniqueBlocks = direct ? next : interner.size();
    return in;
}

} // namespace

ReplayInput makeReplayInput(const Session& session, AgentSelection agents)
{
    std::vector<Pending> order;
    order.reserve(session.requests.size());
    std::size_t blockTotal = 0;
    for (std::uint32_t i = 0; i < session.requests.size(); ++i) {
        const Request& r = session.requests[i];
        if (agents == AgentSelection::MainOnly && r.agent != 0)
            continue;
        order.push_back({ r.time, 0, i });
        blockTotal += r.blockCount;
    }
    const Session* one[] = { &session };
    return build(one, order, blockTotal);
}

Expected<ReplayInput> makeFleetReplayInput(std::span<const Session* const> sessions)
{
    std::vector<Pending> order;
    std::size_t blockTotal = 0;
    for (std::uint32_t si = 0; si < sessions.size(); ++si) {
        const Session& s = *sessions[si];
        if (s.blockSize != sessions.front()->blockSize)
            return Status::error("cannot replay sessions of block size " + std::to_string(s.blockSize) + " and "
                + std::to_string(sessions.front()->blockSize) + " into one cache (" + s.name + ")");
        for (std::uint32_t i = 0; i < s.requests.size(); ++i) {
            order.push_back({ s.requests[i].time, si, i });
            blockTotal += s.requests[i].blockCount;
        }
    }
    return build(sessions, order, blockTotal);
}

} // namespace kv::core
