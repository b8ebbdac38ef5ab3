// SPDX-License-Identifier: Apache-2.0
// PromptCompositionChart: per request, its prompt's tokens by segment kind (system and tools,
// user text, assistant text, thinking, tool use, tool results, images, compaction summary),
// stacked. Hash traces know only tools and system sizes; the rest shows as conversation.
#pragma once

#include "kv/core/session_analysis.h"

#include <QWidget>

class QCustomPlot;

namespace kv::views {

class PromptCompositionChart : public QWidget
{
    Q_OBJECT
public:
    explicit PromptCompositionChart(QWidget* parent = nullptr);
    void show(const core::SessionAnalysis* session);
    QCustomPlot* plot() const { return m_plot; }

private:
    QCustomPlot* m_plot;
};

} // namespace kv::views
