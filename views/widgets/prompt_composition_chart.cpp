// SPDX-License-Identifier: Apache-2.0
#include "widgets/prompt_composition_chart.h"

#include "widgets/axis_format.h"
#include "widgets/chart_navigation.h"
#include "widgets/chart_theme.h"
#include "widgets/chart_title.h"
#include "widgets/column_lod.h"
#include "widgets/segment_style.h"

#include <QLocale>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <array>

namespace kv::views {

namespace {
const auto& kKinds = segmentKindStyles();
} // namespace

PromptCompositionChart::PromptCompositionChart(QWidget* parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    QCPBars* below = nullptr;
    for (const KindStyle& k : kKinds)
        below = addColumnLayer(m_plot, tr(k.label), k.color, below);
    m_plot->xAxis->setLabel(tr("request (replay order)"));
    m_plot->yAxis->setLabel(tr("prompt tokens"));
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    addChartTitle(m_plot, tr("Prompt composition"));
    followPalette(m_plot);
    m_plot->yAxis->setTicker(tokenTicker());
    m_navigation = new ChartNavigation(m_plot, Qt::Horizontal, [this](QPoint pixel) {
        const double key = m_plot->xAxis->pixelToCoord(pixel.x());
        const double width = static_cast<QCPBars*>(m_plot->plottable(0))->width();
        for (std::uint32_t j : m_drawn) {
            if (std::abs(m_x[j] - key) > width / 2)
                continue;
            const QLocale l;
            QString text = tr("request %1 at %2: %3 prompt tokens")
                               .arg(j)
                               .arg(formatClock(m_session->requestTimes[j]), l.toString(qulonglong(m_totals[j])));
            for (std::size_t k = kKinds.size(); k-- > 0;) // top of the stack first, as drawn
                if (m_tokens[j][k] > 0)
                    text += QStringLiteral("\n%1: %2").arg(tr(kKinds[k].label), l.toString(qulonglong(m_tokens[j][k])));
            return text;
        }
        return QString();
    });
    connect(m_plot->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] { redraw(); });
}

void PromptCompositionChart::show(const core::SessionAnalysis* session)
{
    m_session = session;
    const std::size_t n = session ? session->segments.size() : 0;
    m_tokens.assign(n, {});
    m_x.clear();
    m_totals.clear();
    std::array<bool, kSegmentKindCount> present {};
    double top = 1;
    for (std::size_t j = 0; j < n; ++j) {
        for (const core::Segment& sg : session->segments[j])
            for (std::size_t k = 0; k < kKinds.size(); ++k)
                if (sg.kind == kKinds[k].kind) {
                    m_tokens[j][k] += sg.tokens;
                    present[k] = present[k] || sg.tokens > 0;
                }
        double total = 0;
        for (double v : m_tokens[j])
            total += v;
        m_x.push_back(double(j));
        m_totals.push_back(total);
        top = std::max(top, total);
    }
    for (std::size_t k = 0; k < kKinds.size(); ++k) {
        auto* b = static_cast<QCPBars*>(m_plot->plottable(int(k)));
        if (present[k]) // keep the legend to the kinds this session has
            b->addToLegend();
        else
            b->removeFromLegend();
    }
    {
        const QSignalBlocker quiet(m_plot->xAxis);
        m_plot->xAxis->setRange(-1, std::max<double>(1, double(n)));
    }
    m_plot->yAxis->setRange(0, top * 1.08);
    m_navigation->setHome();
    redraw();
    setChartTitle(m_plot,
        session ? tr("Prompt composition: %1").arg(QString::fromStdString(session->name)) : tr("Prompt composition"));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void PromptCompositionChart::redraw()
{
    const ColumnWindow w = visibleColumns(m_plot, m_x, m_totals, 0.85);
    m_drawn = w.drawn;
    std::array<QCPBars*, kSegmentKindCount> layers {};
    for (std::size_t k = 0; k < layers.size(); ++k)
        layers[k] = static_cast<QCPBars*>(m_plot->plottable(int(k)));
    setStackedColumns(layers, m_x, w, [this](std::uint32_t j, std::size_t k) { return m_tokens[j][k]; });
}

} // namespace kv::views
