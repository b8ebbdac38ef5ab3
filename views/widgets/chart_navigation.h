// SPDX-License-Identifier: Apache-2.0
// What every chart does with the mouse: wheel zooms and dragging pans (along the chosen axes),
// a double click goes back to the whole session, and hovering shows the details a chart
// supplies for the point under the pointer.
#pragma once

#include <QObject>
#include <QPoint>
#include <QString>

#include <functional>

class QCustomPlot;
class QCPGraph;

namespace kv::views {

class ChartNavigation : public QObject
{
    Q_OBJECT
public:
    using HoverText = std::function<QString(QPoint pixel)>; // empty string: no tooltip
    ChartNavigation(QCustomPlot* plot, Qt::Orientations zoomPan, HoverText hover = {});

    // The ranges a double click returns to: call after the chart set its data and ranges.
    void setHome();

private:
    QCustomPlot* m_plot;
    HoverText m_hover;
    double m_home[4] = { 0, 1, 0, 1 }; // x lower, upper, y lower, upper
};

// The data index of a graph's point nearest to a pixel column (log axes included), or -1.
int nearestPoint(const QCPGraph* graph, double pixelX);

} // namespace kv::views
