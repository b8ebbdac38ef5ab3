// SPDX-License-Identifier: Apache-2.0
// ReplayInput: the requests of one cache namespace in replay order (absolute start time, ties in
// file order), with blocks interned to dense ids. Both replay paths read only this.
#pragma once

#include "kv/core/session.h"
#include "kv/core/status.h"

#include <cstdint>
#include <span>
#include <vector>

namespace kv::core {

struct ReplayInput
{
    std::uint32_t blockSize = 64;
    std::uint32_t uniqueBlocks = 0; // dense ids are 0 .. uniqueBlocks-1
    std::vector<double> time; // per request, nondecreasing
    std::vector<std::uint64_t> inputTokens;
    std::vector<double> tokensPerBlock; // real tokens a block stands for (the block size for hash traces)
    std::vector<std::uint32_t> offset; // size requests+1; blocks of request j: [offset[j], offset[j+1])
    std::vector<std::uint32_t> blocks; // dense ids
    std::vector<std::uint32_t> session; // per request: index of its session in the source list
    std::vector<std::uint32_t> sourceRequest; // per request: index into that session's requests

    std::size_t requestCount() const noexcept { return time.size(); }
    std::span<const std::uint32_t> blocksOf(std::size_t j) const
    {
        return { blocks.data() + offset[j], offset[j + 1] - offset[j] };
    }
};

// Hit tokens of a request whose first k blocks hit: min(k x tokens per block, input tokens).
inline std::uint64_t hitTokensFor(std::uint32_t k, double tokensPerBlock, std::uint64_t inputTokens)
{
    const double t = double(k) * tokensPerBlock;
    const std::uint64_t whole = static_cast<std::uint64_t>(t + 0.5);
    return whole < inputTokens ? whole : inputTokens;
}

enum class AgentSelection
{
    All, // every agent's requests (the default replay)
    MainOnly // the conversation alone, without sub-agents
};

// One session is its own namespace (kv-cache-tester "local" scope, shared by its sub-agents).
ReplayInput makeReplayInput(const Session& session, AgentSelection agents = AgentSelection::All);

// Several sessions replayed into one cache (the fleet view); they must share a block size.
// Content hashes ("global" scope) are shared across sessions; "local" ones stay per session.
Expected<ReplayInput> makeFleetReplayInput(std::span<const Session* const> sessions);

} // namespace kv::core
