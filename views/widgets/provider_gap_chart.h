// SPDX-License-Identifier: Apache-2.0
// ProviderGapChart: for agent logs with the provider's usage, per request, the tokens the modeled
// cache serves under the what-if policy beside the cache reads the provider reported, with a mark
// where the provider charged for at least 128 tokens the model says were cached.
#pragma once

#include "kv/core/provider_gap.h"
#include "kv/core/session_analysis.h"

#include <QWidget>

class QCustomPlot;

namespace kv::views {

class ChartNavigation;

class ProviderGapChart : public QWidget
{
    Q_OBJECT
public:
    explicit ProviderGapChart(QWidget* parent = nullptr);
    void show(const core::SessionAnalysis* session, const core::CachePolicy& policy);
    QCustomPlot* plot() const { return m_plot; }
    const core::ProviderGap& gap() const { return m_gap; }

private:
    QCustomPlot* m_plot;
    ChartNavigation* m_navigation;
    core::ProviderGap m_gap;
    const core::SessionAnalysis* m_session = nullptr;
};

} // namespace kv::views
