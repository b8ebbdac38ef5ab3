// SPDX-License-Identifier: Apache-2.0
// PromptCompositionChart: per request, its prompt's tokens by segment kind (system and tools,
// user text, assistant text, thinking, tool use, tool results, images, compaction summary),
// stacked. Hash traces know only tools and system sizes; the rest shows as conversation.
#pragma once

#include "kv/core/session_analysis.h"

#include <QWidget>

#include <array>
#include <vector>

class QCustomPlot;

namespace kv::views {

class PromptCompositionChart : public QWidget
{
    Q_OBJECT
public:
    explicit PromptCompositionChart(QWidget* parent = nullptr);
    void show(const core::SessionAnalysis* session);
    QCustomPlot* plot() const { return m_plot; }

    // The requests drawn in the visible range (all, or the largest prompt per pixel pair).
    const std::vector<std::uint32_t>& drawnRequests() const { return m_drawn; }

private:
    void redraw();
    QCustomPlot* m_plot;
    class ChartNavigation* m_navigation;
    const core::SessionAnalysis* m_session = nullptr;
    std::vector<std::array<double, 10>> m_tokens; // per request, per kind (kKinds order)
    std::vector<double> m_x, m_totals;
    std::vector<std::uint32_t> m_drawn;
};

} // namespace kv::views
