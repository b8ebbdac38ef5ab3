// SPDX-License-Identifier: Apache-2.0
// Level of detail for charts (STYLE.md section 5): a series with more points than the chart has
// pixel columns is reduced to a few points per column before drawing, keeping its shape. The
// answer is a list of indices into the caller's arrays, so every drawn point is a real one.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace kv::core {

// Lines: per bucket of [x0, x1] the first, lowest, highest and last point, plus the nearest point
// on each side of the window so the line enters and leaves it. x must be nondecreasing. When the
// window holds at most 4 points per bucket, every point in it is kept.
std::vector<std::uint32_t> reduceLine(
    std::span<const double> x, std::span<const double> y, double x0, double x1, int buckets);

// Columns: per bucket the point with the largest value (the envelope a person reads from
// columns too thin to see), or every point in the window when it holds at most one per bucket.
std::vector<std::uint32_t> reduceColumns(
    std::span<const double> x, std::span<const double> value, double x0, double x1, int buckets);

} // namespace kv::core
