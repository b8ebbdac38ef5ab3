// SPDX-License-Identifier: Apache-2.0
#include "widgets/request_inspector.h"

#include "kv/core/access_profile.h"
#include "widgets/axis_format.h"

#include <QLocale>

namespace kv::views {

RequestInspector::RequestInspector(QWidget* parent)
    : QTextBrowser(parent)
{
    setPlaceholderText(tr("Click a column to inspect that request."));
    setMinimumWidth(260);
}

QString RequestInspector::describe(const core::SessionAnalysis& a, std::size_t j, const core::CachePolicy& policy)
{
    const QLocale locale;
    auto n = [&](std::uint64_t v) { return locale.toString(qulonglong(v)); };
    const core::TokenColumn c = core::tokenColumn(a, j, policy);
    const core::PrefixBreak b = core::explainPrefix(a, j, policy);
    const std::uint32_t agent = j < a.requestAgent.size() ? a.requestAgent[j] : 0;
    QString html = QStringLiteral("<h3>Request %1</h3>").arg(j);
    html += QStringLiteral("<p>%1, at %2 from the start</p>")
                .arg(agent < a.agentLabels.size() ? QString::fromStdString(a.agentLabels[agent]).toHtmlEscaped()
                                                  : QString())
                .arg(formatClock(a.requestTimes[j]));
    html += QStringLiteral("<table cellspacing=4>");
    auto row = [&](const QString& label, const QString& value) {
        html += QStringLiteral("<tr><td>%1</td><td align=right><b>%2</b></td></tr>").arg(label, value);
    };
    row(tr("input tokens"), n(a.profile->inputTokens(j)));
    row(tr("served from cache"), n(c.hit));
    row(tr("cacheable, missed"), n(c.missedCacheable));
    row(tr("new"), n(c.fresh));
    row(tr("output tokens"), n(c.output));
    if (a.hasReportedUsage && j < a.reportedCacheRead.size())
        row(tr("provider cache read"), n(a.reportedCacheRead[j]));
    row(tr("blocks hit"), QStringLiteral("%1 of %2").arg(b.hitBlocks).arg(b.blocks));
    html += QStringLiteral("</table>");
    QString why;
    switch (b.cause) {
    case core::PrefixBreak::Cause::FullHit:
        why = tr("Every block was in the cache.");
        break;
    case core::PrefixBreak::Cause::Cold:
        why = tr("The cached prefix ends where new content starts.");
        break;
    case core::PrefixBreak::Cause::Expired:
        why = tr("The prefix expired: block %1 was last used %2 ago, longer than the TTL of %3.")
                  .arg(b.hitBlocks)
                  .arg(formatTtl(b.gapSeconds), formatTtl(policy.ttl));
        break;
    case core::PrefixBreak::Cause::Evicted:
        why = tr("The prefix was evicted: %1 other blocks were used since block %2, more than the cache holds.")
                  .arg(n(b.stackDistance))
                  .arg(b.hitBlocks);
        break;
    }
    html += QStringLiteral("<p>%1</p>").arg(why);
    // With kept text: where this prompt stops repeating the agent's previous one, and what follows.
    if (a.promptText && j < a.sourceRequest.size()) {
        const core::PromptText& t = *a.promptText;
        std::int64_t prev = -1;
        for (std::size_t k = j; k-- > 0;)
            if (a.requestAgent[k] == agent) {
                prev = std::int64_t(k);
                break;
            }
        const auto cur = t.partsOf(a.sourceRequest[j]);
        std::size_t diverge = 0;
        if (prev >= 0) {
            const auto before = t.partsOf(a.sourceRequest[std::size_t(prev)]);
            while (diverge < cur.size() && diverge < before.size() && cur[diverge] == before[diverge])
                ++diverge;
            html += tr("<p><b>Text</b>: the prompt repeats the first %1 of the %2 parts of the agent's previous "
                       "prompt, then has %3 part(s) of its own.</p>")
                        .arg(diverge)
                        .arg(before.size())
                        .arg(cur.size() - diverge);
        }
        if (diverge < cur.size()) {
            const core::PromptText::Part& part = t.parts[cur[diverge]];
            QString text = QString::fromStdString(part.text);
            if (text.size() > 800)
                text = text.left(800) + QStringLiteral(" [...]");
            html += QStringLiteral("<p><i>%1</i> where it diverges:</p><pre style='white-space:pre-wrap'>%2</pre>")
                        .arg(QString::fromLatin1(core::segmentKindName(part.kind)), text.toHtmlEscaped());
        }
    }
    if (j < a.segments.size() && !a.segments[j].empty()) {
        html += tr("<p><b>Prompt, in order</b></p><table cellspacing=2>");
        for (const core::Segment& sg : a.segments[j])
            html += QStringLiteral("<tr><td>%1</td><td align=right>%2</td></tr>")
                        .arg(QString::fromLatin1(core::segmentKindName(sg.kind)), n(sg.tokens));
        html += QStringLiteral("</table>");
    }
    return html;
}

void RequestInspector::show(const core::SessionAnalysis* session, int request, const core::CachePolicy& policy)
{
    if (!session || !session->profile || request < 0 || std::size_t(request) >= session->profile->requestCount()) {
        clear();
        return;
    }
    setHtml(describe(*session, std::size_t(request), policy));
}

} // namespace kv::views
