// SPDX-License-Identifier: Apache-2.0
// Level of detail for column charts (STYLE.md section 5): the columns of the visible range,
// at most one per two pixels (the tallest), and how wide to draw them so folded columns leave no
// gaps. Shared by every chart that stacks one column per request.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

class QCPBars;
class QColor;
class QCustomPlot;
class QString;

namespace kv::views {

struct ColumnWindow
{
    std::vector<std::uint32_t> drawn; // indices into the chart's columns
    double lower = 0, upper = 0; // the visible key range
    int buckets = 0; // pixel pairs, never fewer than 600 so larger exports keep their detail
    double width = 0; // column width in key units
};

// x nondecreasing; totals decide which column of a bucket stands for it; columnWidth is the
// width of an unfolded column.
ColumnWindow visibleColumns(
    const QCustomPlot* plot, std::span<const double> x, std::span<const double> totals, double columnWidth);

// A column layer on top of below (nullptr: the bottom layer), drawn the same in every stacked
// column chart.
QCPBars* addColumnLayer(QCustomPlot* plot, const QString& name, const QColor& color, QCPBars* below);

// Hands each layer of a stack its values for the drawn columns: layer k of column j is value(j, k).
void setStackedColumns(std::span<QCPBars* const> layers, std::span<const double> x, const ColumnWindow& window,
    const std::function<double(std::uint32_t column, std::size_t layer)>& value);

} // namespace kv::views
