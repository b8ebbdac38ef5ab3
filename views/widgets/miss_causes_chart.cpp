// SPDX-License-Identifier: Apache-2.0
#include "widgets/miss_causes_chart.h"

#include "widgets/axis_format.h"
#include "widgets/chart_navigation.h"
#include "widgets/chart_theme.h"
#include "widgets/chart_title.h"
#include "widgets/column_lod.h"
#include "widgets/palette.h"

#include <QLocale>
#include <QVBoxLayout>
#include <qcustomplot.h>

namespace kv::views {

namespace {
struct Layer
{
    const char* label;
    QColor color;
};
// Hits grey as everywhere; new tokens salmon; the rest were cacheable (yellow family) but missed.
const std::array<Layer, 6> kLayers { {
    { "served from cache", palette::hit() },
    { "cold: new tokens", palette::fresh() },
    { "expired after a person's turn", QColor(0xe0, 0x6c, 0x3c) },
    { "expired in a tool loop", palette::missedCacheable() },
    { "evicted for capacity", QColor(0x8e, 0x6c, 0xc0) },
    { "after an earlier miss (prefix broken)", QColor(0x17, 0xbe, 0xcf) },
} };
} // namespace

MissCausesChart::MissCausesChart(QWidget* parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot, 1);
    QCPBars* below = nullptr;
    for (const Layer& l : kLayers)
        below = addColumnLayer(m_plot, tr(l.label), l.color, below);
    m_plot->xAxis->setLabel(tr("request (replay order)"));
    m_plot->yAxis->setLabel(tr("prompt tokens"));
    m_plot->yAxis->setTicker(tokenTicker());
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    addChartTitle(m_plot, tr("Miss causes"));
    addChartNote(m_plot); // the summary goes with the chart into exports and reports
    followPalette(m_plot);
    m_navigation = new ChartNavigation(m_plot, Qt::Horizontal, [this](QPoint pixel) {
        const double key = m_plot->xAxis->pixelToCoord(pixel.x());
        const double width = static_cast<QCPBars*>(m_plot->plottable(0))->width();
        for (std::uint32_t j : m_drawn) {
            if (std::abs(m_x[j] - key) > width / 2)
                continue;
            const QLocale l;
            QString text = tr("request %1 at %2").arg(j).arg(formatClock(m_session->requestTimes[j]));
            for (std::size_t k = kLayers.size(); k-- > 0;)
                if (m_values[j][k] > 0)
                    text
                        += QStringLiteral("\n%1: %2").arg(tr(kLayers[k].label), l.toString(qulonglong(m_values[j][k])));
            return text;
        }
        return QString();
    });
    connect(m_plot->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] { redraw(); });
}

void MissCausesChart::show(const core::SessionAnalysis* session, const core::CachePolicy& policy)
{
    m_session = session && session->profile ? session : nullptr;
    m_summary = m_session ? core::summarizeMisses(*m_session, policy) : core::MissSummary {};
    const std::size_t n = m_summary.perRequest.size();
    m_values.assign(n, {});
    m_x.clear();
    m_totals.clear();
    double top = 1;
    for (std::size_t j = 0; j < n; ++j) {
        const core::MissCauses& m = m_summary.perRequest[j];
        const bool human = j < m_session->humanTurn.size() && m_session->humanTurn[j];
        const double expired = double(m.tokensOf(core::MissCause::Expired));
        auto& v = m_values[j];
        v[0] = double(m_session->profile->inputTokens(j) - m.totalTokens());
        v[1] = double(m.tokensOf(core::MissCause::Cold));
        v[2] = human ? expired : 0.0;
        v[3] = human ? 0.0 : expired;
        v[4] = double(m.tokensOf(core::MissCause::Evicted));
        v[5] = double(m.tokensOf(core::MissCause::PrefixBroken));
        m_x.push_back(double(j));
        m_totals.push_back(double(m_session->profile->inputTokens(j)));
        top = std::max(top, m_totals.back());
    }
    m_text = m_session ? QString::fromStdString(core::describeMisses(m_summary, policy, m_session->blockSize))
                       : tr("Open a session to see where its misses come from.");
    setChartNote(m_plot, m_text);
    {
        const QSignalBlocker quiet(m_plot->xAxis);
        m_plot->xAxis->setRange(-1, std::max<double>(1, double(n)));
    }
    m_plot->yAxis->setRange(0, top * 1.08);
    m_navigation->setHome();
    redraw();
    const std::uint64_t missed = m_summary.causes.totalTokens();
    setChartTitle(m_plot,
        m_session ? tr("Miss causes: %1, %2 of the prompt tokens missed")
                        .arg(QString::fromStdString(m_session->name))
                        .arg(formatTokens(double(missed)))
                  : tr("Miss causes"));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void MissCausesChart::redraw()
{
    const ColumnWindow w = visibleColumns(m_plot, m_x, m_totals, 0.85);
    m_drawn = w.drawn;
    std::array<QCPBars*, kLayers.size()> layers {};
    for (std::size_t k = 0; k < layers.size(); ++k)
        layers[k] = static_cast<QCPBars*>(m_plot->plottable(int(k)));
    setStackedColumns(layers, m_x, w, [this](std::uint32_t j, std::size_t k) { return m_values[j][k]; });
}

} // namespace kv::views
