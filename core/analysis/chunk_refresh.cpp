// SPDX-License-Identifier: Apache-2.0
#include "kv/core/chunk_refresh.h"

#include "kv/core/access_profile.h"
#include "kv/core/miss_causes.h"
#include "kv/core/replay_input.h"
#include "kv/core/session_analysis.h"
#include "kv/core/units.h"

#include <algorithm>
#include <cstdio>

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

ChunkRefresh chunkRefresh(const SessionAnalysis& a, const CachePolicy& policy, std::size_t top)
{
    ChunkRefresh out;
    if (!a.input || !a.profile)
        return out;
    const ReplayInput& in = *a.input;
    const AccessProfile& p = *a.profile;
    std::vector<std::uint32_t> prefills(in.uniqueBlocks, 0);
    // Who prefilled a block again, as a 64-bit signature of the request list: blocks that run
    // together into one chunk must share it. A collision would only merge two lists in the table.
    std::vector<std::uint64_t> refreshers(in.uniqueBlocks, 0);
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
        for (std::uint32_t i = p.hitBlocks(j, policy); i < blocks.size(); ++i) {
            const std::uint32_t b = blocks[i];
            ++prefills[b];
            if (firstRequest[b] != j)
                refreshers[b] = (refreshers[b] ^ (j + 1)) * 0x9e3779b97f4a7c15ull;
        }
    }
    out.uniqueBlocks = in.uniqueBlocks;
    for (std::uint32_t b = 0; b < in.uniqueBlocks; ++b) {
        out.prefilledBlocks += prefills[b];
        ++out.histogram[prefills[b]];
        auto& k = out.byKind[std::size_t(kind[b])];
        ++k.uniqueBlocks;
        k.prefilledBlocks += prefills[b];
    }
    // Chunks: dense ids follow first appearance, so blocks that first appeared side by side in
    // one request have consecutive ids.
    struct Run
    {
        std::uint32_t start, length;
    };
    std::vector<Run> runs;
    for (std::uint32_t b = 0; b < in.uniqueBlocks; ++b) {
        const bool continues = b > 0 && firstRequest[b] == firstRequest[b - 1] && firstPos[b] == firstPos[b - 1] + 1
            && kind[b] == kind[b - 1] && prefills[b] == prefills[b - 1] && refreshers[b] == refreshers[b - 1];
        if (continues)
            ++runs.back().length;
        else
            runs.push_back({ b, 1 });
    }
    // The most prefilled chunks, the longest first among equals; then who prefilled them again.
    const std::size_t n = std::min<std::size_t>(top, runs.size());
    std::partial_sort(runs.begin(), runs.begin() + std::ptrdiff_t(n), runs.end(), [&](const Run& x, const Run& y) {
        if (prefills[x.start] != prefills[y.start])
            return prefills[x.start] > prefills[y.start];
        return x.length != y.length ? x.length > y.length : x.start < y.start;
    });
    std::vector<std::int32_t> slot(in.uniqueBlocks, -1);
    for (std::size_t t = 0; t < n; ++t) {
        const std::uint32_t b = runs[t].start;
        slot[b] = std::int32_t(t);
        out.top.push_back({ b, runs[t].length, prefills[b], kind[b], firstRequest[b], firstPos[b], {} });
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

namespace {
std::string percent(double part, double whole)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f%%", whole > 0 ? 100.0 * part / whole : 0.0);
    return buf;
}
} // namespace

std::string describeChunkRefresh(const ChunkRefresh& r, const MissCauses* causes, std::uint32_t blockSize)
{
    if (r.uniqueBlocks == 0)
        return "No chunks: the session has no prompt blocks.";
    char buf[256];
    std::snprintf(buf, sizeof buf, " of %u tokens were prefilled ", blockSize);
    std::string out = withThousands(r.uniqueBlocks) + " distinct blocks" + buf + withThousands(r.prefilledBlocks);
    std::snprintf(buf, sizeof buf, " times: refresh factor %.2f.", double(r.prefilledBlocks) / double(r.uniqueBlocks));
    out += buf;
    std::uint64_t again = 0;
    for (const auto& [times, blocks] : r.histogram)
        if (times > 1)
            again += blocks;
    const std::uint64_t extra = r.prefilledBlocks > r.uniqueBlocks ? r.prefilledBlocks - r.uniqueBlocks : 0;
    if (extra == 0)
        return out + " No chunk was prefilled twice.";
    out += " " + withThousands(again) + " of them were prefilled more than once, " + withThousands(extra)
        + " prefills beyond the first;";
    // The kinds that took most of the re-prefills, largest first.
    std::vector<std::pair<std::uint64_t, std::size_t>> kinds;
    for (std::size_t k = 0; k < r.byKind.size(); ++k)
        if (r.byKind[k].prefilledBlocks > r.byKind[k].uniqueBlocks)
            kinds.emplace_back(r.byKind[k].prefilledBlocks - r.byKind[k].uniqueBlocks, k);
    std::sort(kinds.rbegin(), kinds.rend());
    out += " by kind of content, ";
    for (std::size_t i = 0; i < kinds.size() && i < 3; ++i)
        out += std::string(i ? ", " : "") + segmentKindName(SegmentKind(kinds[i].second)) + " "
            + percent(double(kinds[i].first), double(extra));
    out += ".";
    if (causes) {
        const double expired = double(causes->blocks[std::size_t(MissCause::Expired)]);
        const double evicted = double(causes->blocks[std::size_t(MissCause::Evicted)]);
        const double broken = double(causes->blocks[std::size_t(MissCause::PrefixBroken)]);
        const double all = expired + evicted + broken;
        if (all > 0)
            out += " They were prefilled again because they had expired (" + percent(expired, all)
                + "), had been evicted for capacity (" + percent(evicted, all)
                + ") or came after an earlier miss in the same prompt (" + percent(broken, all) + ").";
    }
    if (!r.top.empty()) {
        const ChunkRefresh::Chunk& c = r.top.front();
        out += " The most refreshed chunk, " + withThousands(std::uint64_t(c.blocks) * blockSize) + " tokens of "
            + segmentKindName(c.kind) + " first seen in request " + std::to_string(c.firstRequest) + " at token "
            + withThousands(std::uint64_t(c.position) * blockSize) + ", was prefilled " + std::to_string(c.prefills)
            + " times.";
    }
    return out;
}

} // namespace kv::core
