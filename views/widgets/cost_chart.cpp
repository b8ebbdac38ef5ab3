// SPDX-License-Identifier: Apache-2.0
#include "widgets/cost_chart.h"

#include "kv/core/cache_cost.h"
#include "widgets/chart_navigation.h"
#include "widgets/chart_theme.h"
#include "widgets/chart_title.h"
#include "widgets/palette.h"

#include <QVBoxLayout>
#include <qcustomplot.h>

#include <cmath>

namespace kv::views {

namespace {
const char* const kLabels[] = { "as charged", "no cache", "5-minute writes", "1-hour writes", "clairvoyant" };

QString money(double v)
{
    return QStringLiteral("$") + QString::number(v, 'f', v < 10 ? 3 : 2);
}
} // namespace

CostChart::CostChart(QWidget* parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    auto* bars = new QCPBars(m_plot->yAxis, m_plot->xAxis); // horizontal: one bar per choice
    bars->setName(tr("cost"));
    bars->setPen(Qt::NoPen);
    bars->setBrush(palette::output());
    bars->setWidth(0.6);
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (int i = 0; i < 5; ++i)
        ticker->addTick(i, tr(kLabels[i]));
    m_plot->yAxis->setTicker(ticker);
    m_plot->yAxis->setRange(-0.6, 4.6);
    m_plot->yAxis->setRangeReversed(true);
    m_plot->xAxis->setLabel(tr("US dollars at list prices (prompts and outputs)"));
    addChartTitle(m_plot, tr("Cost of cache-write choices"));
    followPalette(m_plot);
    new ChartNavigation(m_plot, Qt::Horizontal, [this](QPoint pixel) {
        const int i = int(std::lround(m_plot->yAxis->pixelToCoord(pixel.y())));
        if (i < 0 || i >= int(m_dollars.size()) || std::isnan(m_dollars[std::size_t(i)]))
            return QString();
        const double noCache = m_dollars[1];
        return tr("%1: %2\n%3% less than no cache")
            .arg(tr(kLabels[i]), money(m_dollars[std::size_t(i)]))
            .arg(noCache > 0 ? 100.0 * (1.0 - m_dollars[std::size_t(i)] / noCache) : 0.0, 0, 'f', 1);
    });
}

void CostChart::setPriceSource(const QString& file)
{
    m_priceSource = file;
    m_plot->xAxis->setLabel(file.isEmpty() ? tr("US dollars at list prices (prompts and outputs)")
                                           : tr("US dollars at the prices in %1 (prompts and outputs)").arg(file));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void CostChart::show(const core::SessionAnalysis* session)
{
    m_plot->clearItems();
    m_dollars.clear();
    auto* bars = static_cast<QCPBars*>(m_plot->plottable(0));
    QVector<double> keys, values;
    const core::SessionCost* c = session && session->cost ? session->cost.get() : nullptr;
    if (c) {
        m_dollars = { c->charged, c->noCache, c->fiveMinute, c->oneHour, c->clairvoyant };
        double top = 0;
        for (std::size_t i = 0; i < m_dollars.size(); ++i) {
            if (std::isnan(m_dollars[i]))
                continue;
            keys << double(i);
            values << m_dollars[i];
            top = std::max(top, m_dollars[i]);
        }
        // Each bar's amount and its saving against no cache, at its end.
        for (std::size_t i = 0; i < m_dollars.size(); ++i) {
            auto* label = new QCPItemText(m_plot);
            label->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
            label->position->setCoords(std::isnan(m_dollars[i]) ? 0.0 : m_dollars[i], double(i));
            label->setPadding(QMargins(6, 0, 0, 0));
            label->setColor(m_plot->xAxis->tickLabelColor());
            label->setText(std::isnan(m_dollars[i]) ? tr("no usage in this log")
                    : i == 1 || c->noCache <= 0     ? money(m_dollars[i])
                                                    : tr("%1 (%2% less)")
                                                      .arg(money(m_dollars[i]))
                                                      .arg(100.0 * (1.0 - m_dollars[i] / c->noCache), 0, 'f', 1));
        }
        m_plot->xAxis->setRange(0, std::max(top * 1.35, 1e-6));
    }
    bars->setData(keys, values, true);
    setChartTitle(m_plot,
        c && c->unpricedRequests ? tr("Cost of cache-write choices: %1 (%2 requests of unpriced models left out)")
                                       .arg(QString::fromStdString(session->name))
                                       .arg(c->unpricedRequests)
            : session ? tr("Cost of cache-write choices: %1").arg(QString::fromStdString(session->name))
                      : tr("Cost of cache-write choices"));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace kv::views
