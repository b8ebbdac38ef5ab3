// SPDX-License-Identifier: Apache-2.0
// WhatIfState: the policy the views show (TTL and capacity), shared by the sliders, the table
// and the charts; no widgets. TTLs move on the engine's recorded grid (1 s to 24 h, log spaced,
// plus 1 min, 5 min, 1 h and none), so every view reads its numbers off the one-pass replay.
#pragma once

#include "kv/core/cache_policy.h"

#include <QObject>

#include <vector>

namespace kv::views {

class WhatIfState : public QObject
{
    Q_OBJECT
public:
    explicit WhatIfState(QObject* parent = nullptr);

    const std::vector<double>& ttlSteps() const { return m_ttls; }
    const std::vector<std::uint64_t>& capacitySteps() const { return m_capacities; } // tokens; last = unlimited
    int ttlIndex() const { return m_ttlIndex; }
    int capacityIndex() const { return m_capacityIndex; }
    double ttl() const { return m_ttls[std::size_t(m_ttlIndex)]; }
    std::uint64_t capacityTokens() const { return m_capacities[std::size_t(m_capacityIndex)]; }
    core::CachePolicy policy(std::uint32_t blockSize) const
    {
        return core::CachePolicy::fromTokens(ttl(), capacityTokens(), blockSize);
    }

public slots:
    void setTtlIndex(int index);
    void setCapacityIndex(int index);
    // Nearest step to a typed value.
    void setTtl(double seconds);
    void setCapacityTokens(std::uint64_t tokens);

signals:
    void changed();

private:
    std::vector<double> m_ttls;
    std::vector<std::uint64_t> m_capacities;
    int m_ttlIndex = 0;
    int m_capacityIndex = 0;
};

} // namespace kv::views
