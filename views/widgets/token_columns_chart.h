// SPDX-License-Identifier: Apache-2.0
// TokenColumnsChart: one stacked column per request (x = request in replay order): tokens served
// from cache (grey), cacheable but missed under the what-if policy (yellow), new (salmon), and
// output (blue). The hit rate of the policy is in the title.
#pragma once

#include "kv/core/session_analysis.h"

#include <QWidget>

class QCheckBox;
class QCustomPlot;
class QCPBars;
class QCPGraph;
class QCPItemStraightLine;
class QCPItemText;

namespace kv::views {

class ChartNavigation;

class TokenColumnsChart : public QWidget
{
    Q_OBJECT
public:
    explicit TokenColumnsChart(QWidget* parent = nullptr);
    void show(const core::SessionAnalysis* session, const core::CachePolicy& policy);
    QCustomPlot* plot() const { return m_plot; }
    // What is drawn, for tests: the stacked values per request.
    const std::vector<core::TokenColumn>& columns() const { return m_columns; }
    // The requests drawn in the visible range: all of them, or one per pixel pair when there
    // are more columns than pixels (the tallest; STYLE.md section 5).
    const std::vector<std::uint32_t>& drawnRequests() const { return m_drawn; }
    double plottedHitRate() const { return m_hitRate; }
    // Columns from what the provider reported instead of the model (agent logs).
    QCheckBox* providerToggle() const { return m_provider; }

signals:
    void requestClicked(int request);

private:
    QCustomPlot* m_plot;
    QCPBars* m_hit;
    QCPBars* m_missed;
    QCPBars* m_fresh;
    QCPBars* m_output;
    ChartNavigation* m_navigation;
    QCPGraph* m_turns; // dots under the columns where a person's turn starts
    QCPGraph* m_resets; // dashed impulses where the context was reset
    QCPItemStraightLine* m_limitLine; // the model's context window
    QCPItemText* m_limitLabel;
    std::vector<double> m_turnX, m_resetX;
    double m_markerY = 0, m_resetTop = 1;
    QCheckBox* m_provider;
    QCheckBox* m_byTime;
    double xOf(std::size_t request) const;
    void redraw(); // the visible columns, reduced to the pixels there are
    std::vector<core::TokenColumn> m_columns;
    std::vector<double> m_x; // per request: where its column stands
    std::vector<double> m_totals; // per request: input + output tokens
    std::vector<std::uint32_t> m_drawn;
    double m_columnWidth = 0.85;
    bool m_folded = false;
    const core::SessionAnalysis* m_session = nullptr;
    core::CachePolicy m_policy;
    int requestAt(double pixelX) const;
    QString describe(std::size_t request) const;
    double m_hitRate = 0;
};

} // namespace kv::views
