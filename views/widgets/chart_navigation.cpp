// SPDX-License-Identifier: Apache-2.0
#include "widgets/chart_navigation.h"

#include <QMouseEvent>
#include <QToolTip>
#include <qcustomplot.h>

#include <cmath>

namespace kv::views {

ChartNavigation::ChartNavigation(QCustomPlot* plot, Qt::Orientations zoomPan, HoverText hover)
    : QObject(plot)
    , m_plot(plot)
    , m_hover(std::move(hover))
{
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot->axisRect()->setRangeZoom(zoomPan);
    plot->axisRect()->setRangeDrag(zoomPan);
    connect(plot, &QCustomPlot::mouseDoubleClick, this, [this](QMouseEvent*) {
        m_plot->xAxis->setRange(m_home[0], m_home[1]);
        m_plot->yAxis->setRange(m_home[2], m_home[3]);
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    });
    if (m_hover) {
        plot->setMouseTracking(true);
        connect(plot, &QCustomPlot::mouseMove, this, [this](QMouseEvent* e) {
            if (e->buttons() != Qt::NoButton)
                return; // panning
            const QString text = m_plot->axisRect()->rect().contains(e->pos()) ? m_hover(e->pos()) : QString();
            if (text.isEmpty())
                QToolTip::hideText();
            else
                QToolTip::showText(e->globalPosition().toPoint(), text, m_plot);
        });
    }
    setHome();
}

void ChartNavigation::setHome()
{
    m_home[0] = m_plot->xAxis->range().lower;
    m_home[1] = m_plot->xAxis->range().upper;
    m_home[2] = m_plot->yAxis->range().lower;
    m_home[3] = m_plot->yAxis->range().upper;
}

int nearestPoint(const QCPGraph* graph, double pixelX)
{
    int best = -1;
    double bestDistance = 0;
    const auto data = graph->data();
    for (int i = 0; i < data->size(); ++i) {
        const double d = std::abs(graph->keyAxis()->coordToPixel(data->at(i)->key) - pixelX);
        if (best < 0 || d < bestDistance)
            best = i, bestDistance = d;
    }
    return bestDistance <= 30 ? best : -1;
}

} // namespace kv::views
