// SPDX-License-Identifier: Apache-2.0
// WhatIfPanel: TTL and capacity sliders (log scales) bound to a WhatIfState, with the values
// shown as a person reads them (5 min, 1.2M tokens).
#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QSlider;

namespace kv::views {

class WhatIfState;

class WhatIfPanel : public QWidget
{
    Q_OBJECT
public:
    explicit WhatIfPanel(WhatIfState* state, QWidget* parent = nullptr);
    QSlider* ttlSlider() const { return m_ttl; }
    QSlider* capacitySlider() const { return m_capacity; }

private:
    void sync();

    WhatIfState* m_state;
    QSlider* m_ttl;
    QSlider* m_capacity;
    QLineEdit* m_ttlLabel;
    QLineEdit* m_capacityLabel;
};

} // namespace kv::views
