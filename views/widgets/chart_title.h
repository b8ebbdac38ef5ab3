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

// A smaller line of prose under the title (a summary that exports and reports must carry too).
// Wrapped by words at about maxChars: the plot's width is not known when exports re-layout it.
inline void addChartNote(QCustomPlot* plot)
{
    plot->plotLayout()->insertRow(1);
    auto* note = new QCPTextElement(plot, QString(), QFont(plot->font().family(), 9));
    note->setObjectName(QStringLiteral("chartNote"));
    note->setMargins(QMargins(8, 0, 8, 4));
    plot->plotLayout()->addElement(1, 0, note);
}

inline void setChartNote(QCustomPlot* plot, const QString& text, int maxChars = 130)
{
    auto* note = qobject_cast<QCPTextElement*>(plot->plotLayout()->element(1, 0));
    if (!note || note->objectName() != QLatin1String("chartNote"))
        return;
    QString wrapped;
    int lineLength = 0;
    for (const QString& word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (lineLength > 0 && lineLength + 1 + word.size() > maxChars) {
            wrapped += QLatin1Char('\n');
            lineLength = 0;
        } else if (lineLength > 0) {
            wrapped += QLatin1Char(' ');
            ++lineLength;
        }
        wrapped += word;
        lineLength += int(word.size());
    }
    note->setText(wrapped);
    note->setVisible(!wrapped.isEmpty());
}

} // namespace kv::views
