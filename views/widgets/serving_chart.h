// SPDX-License-Identifier: Apache-2.0
// ServingChart: output tokens per second one GPU serves against context length, one line per hit
// rate, from the GPU's prefill and decode rates typed above the chart; the session sits on it at
// its mean context and its hit rate under the what-if policy, beside where it would be uncached.
#pragma once

#include "kv/core/serving_economics.h"
#include "kv/core/session_analysis.h"

#include <QWidget>

class QCustomPlot;
class QDoubleSpinBox;

namespace kv::views {

class ServingChart : public QWidget
{
    Q_OBJECT
public:
    explicit ServingChart(QWidget* parent = nullptr);
    void show(const core::SessionAnalysis* session, const core::CachePolicy& policy);
    QCustomPlot* plot() const { return m_plot; }
    const core::SessionServing& serving() const { return m_serving; }
    core::GpuRates rates() const;

private:
    void update();
    QCustomPlot* m_plot;
    QDoubleSpinBox* m_prefill;
    QDoubleSpinBox* m_decode;
    QDoubleSpinBox* m_attention;
    const core::SessionAnalysis* m_session = nullptr;
    core::CachePolicy m_policy;
    core::SessionServing m_serving;
};

} // namespace kv::views
