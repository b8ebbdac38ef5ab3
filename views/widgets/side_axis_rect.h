// SPDX-License-Identifier: Apache-2.0
// A second axis rect beside a chart's main one, in the same layout row, so the title and note
// rows added afterwards span both. The main rect keeps the mouse (ChartNavigation) and xAxis/yAxis.
#pragma once

#include <qcustomplot.h>

namespace kv::views {

inline QCPAxisRect* addSideAxisRect(QCustomPlot* plot, double mainStretch, double sideStretch)
{
    QCPAxisRect* main = plot->axisRect();
    plot->plotLayout()->take(main);
    plot->plotLayout()->simplify();
    auto* row = new QCPLayoutGrid;
    plot->plotLayout()->addElement(0, 0, row);
    auto* side = new QCPAxisRect(plot);
    row->addElement(0, 0, main);
    row->addElement(0, 1, side);
    row->setColumnStretchFactors({ mainStretch, sideStretch });
    return side;
}

} // namespace kv::views
