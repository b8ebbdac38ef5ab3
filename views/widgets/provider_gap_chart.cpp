// SPDX-License-Identifier: Apache-2.0
#include "widgets/provider_gap_chart.h"

#include "widgets/axis_format.h"
#include "widgets/chart_navigation.h"
#include "widgets/chart_theme.h"
#include "widgets/chart_title.h"
#include "widgets/palette.h"

#include <QLocale>
#include <QVBoxLayout>
#include <qcustomplot.h>

namespace kv::views {

namespace {
constexpr std::uint64_t kWorthMarking = 128; // less is within block granularity of tokenizer-free chunking
}

ProviderGapChart::ProviderGapChart(QWidget* parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    auto* group = new QCPBarsGroup(m_plot);
    auto bars = [&](const QString& name, const QColor& color) {
        auto* b = new QCPBars(m_plot->xAxis, m_plot->yAxis);
        b->setName(name);
        b->setPen(Qt::NoPen);
        b->setBrush(color);
        b->setWidth(0.4);
        b->setBarsGroup(group);
        return b;
    };
    bars(tr("modeled cache serves"), palette::hit());
    bars(tr("provider reported reading"), palette::output());
    QCPGraph* marks = m_plot->addGraph();
    marks->setName(tr("provider charged for cached tokens (128 or more)"));
    marks->setLineStyle(QCPGraph::lsNone);
    marks->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssTriangleInverted, QColor(0xd6, 0x27, 0x28), 9));
    m_plot->xAxis->setLabel(tr("request (replay order)"));
    m_plot->yAxis->setLabel(tr("prompt tokens served from cache"));
    m_plot->yAxis->setTicker(tokenTicker());
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    addChartTitle(m_plot, tr("Provider gap"));
    followPalette(m_plot);
    m_navigation = new ChartNavigation(m_plot, Qt::Horizontal, [this](QPoint pixel) {
        const int key = int(std::lround(m_plot->xAxis->pixelToCoord(pixel.x())));
        for (const auto& r : m_gap.requests)
            if (int(r.request) == key) {
                const QLocale l;
                return tr("request %1\nprompt %2 tokens\nmodeled cache serves %3\nprovider read %4\ncharged for "
                          "cached: %5")
                    .arg(r.request)
                    .arg(l.toString(qulonglong(r.inputTokens)), l.toString(qulonglong(r.modeledHitTokens)),
                        l.toString(qulonglong(r.reportedCacheRead)), l.toString(qulonglong(r.providerMissed())));
            }
        return QString();
    });
}

void ProviderGapChart::show(const core::SessionAnalysis* session, const core::CachePolicy& policy)
{
    m_session = session;
    m_gap = session ? core::providerGap(*session, policy) : core::ProviderGap {};
    QVector<double> x, modeled, reported, mx, my;
    double top = 1;
    for (const auto& r : m_gap.requests) {
        x << double(r.request);
        modeled << double(r.modeledHitTokens);
        reported << double(r.reportedCacheRead);
        top = std::max({ top, double(r.modeledHitTokens), double(r.reportedCacheRead) });
        if (r.providerMissed() >= kWorthMarking) {
            mx << double(r.request);
            my << double(r.modeledHitTokens);
        }
    }
    static_cast<QCPBars*>(m_plot->plottable(0))->setData(x, modeled, true);
    static_cast<QCPBars*>(m_plot->plottable(1))->setData(x, reported, true);
    m_plot->graph(0)->setData(mx, my, true);
    m_plot->xAxis->setRange(
        -1, std::max<double>(1, session && session->profile ? double(session->profile->requestCount()) : 1));
    m_plot->yAxis->setRange(0, top * 1.12);
    m_navigation->setHome();
    if (!session) {
        setChartTitle(m_plot, tr("Provider gap"));
    } else if (m_gap.requests.empty()) {
        setChartTitle(m_plot,
            tr("Provider gap: %1 has no provider usage (only Claude Code and Codex logs do)")
                .arg(QString::fromStdString(session->name)));
    } else {
        const double in = double(std::max<std::uint64_t>(m_gap.inputTokens, 1));
        setChartTitle(m_plot,
            tr("Provider gap: %1, modeled %2% vs provider %3%, %4 cached tokens charged in %5 requests")
                .arg(QString::fromStdString(session->name))
                .arg(100.0 * double(m_gap.modeledHitTokens) / in, 0, 'f', 1)
                .arg(100.0 * double(m_gap.reportedCacheRead) / in, 0, 'f', 1)
                .arg(formatTokens(double(m_gap.providerMissedTokens)))
                .arg(m_gap.providerMissedRequests));
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace kv::views
