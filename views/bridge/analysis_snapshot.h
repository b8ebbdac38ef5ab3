// SPDX-License-Identifier: Apache-2.0
// What the views show: an immutable list of analysed sessions, and simulated runs, shared
// between threads.
#pragma once

#include "kv/core/serving_simulator.h"
#include "kv/core/session_analysis.h"

#include <QMetaType>

#include <memory>
#include <vector>

namespace kv::views {

struct AnalysisSnapshot
{
    std::vector<core::SessionAnalysis> sessions;
};
using AnalysisSnapshotPtr = std::shared_ptr<const AnalysisSnapshot>;
using SessionAnalysisPtr = std::shared_ptr<const core::SessionAnalysis>;
// One simulated run per serving config, in the order asked.
using SimulationResultsPtr = std::shared_ptr<const std::vector<core::SimResult>>;

} // namespace kv::views

Q_DECLARE_METATYPE(kv::views::AnalysisSnapshotPtr)
Q_DECLARE_METATYPE(kv::views::SessionAnalysisPtr)
Q_DECLARE_METATYPE(kv::views::SimulationResultsPtr)
