// SPDX-License-Identifier: Apache-2.0
// TiersChart: how much of the session's prompt each memory tier (HBM, DRAM, NVMe...) serves at
// the what-if TTL, for a model's KV size and the tier sizes typed above the chart, and the bytes
// per second each tier sends back to the GPU over the session's span.
#pragma once

#include "kv/core/memory_tiers.h"
#include "kv/core/session_analysis.h"

#include <QWidget>

#include <vector>

class QComboBox;
class QCustomPlot;
class QLabel;
class QLineEdit;

namespace kv::views {

class TiersChart : public QWidget
{
    Q_OBJECT
public:
    explicit TiersChart(QWidget* parent = nullptr);
    void show(const core::SessionAnalysis* session, double ttl);
    QCustomPlot* plot() const { return m_plot; }
    QComboBox* modelBox() const { return m_model; }
    // Sets the model and tier sizes (without remembering them, for scripts); false for an
    // unknown model or sizes that do not parse.
    bool configure(const QString& model, const QString& tiers);
    // The models to choose from (a user's file and the built-ins); keeps the chosen one if it is
    // still there.
    void setModels(std::vector<core::KvModelSpec> models);
    static QString defaultModel() { return QStringLiteral("llama-3.1-70b"); }
    static QString defaultTiers() { return QStringLiteral("hbm=40GiB,dram=512GiB,nvme=4TiB"); }
    QLineEdit* tiersEdit() const { return m_tiers; }
    // What is drawn, for tests: hit tokens per tier (fastest first), then the missed tokens.
    const core::TierHits& hits() const { return m_hits; }

private:
    void update();
    QCustomPlot* m_plot;
    QComboBox* m_model;
    QLineEdit* m_tiers;
    QLabel* m_problem;
    std::vector<core::KvModelSpec> m_models;
    const core::SessionAnalysis* m_session = nullptr;
    double m_ttl = 300;
    core::TierHits m_hits;
};

} // namespace kv::views
