// SPDX-License-Identifier: Apache-2.0
#include "bridge/what_if_state.h"

#include "kv/core/curves.h"
#include "kv/core/session_analysis.h"

#include <algorithm>
#include <cmath>

namespace kv::views {

WhatIfState::WhatIfState(QObject* parent)
    : QObject(parent)
    , m_ttls(core::ttlGrid(core::kStandardTtls))
{
    for (double c : core::logGrid(1000.0, 1e8, 41))
        m_capacities.push_back(static_cast<std::uint64_t>(std::llround(c)));
    m_capacities.push_back(core::kUnlimited);
    setTtl(300.0);
    m_capacityIndex = int(m_capacities.size()) - 1;
}

void WhatIfState::setTtlIndex(int index)
{
    index = std::clamp(index, 0, int(m_ttls.size()) - 1);
    if (index == m_ttlIndex)
        return;
    m_ttlIndex = index;
    emit changed();
}

void WhatIfState::setCapacityIndex(int index)
{
    index = std::clamp(index, 0, int(m_capacities.size()) - 1);
    if (index == m_capacityIndex)
        return;
    m_capacityIndex = index;
    emit changed();
}

void WhatIfState::setTtl(double seconds)
{
    // Nearest on a log scale; "inf" only matches itself.
    auto distance = [seconds](double v) {
        if (std::isinf(v) || std::isinf(seconds))
            return std::isinf(v) && std::isinf(seconds) ? 0.0 : double(INFINITY);
        return std::abs(std::log(std::max(v, 1e-3)) - std::log(std::max(seconds, 1e-3)));
    };
    int best = 0;
    for (int i = 1; i < int(m_ttls.size()); ++i)
        if (distance(m_ttls[std::size_t(i)]) < distance(m_ttls[std::size_t(best)]))
            best = i;
    setTtlIndex(best);
}

void WhatIfState::setCapacityTokens(std::uint64_t tokens)
{
    if (tokens == core::kUnlimited) {
        setCapacityIndex(int(m_capacities.size()) - 1);
        return;
    }
    const double target = std::log(double(std::max<std::uint64_t>(tokens, 1)));
    auto distance = [target](std::uint64_t c) { return std::abs(std::log(double(c)) - target); };
    int best = 0;
    for (int i = 1; i + 1 < int(m_capacities.size()); ++i)
        if (distance(m_capacities[std::size_t(i)]) < distance(m_capacities[std::size_t(best)]))
            best = i;
    setCapacityIndex(best);
}

} // namespace kv::views
