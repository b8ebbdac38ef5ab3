// SPDX-License-Identifier: Apache-2.0
#include "widgets/ttl_curve_chart.h"

#include "widgets/axis_format.h"
#include "widgets/chart_navigation.h"
#include "widgets/chart_theme.h"
#include "widgets/chart_title.h"

#include <QVBoxLayout>
#include <qcustomplot.h>

#include <cmath>

namespace kv::views {

TtlCurveChart::TtlCurveChart(QWidget* parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);

    m_plot->xAxis->setScaleType(QCPAxis::stLogarithmic);
    m_plot->xAxis->setTicker(labelledTicker({ { 1, "1 s" }, { 10, "10 s" }, { 60, "1 min" }, { 300, "5 min" },
        { 900, "15 min" }, { 3600, "1 h" }, { 4 * 3600, "4 h" }, { 86400, "24 h" } }));
    m_plot->xAxis->setRange(1, 86400);
    m_plot->xAxis->setLabel(tr("TTL"));
    m_plot->yAxis->setLabel(tr("hit rate (%)"));
    m_plot->yAxis->setRange(0, 100);
    m_plot->yAxis2->setVisible(true);
    m_plot->yAxis2->setLabel(tr("refresh factor (prefills per distinct block)"));

    QCPGraph* hit = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis);
    hit->setName(tr("hit rate"));
    hit->setPen(QPen(QColor(0x1f, 0x77, 0xb4), 2.5));
    QCPGraph* refresh = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis2);
    refresh->setName(tr("refresh factor"));
    refresh->setPen(QPen(QColor(0xd6, 0x27, 0x28), 2, Qt::DashLine));
    for (double ttl : { 60.0, 300.0, 3600.0 }) {
        auto* line = new QCPItemStraightLine(m_plot);
        line->point1->setCoords(ttl, 0);
        line->point2->setCoords(ttl, 1);
        line->setPen(QPen(QColor(150, 150, 150), 1, Qt::DotLine));
    }
    m_marker = new QCPItemStraightLine(m_plot);
    m_marker->setPen(QPen(QColor(0x2c, 0xa0, 0x2c), 2));
    m_marker->setVisible(false);
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
    addChartTitle(m_plot, tr("Hit rate against TTL"));
    followPalette(m_plot);
    new ChartNavigation(m_plot, Qt::Horizontal, [this](QPoint pixel) {
        const int i = nearestPoint(m_plot->graph(0), pixel.x());
        if (i < 0)
            return QString();
        const double ttl = m_plot->graph(0)->data()->at(i)->key;
        return tr("TTL %1\nhit rate %2%\nrefresh factor %3 (prefills per distinct block)")
            .arg(formatTtl(ttl))
            .arg(m_plot->graph(0)->data()->at(i)->value, 0, 'f', 1)
            .arg(m_plot->graph(1)->data()->at(i)->value, 0, 'f', 2);
    });
}

void TtlCurveChart::setMarker(double ttl)
{
    m_marker->setVisible(!std::isinf(ttl));
    if (!std::isinf(ttl)) {
        m_marker->point1->setCoords(ttl, 0);
        m_marker->point2->setCoords(ttl, 1);
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void TtlCurveChart::setSession(const core::SessionAnalysis* session)
{
    QVector<double> x, hit, refresh;
    double maxRefresh = 1;
    if (session) {
        for (const core::CurvePoint& p : session->ttlCurve) {
            if (std::isinf(p.x))
                continue;
            x << p.x;
            hit << p.hitRate() * 100.0;
            refresh << p.refreshFactor();
            maxRefresh = std::max(maxRefresh, p.refreshFactor());
        }
    }
    m_plot->graph(0)->setData(x, hit, true);
    m_plot->graph(1)->setData(x, refresh, true);
    m_plot->yAxis2->setRange(0, maxRefresh * 1.1);
    setChartTitle(m_plot,
        session ? tr("Hit rate against TTL: %1").arg(QString::fromStdString(session->name))
                : tr("Hit rate against TTL"));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace kv::views
