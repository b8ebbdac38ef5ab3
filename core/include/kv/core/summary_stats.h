// SPDX-License-Identifier: Apache-2.0
// Distribution summaries (min, quartiles, max, mean) for corpus statistics tables.
#pragma once

#include <vector>

namespace kv::core {

struct Distribution
{
    std::size_t count = 0;
    double min = 0, p25 = 0, median = 0, p75 = 0, max = 0, mean = 0;
};

// Quantiles interpolate linearly between order statistics (numpy's default). NaNs are ignored.
Distribution summarize(std::vector<double> values);
// The q-quantile (0..1) of values sorted ascending; NaN when empty.
double quantileOfSorted(const std::vector<double>& sorted, double q);

} // namespace kv::core
