// SPDX-License-Identifier: Apache-2.0
#include "report_writer.h"

#include <QAbstractItemModel>
#include <QPdfWriter>
#include <qcustomplot.h>

#include <algorithm>
#include <vector>

namespace kv::gui {

bool writeReport(const QString& file, const QString& title, const QString& subtitle, const QAbstractItemModel* table,
    const QList<QCustomPlot*>& charts, QString* error)
{
    QPdfWriter pdf(file);
    pdf.setResolution(96);
    pdf.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Landscape, QMarginsF(0, 0, 0, 0)));
    pdf.setTitle(QObject::tr("kvscope report"));
    pdf.setCreator(QStringLiteral("kvscope"));
    QCPPainter painter;
    if (!painter.begin(&pdf)) {
        if (error)
            *error = QObject::tr("%1: could not write the file").arg(file);
        return false;
    }
    const QRect page = painter.viewport();
    const int margin = 40;
    QFont titleFont = painter.font();
    titleFont.setPointSize(16);
    titleFont.setBold(true);
    QFont body = painter.font();
    body.setPointSize(9);
    painter.setFont(titleFont);
    painter.drawText(margin, margin + 20, title);
    painter.setFont(body);
    painter.drawText(QRect(margin, margin + 30, page.width() - 2 * margin, 40), Qt::TextWordWrap, subtitle);
    // The sessions table, as the window shows it.
    int y = margin + 76;
    const int columns = table->columnCount();
    // Columns as wide as their widest cell; when that is too wide for the page the session names
    // (column 0) give way first, then every column shrinks alike.
    std::vector<int> widths(std::size_t(std::max(columns, 0)), 0);
    {
        // Measured with the painter's own metrics: the ones the text is elided with.
        QFont bold = body;
        bold.setBold(true);
        // Headers wrap onto two lines, so only their longest word counts.
        for (int c = 0; c < columns; ++c) {
            painter.setFont(bold);
            int w = 0;
            for (const QString& word : table->headerData(c, Qt::Horizontal).toString().split(QLatin1Char(' ')))
                w = std::max(w, painter.fontMetrics().horizontalAdvance(word));
            painter.setFont(body);
            for (int r = 0; r < table->rowCount(); ++r)
                w = std::max(w, painter.fontMetrics().horizontalAdvance(table->index(r, c).data().toString()));
            widths[std::size_t(c)] = w + 12;
        }
        const int available = page.width() - 2 * margin;
        int total = 0;
        for (int w : widths)
            total += w;
        for (int c = 0; c < std::min(columns, 3) && total > available; ++c) { // names, sources, models
            const int cut = std::min(total - available, widths[std::size_t(c)] - 90);
            if (cut > 0) {
                widths[std::size_t(c)] -= cut;
                total -= cut;
            }
        }
        if (total > available)
            for (int& w : widths)
                w = w * available / total;
    }
    auto row = [&](auto cell, bool header) {
        QFont f = body;
        f.setBold(header);
        painter.setFont(f);
        const int height = header ? 50 : 18; // headers wrap onto up to three lines
        int x = margin;
        for (int c = 0; c < columns; ++c) {
            const int w = widths[std::size_t(c)];
            const int align = (c <= 2 ? Qt::AlignLeft : Qt::AlignRight) | (header ? Qt::AlignBottom : Qt::AlignVCenter);
            if (header)
                painter.drawText(QRect(x, y, w - 6, height), align | Qt::TextWordWrap, cell(c));
            else
                painter.drawText(QRect(x, y, w - 6, height), align,
                    painter.fontMetrics().elidedText(cell(c), Qt::ElideMiddle, w - 6));
            x += w;
        }
        y += height + 2;
    };
    row([&](int c) { return table->headerData(c, Qt::Horizontal).toString(); }, true);
    for (int r = 0; r < table->rowCount() && y < page.height() - margin; ++r)
        row([&](int c) { return table->index(r, c).data().toString(); }, false);
    // Then every chart of the current session, one per page.
    for (QCustomPlot* plot : charts) {
        pdf.newPage();
        painter.save();
        painter.translate(margin, margin);
        plot->toPainter(&painter, page.width() - 2 * margin, page.height() - 2 * margin);
        painter.restore();
    }
    painter.end();
    return true;
}

} // namespace kv::gui
