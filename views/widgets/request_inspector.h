// SPDX-License-Identifier: Apache-2.0
// RequestInspector: the details of one request under the what-if policy: its tokens served,
// missed and new, why its cached prefix ended where it did (new content, expired after a gap,
// evicted by capacity), what the provider reported, and its prompt's segments.
#pragma once

#include "kv/core/session_analysis.h"

#include <QTextBrowser>

namespace kv::views {

class RequestInspector : public QTextBrowser
{
    Q_OBJECT
public:
    explicit RequestInspector(QWidget* parent = nullptr);
    void show(const core::SessionAnalysis* session, int request, const core::CachePolicy& policy);
    static QString describe(const core::SessionAnalysis& session, std::size_t request, const core::CachePolicy& policy);
};

} // namespace kv::views
