// SPDX-License-Identifier: Apache-2.0
#include "kv/core/summary_stats.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace kv::core {

double quantileOfSorted(const std::vector<double>& sorted, double q)
{
    if (sorted.empty())
        return std::nan("");
    const double pos = q * double(sorted.size() - 1);
    const std::size_t lo = static_cast<std::size_t>(std::floor(pos));
    const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - double(lo));
}

Distribution summarize(std::vector<double> values)
{
    std::erase_if(values, [](double v) { return std::isnan(v); });
    Distribution d;
    d.count = values.size();
    if (values.empty())
        return d;
    std::sort(values.begin(), values.end());
    d.min = values.front();
    d.max = values.back();
    d.p25 = quantileOfSorted(values, 0.25);
    d.median = quantileOfSorted(values, 0.5);
    d.p75 = quantileOfSorted(values, 0.75);
    d.mean = std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
    return d;
}

} // namespace kv::core
