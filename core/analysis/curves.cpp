// SPDX-License-Identifier: Apache-2.0
#include "kv/core/curves.h"

#include <algorithm>
#include <cmath>

namespace kv::core {

std::vector<double> logGrid(double lo, double hi, int points)
{
    std::vector<double> g;
    if (points <= 0 || lo <= 0 || hi < lo)
        return g;
    if (points == 1)
        return { lo };
    g.reserve(points);
    const double step = std::log(hi / lo) / (points - 1);
    for (int i = 0; i < points; ++i)
        g.push_back(i == points - 1 ? hi : lo * std::exp(step * i));
    return g;
}

namespace {
std::vector<double> sortedUnique(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    return v;
}
} // namespace

std::vector<double> ttlGrid(std::span<const double> extra, int points)
{
    std::vector<double> g = logGrid(1.0, 86400.0, points);
    g.insert(g.end(), extra.begin(), extra.end());
    return sortedUnique(std::move(g));
}

std::vector<double> capacityGrid(
    std::uint64_t maxUniqueBlocks, std::uint32_t blockSize, std::span<const double> extraTokens, int points)
{
    std::vector<double> g;
    const double hi = double(std::max<std::uint64_t>(maxUniqueBlocks, 16));
    for (double blocks : logGrid(16.0, hi, points))
        g.push_back(std::round(blocks) * blockSize);
    g.insert(g.end(), extraTokens.begin(), extraTokens.end());
    return sortedUnique(std::move(g));
}

namespace {

template <class HitFn> void accumulate(const AccessProfile& p, CurvePoint& pt, HitFn hit)
{
    pt.uniqueBlocks += p.uniqueBlocks();
    for (std::size_t j = 0; j < p.requestCount(); ++j) {
        const std::uint32_t k = hit(j);
        pt.inputTokens += p.inputTokens(j);
        pt.hitTokens += p.hitTokens(j, k);
        pt.prefilledBlocks += p.blockCount(j) - k;
    }
}

std::uint64_t peakTokens(const AccessProfile& p, double ttl, std::uint64_t capacityBlocks)
{
    if (!p.hasWorkingSet(ttl))
        return 0;
    std::uint64_t peak = 0;
    for (std::size_t j = 0; j < p.requestCount(); ++j)
        peak = std::max<std::uint64_t>(peak, p.workingSetBlocks(j, ttl, capacityBlocks));
    return peak * p.blockSize();
}

} // namespace

std::vector<CurvePoint> ttlCurve(
    std::span<const AccessProfile* const> profiles, std::span<const double> ttls, std::uint64_t capacityTokens)
{
    std::vector<CurvePoint> out(ttls.size());
    for (std::size_t i = 0; i < ttls.size(); ++i) {
        CurvePoint& pt = out[i];
        pt.x = ttls[i];
        for (const AccessProfile* p : profiles) {
            const CachePolicy policy = CachePolicy::fromTokens(ttls[i], capacityTokens, p->blockSize());
            accumulate(*p, pt, [&](std::size_t j) { return p->hitBlocks(j, policy); });
            pt.peakWorkingSetTokens = std::max(pt.peakWorkingSetTokens, peakTokens(*p, ttls[i], policy.capacityBlocks));
        }
    }
    return out;
}

std::vector<CurvePoint> capacityCurve(
    std::span<const AccessProfile* const> profiles, std::span<const double> capacityTokens, double ttl)
{
    std::vector<CurvePoint> out(capacityTokens.size());
    for (std::size_t i = 0; i < capacityTokens.size(); ++i) {
        CurvePoint& pt = out[i];
        pt.x = capacityTokens[i];
        for (const AccessProfile* p : profiles) {
            const CachePolicy policy
                = CachePolicy::fromTokens(ttl, static_cast<std::uint64_t>(capacityTokens[i]), p->blockSize());
            accumulate(*p, pt, [&](std::size_t j) { return p->hitBlocks(j, policy); });
            pt.peakWorkingSetTokens = std::max(pt.peakWorkingSetTokens, peakTokens(*p, ttl, policy.capacityBlocks));
        }
    }
    return out;
}

} // namespace kv::core
