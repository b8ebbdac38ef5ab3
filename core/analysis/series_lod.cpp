// SPDX-License-Identifier: Apache-2.0
#include "kv/core/series_lod.h"

#include <algorithm>
#include <cmath>

namespace kv::core {

namespace {

struct Window
{
    std::size_t begin = 0, end = 0; // points with x in [x0, x1]
};

Window visible(std::span<const double> x, double x0, double x1)
{
    Window w;
    w.begin = std::size_t(std::lower_bound(x.begin(), x.end(), x0) - x.begin());
    w.end = std::size_t(std::upper_bound(x.begin(), x.end(), x1) - x.begin());
    w.end = std::max(w.end, w.begin);
    return w;
}

// The bucket of x in [x0, x1] split in `buckets` equal parts.
int bucketOf(double x, double x0, double width, int buckets)
{
    const int b = width > 0 ? int((x - x0) / width) : 0;
    return std::clamp(b, 0, buckets - 1);
}

} // namespace

std::vector<std::uint32_t> reduceLine(
    std::span<const double> x, std::span<const double> y, double x0, double x1, int buckets)
{
    std::vector<std::uint32_t> out;
    const std::size_t n = std::min(x.size(), y.size());
    x = x.first(n);
    if (n == 0 || buckets < 1 || !(x1 >= x0))
        return out;
    const Window w = visible(x, x0, x1);
    if (w.begin > 0)
        out.push_back(std::uint32_t(w.begin - 1));
    if (w.end - w.begin <= std::size_t(buckets) * 4) {
        for (std::size_t i = w.begin; i < w.end; ++i)
            out.push_back(std::uint32_t(i));
    } else {
        const double width = (x1 - x0) / buckets;
        std::size_t i = w.begin;
        while (i < w.end) {
            const int b = bucketOf(x[i], x0, width, buckets);
            const std::size_t first = i;
            std::size_t lo = i, hi = i, last = i;
            for (; i < w.end && bucketOf(x[i], x0, width, buckets) == b; ++i) {
                if (y[i] < y[lo])
                    lo = i;
                if (y[i] > y[hi])
                    hi = i;
                last = i;
            }
            // In x order: the first point, the extremes in the order they occur, the last point.
            const std::uint32_t keep[] = { std::uint32_t(first), std::uint32_t(std::min(lo, hi)),
                std::uint32_t(std::max(lo, hi)), std::uint32_t(last) };
            for (std::uint32_t k : keep)
                if (out.empty() || out.back() != k)
                    out.push_back(k);
        }
    }
    if (w.end < n)
        out.push_back(std::uint32_t(w.end));
    return out;
}

std::vector<std::uint32_t> reduceColumns(
    std::span<const double> x, std::span<const double> value, double x0, double x1, int buckets)
{
    std::vector<std::uint32_t> out;
    const std::size_t n = std::min(x.size(), value.size());
    x = x.first(n);
    if (n == 0 || buckets < 1 || !(x1 >= x0))
        return out;
    const Window w = visible(x, x0, x1);
    if (w.end - w.begin <= std::size_t(buckets)) {
        for (std::size_t i = w.begin; i < w.end; ++i)
            out.push_back(std::uint32_t(i));
        return out;
    }
    const double width = (x1 - x0) / buckets;
    std::size_t i = w.begin;
    while (i < w.end) {
        const int b = bucketOf(x[i], x0, width, buckets);
        std::size_t best = i;
        for (; i < w.end && bucketOf(x[i], x0, width, buckets) == b; ++i)
            if (value[i] > value[best])
                best = i;
        out.push_back(std::uint32_t(best));
    }
    return out;
}

} // namespace kv::core
