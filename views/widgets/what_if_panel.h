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

    static QString formatTtl(double seconds);
    static QString formatTokens(double tokens);
    // Typed values: "300", "30s", "5m", "1h", "1d", "inf"; "262144", "256k", "1.5M", "inf". NaN / 0 when not.
    static double parseTtl(const QString& text);
    static std::uint64_t parseTokens(const QString& text);

private:
    void sync();

    WhatIfState* m_state;
    QSlider* m_ttl;
    QSlider* m_capacity;
    QLineEdit* m_ttlLabel;
    QLineEdit* m_capacityLabel;
};

} // namespace kv::views
