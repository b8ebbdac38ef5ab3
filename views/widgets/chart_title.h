// SPDX-License-Identifier: Apache-2.0
// Every chart's bold title row above its axis rect, and changing its text as the session changes.
#pragma once

#include <QString>
#include <qcustomplot.h>

namespace kv::views {

inline void addChartTitle(QCustomPlot* plot, const QString& title)
{
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(
        0, 0, new QCPTextElement(plot, title, QFont(plot->font().family(), 11, QFont::Bold)));
}

inline void setChartTitle(QCustomPlot* plot, const QString& title)
{
    if (auto* element = qobject_cast<QCPTextElement*>(plot->plotLayout()->element(0, 0)))
        element->setText(title);
}

} // namespace kv::views
