// SPDX-License-Identifier: Apache-2.0
#include "widgets/what_if_panel.h"

#include "bridge/what_if_state.h"
#include "kv/core/units.h"
#include "widgets/axis_format.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSlider>

#include <cmath>
#include <cstring>

namespace kv::views {

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
        if (const auto v = core::parseDuration(m_ttlLabel->text().toStdString()))
            m_state->setTtl(*v);
        sync();
    });
    connect(m_capacityLabel, &QLineEdit::editingFinished, this, [this] {
        if (const auto v = core::parseTokenCount(m_capacityLabel->text().toStdString()); v && *v)
            m_state->setCapacityTokens(*v);
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

void WhatIfPanel::sync()
{
    m_ttl->setValue(m_state->ttlIndex());
    m_capacity->setValue(m_state->capacityIndex());
    m_ttlLabel->setText(formatTtl(m_state->ttl()));
    m_capacityLabel->setText(formatTokens(double(m_state->capacityTokens())) + tr(" tokens"));
}

} // namespace kv::views
