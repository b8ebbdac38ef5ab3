// SPDX-License-Identifier: Apache-2.0
#include "widgets/prompt_composition_chart.h"

#include "widgets/chart_title.h"

#include <QVBoxLayout>
#include <qcustomplot.h>

#include <array>

namespace kv::views {

namespace {
struct KindStyle
{
    core::SegmentKind kind;
    const char* label;
    QColor color;
};
const std::array<KindStyle, 10> kKinds { {
    { core::SegmentKind::Tools, "tool definitions", QColor(0x5b, 0x5b, 0x5b) },
    { core::SegmentKind::System, "system prompt", QColor(0x8c, 0x8c, 0x8c) },
    { core::SegmentKind::Summary, "compaction summary", QColor(0x8e, 0x6c, 0xc0) },
    { core::SegmentKind::UserText, "user text", QColor(0x2c, 0xa0, 0x2c) },
    { core::SegmentKind::AssistantText, "assistant text", QColor(0x3b, 0x7d, 0xd8) },
    { core::SegmentKind::Thinking, "thinking", QColor(0x9e, 0xc9, 0xf0) },
    { core::SegmentKind::ToolUse, "tool calls", QColor(0xf2, 0xc1, 0x2e) },
    { core::SegmentKind::ToolResult, "tool results", QColor(0xf4, 0x8c, 0x7a) },
    { core::SegmentKind::Image, "images", QColor(0xc4, 0x4e, 0x52) },
    { core::SegmentKind::Other, "conversation / other", QColor(0xd0, 0xd0, 0xd0) },
} };
} // namespace

PromptCompositionChart::PromptCompositionChart(QWidget* parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    QCPBars* below = nullptr;
    for (const KindStyle& k : kKinds) {
        auto* b = new QCPBars(m_plot->xAxis, m_plot->yAxis);
        b->setName(tr(k.label));
        b->setPen(Qt::NoPen);
        b->setBrush(k.color);
        b->setWidthType(QCPBars::wtPlotCoords);
        b->setWidth(0.85);
        if (below)
            b->moveAbove(below);
        below = b;
    }
    m_plot->xAxis->setLabel(tr("request (replay order)"));
    m_plot->yAxis->setLabel(tr("prompt tokens"));
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    addChartTitle(m_plot, tr("Prompt composition"));
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->axisRect()->setRangeZoom(Qt::Horizontal);
    m_plot->axisRect()->setRangeDrag(Qt::Horizontal);
}

void PromptCompositionChart::show(const core::SessionAnalysis* session)
{
    const std::size_t n = session ? session->segments.size() : 0;
    std::array<QVector<double>, kKinds.size()> values;
    QVector<double> x;
    double top = 1;
    for (std::size_t j = 0; j < n; ++j) {
        x << double(j);
        double total = 0;
        for (std::size_t k = 0; k < kKinds.size(); ++k) {
            double sum = 0;
            for (const core::Segment& sg : session->segments[j])
                if (sg.kind == kKinds[k].kind)
                    sum += sg.tokens;
            values[k] << sum;
            total += sum;
        }
        top = std::max(top, total);
    }
    for (std::size_t k = 0; k < kKinds.size(); ++k) {
        auto* b = static_cast<QCPBars*>(m_plot->plottable(int(k)));
        b->setData(x, values[k], true);
        // Keep the legend to the kinds this session has.
        bool any = false;
        for (double v : values[k])
            any |= v > 0;
        if (any)
            b->addToLegend();
        else
            b->removeFromLegend();
    }
    m_plot->xAxis->setRange(-1, std::max<double>(1, double(n)));
    m_plot->yAxis->setRange(0, top * 1.08);
    setChartTitle(m_plot,
        session ? tr("Prompt composition: %1").arg(QString::fromStdString(session->name)) : tr("Prompt composition"));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace kv::views
