// SPDX-License-Identifier: Apache-2.0
#include "widgets/chart_export.h"

#include <QFile>
#include <QPainter>
#include <QSvgGenerator>
#include <QTextStream>
#include <qcustomplot.h>

namespace kv::views {

namespace {
QString quoted(QString s)
{
    s.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + s + QLatin1Char('"');
}
} // namespace

QString chartCsv(QCustomPlot* plot)
{
    // Charts drawn with items rather than series provide their own table.
    if (const QVariant own = plot->property(kOwnCsvProperty); own.isValid())
        return own.toString();
    QString out = QStringLiteral("series,x,y\n");
    for (int i = 0; i < plot->plottableCount(); ++i) {
        const QCPAbstractPlottable* p = plot->plottable(i);
        const QString name = quoted(p->name());
        if (const auto* g = qobject_cast<const QCPGraph*>(p)) {
            for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it)
                out += name + QLatin1Char(',') + QString::number(it->key, 'g', 12) + QLatin1Char(',')
                    + QString::number(it->value, 'g', 12) + QLatin1Char('\n');
        } else if (const auto* b = qobject_cast<const QCPBars*>(p)) {
            for (auto it = b->data()->constBegin(); it != b->data()->constEnd(); ++it)
                out += name + QLatin1Char(',') + QString::number(it->key, 'g', 12) + QLatin1Char(',')
                    + QString::number(it->value, 'g', 12) + QLatin1Char('\n');
        }
    }
    return out;
}

bool exportChart(QCustomPlot* plot, const QString& file, int width, int height, QString* error)
{
    const QString lower = file.toLower();
    bool ok = false;
    // Adaptive sampling would thin dense series in the exported file.
    for (int i = 0; i < plot->graphCount(); ++i)
        plot->graph(i)->setAdaptiveSampling(false);
    if (lower.endsWith(QLatin1String(".png")))
        ok = plot->savePng(file, width, height);
    else if (lower.endsWith(QLatin1String(".jpg")) || lower.endsWith(QLatin1String(".jpeg")))
        ok = plot->saveJpg(file, width, height);
    else if (lower.endsWith(QLatin1String(".pdf")))
        ok = plot->savePdf(file, width, height);
    else if (lower.endsWith(QLatin1String(".svg"))) {
        QSvgGenerator svg;
        svg.setFileName(file);
        svg.setSize(QSize(width, height));
        svg.setViewBox(QRect(0, 0, width, height));
        svg.setTitle(QStringLiteral("kvscope chart"));
        QCPPainter painter;
        ok = painter.begin(&svg);
        if (ok) {
            plot->toPainter(&painter, width, height);
            painter.end();
        }
    } else if (lower.endsWith(QLatin1String(".csv"))) {
        QFile f(file);
        ok = f.open(QIODevice::WriteOnly | QIODevice::Truncate);
        if (ok)
            ok = f.write(chartCsv(plot).toUtf8()) >= 0;
    } else {
        if (error)
            *error = QStringLiteral("%1: unknown format (use .png, .jpg, .svg, .pdf or .csv)").arg(file);
        return false;
    }
    for (int i = 0; i < plot->graphCount(); ++i)
        plot->graph(i)->setAdaptiveSampling(true);
    if (!ok && error)
        *error = QStringLiteral("%1: could not write the file").arg(file);
    return ok;
}

} // namespace kv::views
