// SPDX-License-Identifier: Apache-2.0
// Saving a chart as a file: PNG, JPEG, SVG or PDF by the file's extension at a chosen size, or
// its data as CSV (one row per point: series, x, y).
#pragma once

#include <QString>

class QCustomPlot;
class QPainter;

namespace kv::views {

bool exportChart(QCustomPlot* plot, const QString& file, int width, int height, QString* error = nullptr);
QString chartCsv(QCustomPlot* plot);

} // namespace kv::views
