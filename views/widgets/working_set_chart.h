// SPDX-License-Identifier: Apache-2.0
// WorkingSetChart: tokens resident in the modeled cache after each request, over the session's
// time, with no TTL, TTLs of 1 minute, 5 minutes and 1 hour, and the what-if policy; each
// request's hit rate under the what-if policy on the right axis.
#pragma once

#include "kv/core/session_analysis.h"

#include <QWidget>

#include <array>
#include <vector>

class QCustomPlot;

namespace kv::views {

class ChartNavigation;

class WorkingSetChart : public QWidget
{
    Q_OBJECT
public:
    explicit WorkingSetChart(QWidget* parent = nullptr);
    void setSession(const core::SessionAnalysis* session, const core::CachePolicy& whatIf = {});
    QCustomPlot* plot() const { return m_plot; }
    // Points handed to QCustomPlot per graph (after level-of-detail reduction), for tests.
    int drawnPoints(int graph) const;

private:
    void redraw(); // the visible range, reduced to a few points per pixel column
    QString describe(QPoint pixel) const;

    QCustomPlot* m_plot;
    ChartNavigation* m_navigation;
    const core::SessionAnalysis* m_session = nullptr;
    core::CachePolicy m_whatIf;
    struct Series
    {
        std::vector<double> x, y;
    };
    std::array<Series, 6> m_series; // no TTL, 5 min, 1 min, 1 h, what-if, hit rate
    std::array<double, 6> m_widths {}; // each graph's pen width when its points are sparse
};

} // namespace kv::views
