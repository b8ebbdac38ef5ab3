// SPDX-License-Identifier: Apache-2.0
// CostChart: what the session's prompts and outputs cost under each cache-write choice, side by
// side: as the provider charged it (logs with usage), no cache, every write at 5 minutes, every
// write at 1 hour, and the clairvoyant optimum. Built-in list prices or a user's price file.
#pragma once

#include "kv/core/session_analysis.h"

#include <QWidget>

class QCustomPlot;

namespace kv::views {

class CostChart : public QWidget
{
    Q_OBJECT
public:
    explicit CostChart(QWidget* parent = nullptr);
    void show(const core::SessionAnalysis* session);
    QCustomPlot* plot() const { return m_plot; }
    // Where the prices come from, for the axis label: a price file's name, or empty for list prices.
    void setPriceSource(const QString& file);
    // The bars' dollars in order (charged first; NaN when the log has no usage), for tests.
    const std::vector<double>& dollars() const { return m_dollars; }

private:
    QCustomPlot* m_plot;
    std::vector<double> m_dollars;
    QString m_priceSource;
};

} // namespace kv::views
