// SPDX-License-Identifier: Apache-2.0
#include "widgets/what_if_panel.h"

#include "bridge/what_if_state.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSlider>

#include <cmath>
#include <cstring>

namespace kv::views {

QString WhatIfPanel::formatTtl(double s)
{
    if (std::isinf(s))
        return tr("no TTL");
    if (s < 60)
        return QString::number(s, 'g', s < 10 ? 2 : 3) + QStringLiteral(" s");
    if (s < 3600)
        return QString::number(s / 60, 'g', 3) + QStringLiteral(" min");
    return QString::number(s / 3600, 'g', 3) + QStringLiteral(" h");
}

QString WhatIfPanel::formatTokens(double t)
{
    if (std::isinf(t) || t >= double(core::kUnlimited))
        return tr("unlimited");
    if (t < 1e3)
        return QString::number(t, 'f', 0);
    if (t < 1e6)
        return QString::number(t / 1e3, 'g', 3) + QStringLiteral("k");
    if (t < 1e9)
        return QString::number(t / 1e6, 'g', 3) + QStringLiteral("M");
    return QString::number(t / 1e9, 'g', 3) + QStringLiteral("G");
}

WhatIfPanel::WhatIfPanel(WhatIfState* state, QWidget* parent)
    : QWidget(parent)
    , m_state(state)
    , m_ttl(new QSlider(Qt::Horizontal, this))
    , m_capacity(new QSlider(Qt::Horizontal, this))
    , m_ttlLabel(new QLineEdit(this))
    , m_capacityLabel(new QLineEdit(this))
{
    m_ttl->setRange(0, int(state->ttlSteps().size()) - 1);
    m_capacity->setRange(0, int(state->capacitySteps().size()) - 1);
    m_ttl->setToolTip(tr("Time-to-live of a cached block (log scale, 1 s to 24 h, or none)"));
    m_capacity->setToolTip(tr("Cache capacity in tokens, LRU eviction (log scale, or unlimited)"));
    m_ttlLabel->setMaximumWidth(90);
    m_capacityLabel->setMaximumWidth(110);
    m_ttlLabel->setToolTip(tr("Type a TTL: 90, 30s, 5m, 1h, 1d or inf; it snaps to the nearest step"));
    m_capacityLabel->setToolTip(tr("Type a capacity in tokens: 262144, 256k, 1.5M or inf"));
    connect(m_ttlLabel, &QLineEdit::editingFinished, this, [this] {
        const double v = parseTtl(m_ttlLabel->text().trimmed());
        if (!std::isnan(v))
            m_state->setTtl(v);
        sync();
    });
    connect(m_capacityLabel, &QLineEdit::editingFinished, this, [this] {
        const std::uint64_t v = parseTokens(m_capacityLabel->text().trimmed().remove(tr(" tokens")));
        if (v)
            m_state->setCapacityTokens(v);
        sync();
    });
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 2, 6, 2);
    layout->addWidget(new QLabel(tr("What if: TTL"), this));
    layout->addWidget(m_ttl, 1);
    layout->addWidget(m_ttlLabel);
    layout->addSpacing(16);
    layout->addWidget(new QLabel(tr("Capacity"), this));
    layout->addWidget(m_capacity, 1);
    layout->addWidget(m_capacityLabel);
    connect(m_ttl, &QSlider::valueChanged, state, &WhatIfState::setTtlIndex);
    connect(m_capacity, &QSlider::valueChanged, state, &WhatIfState::setCapacityIndex);
    connect(state, &WhatIfState::changed, this, &WhatIfPanel::sync);
    sync();
}

double WhatIfPanel::parseTtl(const QString& text)
{
    if (text == QLatin1String("inf") || text == tr("no TTL"))
        return INFINITY;
    static const std::pair<const char*, double> units[] = { { " min", 60 }, { " s", 1 }, { " h", 3600 }, { "min", 60 },
        { "s", 1 }, { "m", 60 }, { "h", 3600 }, { "d", 86400 } };
    for (const auto& [suffix, mult] : units) {
        if (text.endsWith(QLatin1String(suffix))) {
            bool ok = false;
            const double v = text.left(text.size() - qsizetype(std::strlen(suffix))).trimmed().toDouble(&ok);
            return ok && v >= 0 ? v * mult : NAN;
        }
    }
    bool ok = false;
    const double v = text.toDouble(&ok);
    return ok && v >= 0 ? v : NAN;
}

std::uint64_t WhatIfPanel::parseTokens(const QString& input)
{
    QString text = input.trimmed();
    if (text == QLatin1String("inf") || text == tr("unlimited"))
        return core::kUnlimited;
    double mult = 1;
    if (text.endsWith(QLatin1Char('k')) || text.endsWith(QLatin1Char('K')))
        mult = 1e3, text.chop(1);
    else if (text.endsWith(QLatin1Char('M')))
        mult = 1e6, text.chop(1);
    else if (text.endsWith(QLatin1Char('G')))
        mult = 1e9, text.chop(1);
    bool ok = false;
    const double v = text.toDouble(&ok);
    return ok && v > 0 ? std::uint64_t(std::llround(v * mult)) : 0;
}

void WhatIfPanel::sync()
{
    m_ttl->setValue(m_state->ttlIndex());
    m_capacity->setValue(m_state->capacityIndex());
    m_ttlLabel->setText(formatTtl(m_state->ttl()));
    m_capacityLabel->setText(formatTokens(double(m_state->capacityTokens())) + tr(" tokens"));
}

} // namespace kv::views
