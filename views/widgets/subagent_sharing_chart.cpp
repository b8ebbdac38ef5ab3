// SPDX-License-Identifier: Apache-2.0
#include "widgets/subagent_sharing_chart.h"

#include "widgets/axis_format.h"
#include "widgets/chart_export.h"
#include "widgets/chart_navigation.h"
#include "widgets/chart_theme.h"
#include "widgets/chart_title.h"
#include "widgets/column_lod.h"

#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>

namespace kv::views {

QColor SubagentSharingChart::agentColor(std::size_t agent)
{
    static const QColor colors[]
        = { QColor(0x9e, 0x9e, 0x9e), QColor(0x3b, 0x7d, 0xd8), QColor(0xf2, 0xc1, 0x2e), QColor(0x2c, 0xa0, 0x2c),
              QColor(0xe0, 0x6c, 0x3c), QColor(0x8e, 0x6c, 0xc0), QColor(0x17, 0xbe, 0xcf), QColor(0xc4, 0x4e, 0x52) };
    return colors[agent % std::size(colors)];
}

SubagentSharingChart::SubagentSharingChart(QWidget* parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_plot->xAxis->setLabel(tr("time since the first request (h:mm:ss)"));
    m_plot->xAxis->setTicker(clockTicker());
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    addChartTitle(m_plot, tr("Sub-agent context sharing"));
    followPalette(m_plot);
    m_navigation = new ChartNavigation(m_plot, Qt::Horizontal, [this](QPoint pixel) {
        if (!m_session)
            return QString();
        const double laneAt = std::round(m_plot->yAxis->pixelToCoord(pixel.y()));
        const double key = m_plot->xAxis->pixelToCoord(pixel.x());
        if (laneAt < 0 || laneAt >= double(m_laneDrawn.size()))
            return QString();
        const std::size_t lane = std::size_t(laneAt);
        for (std::uint32_t i : m_laneDrawn[lane]) {
            if (std::abs(m_laneX[lane][i] - key) > m_columnWidth / 2)
                continue;
            const std::uint32_t j = m_laneRequests[lane][i];
            QString text = tr("request %1 of %2 at %3, %4 blocks; first written by:")
                               .arg(j)
                               .arg(QString::fromStdString(m_session->agentLabels[lane]),
                                   formatClock(m_session->requestTimes[j]))
                               .arg(m_laneBlocks[lane][i]);
            for (const auto& [agent, n] : m_session->blockOrigins[j])
                text += QStringLiteral("\n  %1: %2").arg(QString::fromStdString(m_session->agentLabels[agent])).arg(n);
            return text;
        }
        return QString();
    });
    connect(m_plot->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] { redraw(); });
}

void SubagentSharingChart::show(const core::SessionAnalysis* session)
{
    m_plot->clearItems();
    m_plot->clearGraphs();
    m_session = nullptr;
    m_laneX.clear();
    m_plot->setProperty(kOwnCsvProperty, QStringLiteral("request,agent,seconds,first_written_by,blocks\n"));
    const std::size_t agents = session ? session->agentLabels.size() : 0;
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (std::size_t a = 0; a < agents; ++a) {
        ticker->addTick(double(a), QString::fromStdString(session->agentLabels[a]));
        // A legend entry per agent colour: "first written by ...".
        QCPGraph* key = m_plot->addGraph();
        key->setName(tr("first written by %1").arg(QString::fromStdString(session->agentLabels[a])));
        key->setPen(QPen(agentColor(a), 8));
        key->setLineStyle(QCPGraph::lsNone);
        key->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, agentColor(a), agentColor(a), 9));
    }
    m_plot->yAxis->setTicker(ticker);
    m_plot->legend->setVisible(agents <= 12); // beyond that the lane labels say it, and colours repeat
    m_plot->yAxis->setRange(double(agents) - 0.4, -0.6); // the main agent on top
    m_plot->yAxis->setRangeReversed(false);
    if (!session || session->requestTimes.empty()) {
        m_plot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    m_session = session;
    QString csv = QStringLiteral("request,agent,seconds,first_written_by,blocks\n");
    m_laneRequests.assign(agents, {});
    m_laneX.assign(agents, {});
    m_laneBlocks.assign(agents, {});
    const double span = std::max(1.0, session->requestTimes.back());
    m_columnWidth = span / 250.0; // columns of a fixed share of the axis
    for (std::size_t j = 0; j < session->requestTimes.size(); ++j) {
        const std::size_t lane = session->requestAgent[j];
        std::uint32_t total = 0;
        for (const auto& [agent, n] : session->blockOrigins[j]) {
            total += n;
            csv += QStringLiteral("%1,\"%2\",%3,\"%4\",%5\n")
                       .arg(j)
                       .arg(QString::fromStdString(session->agentLabels[lane]))
                       .arg(session->requestTimes[j], 0, 'g', 10)
                       .arg(QString::fromStdString(session->agentLabels[agent]))
                       .arg(n);
        }
        if (!total || lane >= agents)
            continue;
        m_laneRequests[lane].push_back(std::uint32_t(j));
        m_laneX[lane].push_back(session->requestTimes[j]);
        m_laneBlocks[lane].push_back(double(total));
    }
    m_plot->setProperty(kOwnCsvProperty, csv);
    {
        const QSignalBlocker quiet(m_plot->xAxis);
        m_plot->xAxis->setRange(-m_columnWidth, span + m_columnWidth);
    }
    m_plot->yAxis->setRange(-0.6, double(agents) - 0.4);
    m_plot->yAxis->setRangeReversed(true);
    m_navigation->setHome();
    redraw();
    setChartTitle(m_plot, tr("Sub-agent context sharing: %1").arg(QString::fromStdString(session->name)));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void SubagentSharingChart::redraw()
{
    m_plot->clearItems();
    m_laneDrawn.assign(m_laneX.size(), {});
    m_drawnColumns = 0;
    if (!m_session)
        return;
    // One rectangle stack per request, or per pixel pair (the request with the most blocks)
    // when a lane has more requests than that: thousands of items would stall the repaint.
    for (std::size_t lane = 0; lane < m_laneX.size(); ++lane) {
        const ColumnWindow w = visibleColumns(m_plot, m_laneX[lane], m_laneBlocks[lane], m_columnWidth);
        const double width = w.width;
        m_laneDrawn[lane] = w.drawn;
        for (std::uint32_t i : m_laneDrawn[lane]) {
            const std::uint32_t j = m_laneRequests[lane][i];
            const double x = m_laneX[lane][i];
            const double total = m_laneBlocks[lane][i];
            // Stack the origins inside the lane band (0.8 of a lane), in order of first appearance.
            double y = double(lane) - 0.4;
            for (const auto& [agent, n] : m_session->blockOrigins[j]) {
                const double h = 0.8 * double(n) / total;
                auto* rect = new QCPItemRect(m_plot);
                rect->topLeft->setCoords(x - width / 2, y);
                rect->bottomRight->setCoords(x + width / 2, y + h);
                rect->setPen(Qt::NoPen);
                rect->setBrush(agentColor(agent));
                rect->setSelectable(false);
                y += h;
            }
            ++m_drawnColumns;
        }
    }
}

} // namespace kv::views
