// SPDX-License-Identifier: Apache-2.0
#include "widgets/capacity_curve_chart.h"

#include "widgets/axis_format.h"
#include "widgets/chart_navigation.h"
#include "widgets/chart_theme.h"
#include "widgets/chart_title.h"
#include "widgets/palette.h"

#include <QVBoxLayout>
#include <qcustomplot.h>

#include <cmath>

namespace kv::views {

CapacityCurveChart::CapacityCurveChart(QWidget* parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
    , m_marker(new QCPItemStraightLine(m_plot))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_plot->xAxis->setScaleType(QCPAxis::stLogarithmic);
    // 1, 2, 5 per decade: a session's capacities often span one or two decades only.
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (double decade = 1e3; decade <= 1e10; decade *= 10)
        for (double m : { 1.0, 2.0, 5.0 })
            ticker->addTick(m * decade, formatTokens(m * decade));
    m_plot->xAxis->setTicker(ticker);
    m_plot->xAxis->setLabel(tr("cache capacity (tokens)"));
    m_plot->yAxis->setLabel(tr("hit rate (%)"));
    m_plot->yAxis->setRange(0, 100);
    QCPGraph* g = m_plot->addGraph();
    g->setName(tr("hit rate"));
    g->setPen(QPen(palette::hitRate(), 2.5));
    m_marker->setPen(QPen(QColor(0x2c, 0xa0, 0x2c), 2));
    addChartTitle(m_plot, tr("Hit rate against capacity"));
    followPalette(m_plot);
    m_navigation = new ChartNavigation(m_plot, Qt::Horizontal, [this](QPoint pixel) {
        const int i = nearestPoint(m_plot->graph(0), pixel.x());
        if (i < 0)
            return QString();
        return tr("capacity %1 tokens\nhit rate %2%")
            .arg(formatTokens(m_plot->graph(0)->data()->at(i)->key))
            .arg(m_plot->graph(0)->data()->at(i)->value, 0, 'f', 1);
    });
}

void CapacityCurveChart::show(const core::SessionAnalysis* session, double ttl, std::uint64_t markerTokens)
{
    QVector<double> x, y;
    if (session && session->profile) {
        const core::AccessProfile* one[] = { session->profile.get() };
        for (const core::CurvePoint& p : core::capacityCurve(one, session->capacityGrid, ttl)) {
            x << p.x;
            y << p.hitRate() * 100.0;
        }
    }
    m_plot->graph(0)->setData(x, y, true);
    if (!x.isEmpty())
        m_plot->xAxis->setRange(std::min(x.front(), 1e3), std::max(x.back() * 1.5, 1e4));
    m_navigation->setHome();
    m_marker->setVisible(markerTokens != core::kUnlimited);
    m_marker->point1->setCoords(double(markerTokens), 0);
    m_marker->point2->setCoords(double(markerTokens), 1);
    setChartTitle(m_plot, tr("Hit rate against capacity, TTL %1").arg(std::isinf(ttl) ? tr("none") : formatTtl(ttl)));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace kv::views
