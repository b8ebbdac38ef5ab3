// SPDX-License-Identifier: Apache-2.0
#include "widgets/column_lod.h"

#include "kv/core/series_lod.h"

#include <qcustomplot.h>

#include <algorithm>

namespace kv::views {

ColumnWindow visibleColumns(
    const QCustomPlot* plot, std::span<const double> x, std::span<const double> totals, double columnWidth)
{
    ColumnWindow w;
    w.buckets = std::max(600, int(plot->axisRect()->width()) / 2);
    const QCPRange range = plot->xAxis->range();
    w.lower = range.lower;
    w.upper = range.upper;
    w.drawn = core::reduceColumns(x, totals, range.lower, range.upper, w.buckets);
    // Folded columns widen to their bucket so the envelope has no gaps.
    w.width = std::max(columnWidth, 0.9 * range.size() / w.buckets);
    return w;
}

void setStackedColumns(std::span<QCPBars* const> layers, std::span<const double> x, const ColumnWindow& window,
    const std::function<double(std::uint32_t, std::size_t)>& value)
{
    QVector<double> keys;
    keys.reserve(qsizetype(window.drawn.size()));
    for (std::uint32_t j : window.drawn)
        keys << x[j];
    for (std::size_t k = 0; k < layers.size(); ++k) {
        QVector<double> values;
        values.reserve(keys.size());
        for (std::uint32_t j : window.drawn)
            values << value(j, k);
        layers[k]->setWidth(window.width);
        layers[k]->setData(keys, values, true);
    }
}

QCPBars* addColumnLayer(QCustomPlot* plot, const QString& name, const QColor& color, QCPBars* below)
{
    auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
    bars->setName(name);
    bars->setPen(Qt::NoPen);
    bars->setBrush(color);
    bars->setWidthType(QCPBars::wtPlotCoords);
    bars->setWidth(0.85);
    if (below)
        bars->moveAbove(below);
    return bars;
}

} // namespace kv::views
