// SPDX-License-Identifier: Apache-2.0
#include "kv/core/miss_causes.h"

#include "kv/core/session_analysis.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace kv::core {

const char* missCauseName(MissCause cause)
{
    switch (cause) {
    case MissCause::Cold:
        return "cold";
    case MissCause::Expired:
        return "expired";
    case MissCause::Evicted:
        return "evicted";
    case MissCause::PrefixBroken:
        return "prefix_broken";
    }
    return "?";
}

std::uint64_t MissCauses::totalTokens() const
{
    std::uint64_t n = 0;
    for (std::uint64_t t : tokens)
        n += t;
    return n;
}

std::uint64_t MissCauses::totalBlocks() const
{
    std::uint64_t n = 0;
    for (std::uint64_t b : blocks)
        n += b;
    return n;
}

MissCauses& MissCauses::operator+=(const MissCauses& o)
{
    for (std::size_t i = 0; i < kMissCauseCount; ++i) {
        tokens[i] += o.tokens[i];
        blocks[i] += o.blocks[i];
    }
    return *this;
}

namespace {

// Calls fn(first, end, cause) for each stretch of request j's missed blocks with one cause.
template <class Fn>
void forEachMissedStretch(const AccessProfile& p, std::size_t j, const CachePolicy& policy, std::uint32_t k, Fn&& fn)
{
    for (const RunRecord& r : p.runs(j)) {
        const std::uint32_t end = r.pos + r.length;
        if (end <= k)
            continue;
        const std::uint32_t from = std::max(r.pos, k);
        if (r.cold()) {
            fn(from, end, MissCause::Cold);
        } else if (r.gap > policy.ttl) {
            fn(from, end, MissCause::Expired);
        } else {
            // Distances fall by one per block: the first ones of the run may be past the capacity.
            std::uint32_t evictedEnd = from;
            if (policy.capacityBlocks != kUnlimited && r.distance >= policy.capacityBlocks)
                evictedEnd = std::clamp<std::uint64_t>(r.pos + (r.distance - policy.capacityBlocks) + 1, from, end);
            if (evictedEnd > from)
                fn(from, evictedEnd, MissCause::Evicted);
            if (end > evictedEnd)
                fn(evictedEnd, end, MissCause::PrefixBroken);
        }
    }
}

} // namespace

MissCauses missCauses(const AccessProfile& p, std::size_t j, const CachePolicy& policy)
{
    MissCauses out;
    const std::uint32_t k = p.hitBlocks(j, policy);
    forEachMissedStretch(p, j, policy, k, [&](std::uint32_t a, std::uint32_t b, MissCause c) {
        out.blocks[std::size_t(c)] += b - a;
        out.tokens[std::size_t(c)] += p.hitTokens(j, b) - p.hitTokens(j, a);
    });
    // Prompt tokens past the last block were never cacheable.
    out.tokens[std::size_t(MissCause::Cold)] += p.inputTokens(j) - p.hitTokens(j, p.blockCount(j));
    return out;
}

std::vector<MissCause> missedBlockCauses(const AccessProfile& p, std::size_t j, const CachePolicy& policy)
{
    std::vector<MissCause> out;
    const std::uint32_t k = p.hitBlocks(j, policy);
    forEachMissedStretch(
        p, j, policy, k, [&](std::uint32_t a, std::uint32_t b, MissCause c) { out.insert(out.end(), b - a, c); });
    return out;
}

MissSummary summarizeMisses(const SessionAnalysis& a, const CachePolicy& policy)
{
    MissSummary s;
    const AccessProfile& p = *a.profile;
    s.perRequest.reserve(p.requestCount());
    for (std::size_t j = 0; j < p.requestCount(); ++j) {
        const MissCauses m = missCauses(p, j, policy);
        s.inputTokens += p.inputTokens(j);
        s.hitTokens += p.hitTokens(j, p.hitBlocks(j, policy));
        s.causes += m;
        const bool human = j < a.humanTurn.size() && a.humanTurn[j];
        (human ? s.expiredAfterHumanTurn : s.expiredInToolLoop) += m.tokensOf(MissCause::Expired);
        s.perRequest.push_back(m);
    }
    return s;
}

namespace {
std::string percentOf(std::uint64_t part, std::uint64_t whole)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f%%", whole ? 100.0 * double(part) / double(whole) : 0.0);
    return buf;
}
} // namespace

std::string describeMisses(const MissSummary& s, const CachePolicy& policy, std::uint32_t blockSize)
{
    const std::uint64_t missed = s.causes.totalTokens();
    if (s.inputTokens == 0)
        return "No prompt tokens.";
    std::string text = percentOf(missed, s.inputTokens) + " of the prompt tokens missed the cache under "
        + policy.describe(blockSize) + ".";
    if (missed == 0)
        return text;
    const auto share = [&](MissCause c) { return percentOf(s.causes.tokensOf(c), missed); };
    text += " Of the missed tokens, " + share(MissCause::Cold) + " were new (never seen before), "
        + share(MissCause::Expired) + " had expired, " + share(MissCause::Evicted) + " were evicted for capacity and "
        + share(MissCause::PrefixBroken) + " were still cached but came after an earlier miss in the same prompt.";
    const std::uint64_t expired = s.causes.tokensOf(MissCause::Expired);
    if (expired > 0)
        text += " The expired tokens waited on a person (a gap after the assistant ended its turn) for "
            + percentOf(s.expiredAfterHumanTurn, expired) + " and inside tool loops for "
            + percentOf(s.expiredInToolLoop, expired) + ": "
            + (s.expiredAfterHumanTurn >= s.expiredInToolLoop ? "a longer TTL would keep the cache while people think."
                                                              : "tool calls run longer than the TTL.");
    return text;
}

} // namespace kv::core
