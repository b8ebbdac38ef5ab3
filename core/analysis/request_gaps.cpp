// SPDX-License-Identifier: Apache-2.0
#include "kv/core/request_gaps.h"

#include "kv/core/curves.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace kv::core {

bool endsTurn(std::string_view stop)
{
    return stop == "end_turn" || stop == "stop" || stop == "stop_sequence";
}

RequestGaps requestGaps(const Session& s)
{
    RequestGaps g;
    // Each agent's requests in time order (file order for ties).
    std::vector<std::uint32_t> order(s.requests.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        return s.requests[a].agent != s.requests[b].agent ? s.requests[a].agent < s.requests[b].agent
                                                          : s.requests[a].time < s.requests[b].time;
    });
    for (std::size_t i = 1; i < order.size(); ++i) {
        const Request& prev = s.requests[order[i - 1]];
        const Request& cur = s.requests[order[i]];
        if (prev.agent != cur.agent)
            continue;
        (endsTurn(s.strings.at(prev.stop)) ? g.human : g.toolLoop).push_back(cur.time - prev.time);
    }
    return g;
}

LogHistogram logHistogram(const std::vector<double>& values, double lo, double hi, int bins)
{
    LogHistogram h;
    h.edges = logGrid(lo, hi, bins + 1);
    h.counts.assign(std::size_t(std::max(bins, 1)), 0);
    const double logLo = std::log(lo), span = std::log(hi) - std::log(lo);
    for (double v : values) {
        const double pos = v <= lo ? 0.0 : (std::log(v) - logLo) / span * bins;
        const int bin = std::clamp(int(pos), 0, bins - 1);
        ++h.counts[std::size_t(bin)];
    }
    return h;
}

} // namespace kv::core
