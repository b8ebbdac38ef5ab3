// SPDX-License-Identifier: Apache-2.0
// Saving a chart as a file: PNG, JPEG, SVG or PDF by the file's extension at a chosen size, or
// its data as CSV (one row per point: series, x, y).
#pragma once

#include <QString>

class QCustomPlot;
class QPainter;

namespace kv::views {

// A chart that is not made of series sets this property on its plot to its CSV text.
inline constexpr const char* kOwnCsvProperty = "kvscope_csv";

bool exportChart(QCustomPlot* plot, const QString& file, int width, int height, QString* error = nullptr);
QString chartCsv(QCustomPlot* plot);

} // namespace kv::views
