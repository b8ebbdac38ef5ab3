// SPDX-License-Identifier: Apache-2.0
// MissCausesChart: per request under the what-if policy, tokens served from cache and missed
// tokens by cause (cold, expired after a person's turn or in a tool loop, evicted,
// prefix-broken), stacked; the plain-language summary of where misses come from above it.
#pragma once

#include "kv/core/miss_causes.h"
#include "kv/core/session_analysis.h"

#include <QString>
#include <QWidget>

#include <array>
#include <vector>

class QCustomPlot;

namespace kv::views {

class ChartNavigation;

class MissCausesChart : public QWidget
{
    Q_OBJECT
public:
    explicit MissCausesChart(QWidget* parent = nullptr);
    void show(const core::SessionAnalysis* session, const core::CachePolicy& policy);
    QCustomPlot* plot() const { return m_plot; }
    const core::MissSummary& summary() const { return m_summary; }
    QString summaryText() const { return m_text; }
    // Series drawn, for tests: per drawn request, the stacked values (hit, then the causes).
    const std::vector<std::uint32_t>& drawnRequests() const { return m_drawn; }

private:
    void redraw();
    QCustomPlot* m_plot;
    QString m_text;
    ChartNavigation* m_navigation;
    const core::SessionAnalysis* m_session = nullptr;
    core::MissSummary m_summary;
    std::vector<std::array<double, 6>> m_values; // hit, cold, expired (person), expired (tools), evicted, broken
    std::vector<double> m_x, m_totals;
    std::vector<std::uint32_t> m_drawn;
};

} // namespace kv::views
