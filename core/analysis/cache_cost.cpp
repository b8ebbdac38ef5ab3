// SPDX-License-Identifier: Apache-2.0
#include "kv/core/cache_cost.h"

#include "kv/core/access_profile.h"
#include "kv/core/replay_input.h"

#include <algorithm>
#include <array>
#include <limits>
#include <optional>

namespace kv::core {

std::span<const ModelPrice> builtinPrices()
{
    // $ per million tokens: input, output, 5-minute write, 1-hour write, cache read.
    static const std::array<ModelPrice, 12> prices { {
        { "claude-opus-4-5", 5, 25, 6.25, 10, 0.5 },
        { "claude-opus-4", 15, 75, 18.75, 30, 1.5 },
        { "claude-sonnet-4", 3, 15, 3.75, 6, 0.3 },
        { "claude-3-7-sonnet", 3, 15, 3.75, 6, 0.3 },
        { "claude-haiku-4-5", 1, 5, 1.25, 2, 0.1 },
        { "claude-3-5-haiku", 0.8, 4, 1, 1.6, 0.08 },
        { "gpt-5-mini", 0.25, 2, 0.25, 0.25, 0.025 },
        { "gpt-5-nano", 0.05, 0.4, 0.05, 0.05, 0.005 },
        { "gpt-5", 1.25, 10, 1.25, 1.25, 0.125 },
        { "gpt-4.1", 2, 8, 2, 2, 0.5 },
        { "o3", 2, 8, 2, 2, 0.5 },
        { "o4-mini", 1.1, 4.4, 1.1, 1.1, 0.275 },
    } };
    return prices;
}

const ModelPrice* findPrice(std::span<const ModelPrice> prices, std::string_view model)
{
    const ModelPrice* best = nullptr;
    for (const ModelPrice& p : prices)
        if (model.substr(0, p.model.size()) == p.model && (!best || p.model.size() > best->model.size()))
            best = &p;
    return best;
}

SessionCost sessionCost(
    const Session& s, std::span<const ModelPrice> prices, const AccessProfile* profile, const ReplayInput* input)
{
    SessionCost c;
    std::optional<ReplayInput> ownInput; // the block ids, which the profile does not keep
    if (!input)
        input = &ownInput.emplace(makeReplayInput(s));
    const ReplayInput& in = *input;
    std::optional<AccessProfile> own;
    if (!profile)
        profile = &own.emplace(AccessProfile::build(in));
    const AccessProfile& p = *profile;
    const std::size_t n = in.requestCount();
    std::vector<const ModelPrice*> price(n, nullptr);
    constexpr double M = 1e6;
    double charged = 0;
    for (std::size_t j = 0; j < n; ++j) {
        const Request& r = s.requests[in.sourceRequest[j]];
        price[j] = findPrice(prices, s.strings.at(r.model));
        if (!price[j]) {
            ++c.unpricedRequests;
            continue;
        }
        const ModelPrice& m = *price[j];
        const double in_ = double(p.inputTokens(j)), out = double(r.outputTokens) * m.output / M;
        c.noCache += in_ * m.input / M + out;
        const double hit5 = double(p.hitTokens(j, p.hitBlocks(j, CachePolicy { 300, kUnlimited })));
        const double hit1h = double(p.hitTokens(j, p.hitBlocks(j, CachePolicy { 3600, kUnlimited })));
        c.fiveMinute += (hit5 * m.read + (in_ - hit5) * m.write5m) / M + out;
        c.oneHour += (hit1h * m.read + (in_ - hit1h) * m.write1h) / M + out;
        if (r.hasReportedUsage) {
            ++c.chargedRequests;
            // Real Claude Code logs carry cache_creation_input_tokens of 2^64 - 3: a negative count
            // written unsigned. Nothing is charged for it.
            const auto count = [](std::uint64_t v) { return v > (std::uint64_t(1) << 62) ? 0.0 : double(v); };
            charged += (count(r.reportedUncached) * m.input + count(r.reportedCacheWrite5m) * m.write5m
                           + count(r.reportedCacheWrite1h) * m.write1h + count(r.reportedCacheRead) * m.read)
                    / M
                + out;
        }
        // Tokens past the last block can never be cached; output is the same for every choice.
        c.clairvoyant += double(p.inputTokens(j) - p.hitTokens(j, p.blockCount(j))) * m.input / M + out;
    }
    if (c.chargedRequests)
        c.charged = charged;

    // Clairvoyant: every block's accesses in replay order (CSR), then a backward pass per block.
    std::vector<std::uint32_t> begin(in.uniqueBlocks + 1, 0);
    for (std::size_t j = 0; j < n; ++j)
        if (price[j])
            for (std::uint32_t b : in.blocksOf(j))
                ++begin[b + 1];
    for (std::uint32_t b = 0; b < in.uniqueBlocks; ++b)
        begin[b + 1] += begin[b];
    struct Access
    {
        double time;
        double tokens;
        const ModelPrice* price;
    };
    std::vector<Access> acc(begin.back());
    std::vector<std::uint32_t> fill(begin.begin(), begin.end() - 1);
    for (std::size_t j = 0; j < n; ++j) {
        if (!price[j])
            continue;
        const auto blocks = in.blocksOf(j);
        for (std::uint32_t i = 0; i < blocks.size(); ++i)
            acc[fill[blocks[i]]++] = { in.time[j], double(p.hitTokens(j, i + 1) - p.hitTokens(j, i)), price[j] };
    }
    // best[k]: the cheapest way to serve accesses k.. when access k finds the block gone. A write
    // with TTL T is read by the following accesses while each comes within T of the previous one:
    // end5[k] / end1h[k] is the first access that does not (a backward scan), and read costs are
    // prefix sums, so each block costs O(its accesses).
    std::vector<double> best, readSum;
    std::vector<std::uint32_t> end5, end1h;
    for (std::uint32_t b = 0; b < in.uniqueBlocks; ++b) {
        const Access* x = acc.data() + begin[b];
        const std::size_t m = begin[b + 1] - begin[b];
        if (m == 0)
            continue;
        best.assign(m + 1, 0.0);
        readSum.assign(m + 1, 0.0);
        end5.assign(m + 1, std::uint32_t(m));
        end1h.assign(m + 1, std::uint32_t(m));
        for (std::size_t k = 0; k < m; ++k)
            readSum[k + 1] = readSum[k] + x[k].tokens * x[k].price->read / M;
        for (std::size_t k = m; k-- > 0;) {
            const bool next5 = k + 1 < m && x[k + 1].time - x[k].time <= 300.0;
            const bool next1h = k + 1 < m && x[k + 1].time - x[k].time <= 3600.0;
            end5[k] = next5 ? end5[k + 1] : std::uint32_t(k + 1);
            end1h[k] = next1h ? end1h[k + 1] : std::uint32_t(k + 1);
            const double none = x[k].tokens * x[k].price->input / M + best[k + 1];
            const double five
                = x[k].tokens * x[k].price->write5m / M + readSum[end5[k]] - readSum[k + 1] + best[end5[k]];
            const double hour
                = x[k].tokens * x[k].price->write1h / M + readSum[end1h[k]] - readSum[k + 1] + best[end1h[k]];
            best[k] = std::min({ none, five, hour });
        }
        c.clairvoyant += best[0];
    }
    return c;
}

} // namespace kv::core
