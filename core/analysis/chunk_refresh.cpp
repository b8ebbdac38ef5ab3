// SPDX-License-Identifier: Apache-2.0
#include "kv/core/chunk_refresh.h"

#include "kv/core/access_profile.h"
#include "kv/core/replay_input.h"
#include "kv/core/session_analysis.h"

#include <algorithm>

namespace kv::core {

namespace {

// The kind of the segment that covers a token offset of a request's prompt.
SegmentKind kindAt(const std::vector<Segment>& segments, double token)
{
    double end = 0;
    for (const Segment& s : segments) {
        end += s.tokens;
        if (token < end)
            return s.kind;
    }
    return segments.empty() ? SegmentKind::Other : segments.back().kind;
}

} // namespace

ChunkRefresh chunkRefresh(const Session& session, const SessionAnalysis& a, const CachePolicy& policy, std::size_t top)
{
    ChunkRefresh out;
    const ReplayInput in = makeReplayInput(session);
    const AccessProfile& p = *a.profile;
    std::vector<std::uint32_t> prefills(in.uniqueBlocks, 0);
    constexpr std::uint32_t kUnseen = 0xffffffffu;
    std::vector<std::uint32_t> firstRequest(in.uniqueBlocks, kUnseen), firstPos(in.uniqueBlocks, 0);
    std::vector<SegmentKind> kind(in.uniqueBlocks, SegmentKind::Other);
    for (std::size_t j = 0; j < in.requestCount(); ++j) {
        const auto blocks = in.blocksOf(j);
        for (std::uint32_t i = 0; i < blocks.size(); ++i) {
            const std::uint32_t b = blocks[i];
            if (firstRequest[b] == kUnseen) {
                firstRequest[b] = std::uint32_t(j);
                firstPos[b] = i;
                kind[b] = kindAt(a.segments[j], double(i) * in.tokensPerBlock[j]);
            }
        }
        for (std::uint32_t i = p.hitBlocks(j, policy); i < blocks.size(); ++i)
            ++prefills[blocks[i]];
    }
    out.uniqueBlocks = in.uniqueBlocks;
    for (std::uint32_t b = 0; b < in.uniqueBlocks; ++b) {
        out.prefilledBlocks += prefills[b];
        ++out.histogram[prefills[b]];
        auto& k = out.byKind[std::size_t(kind[b])];
        ++k.uniqueBlocks;
        k.prefilledBlocks += prefills[b];
    }
    // The most prefilled chunks, ties by first appearance; then who prefilled them again.
    std::vector<std::uint32_t> order(in.uniqueBlocks);
    for (std::uint32_t b = 0; b < in.uniqueBlocks; ++b)
        order[b] = b;
    const std::size_t n = std::min<std::size_t>(top, order.size());
    std::partial_sort(
        order.begin(), order.begin() + std::ptrdiff_t(n), order.end(), [&](std::uint32_t x, std::uint32_t y) {
            return prefills[x] != prefills[y] ? prefills[x] > prefills[y] : x < y;
        });
    std::vector<std::int32_t> slot(in.uniqueBlocks, -1);
    for (std::size_t t = 0; t < n; ++t) {
        const std::uint32_t b = order[t];
        slot[b] = std::int32_t(t);
        out.top.push_back({ b, prefills[b], kind[b], firstRequest[b], firstPos[b], {} });
    }
    for (std::size_t j = 0; j < in.requestCount() && n > 0; ++j) {
        const auto blocks = in.blocksOf(j);
        for (std::uint32_t i = p.hitBlocks(j, policy); i < blocks.size(); ++i) {
            const std::int32_t s = slot[blocks[i]];
            if (s >= 0 && firstRequest[blocks[i]] != j) {
                auto& by = out.top[std::size_t(s)].refreshedBy;
                if (by.empty() || by.back() != j)
                    by.push_back(std::uint32_t(j));
            }
        }
    }
    return out;
}

} // namespace kv::core
