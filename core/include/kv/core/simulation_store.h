// SPDX-License-Identifier: Apache-2.0
// Serving simulator runs kept in the SQLite store (schema step 3): the config and users a run
// had, its periods and its requests, so runs can be listed, reloaded and compared later. One
// transaction per run: a run is stored whole or not at all.
#pragma once

#include "kv/core/serving_simulator.h"
#include "kv/core/trace_store.h"

#include <cstdint>
#include <string>
#include <vector>

namespace kv::core {

// What a run was asked for, beside its results.
struct SimulationSettings
{
    std::string label; // runs compared together share one (for example the CLI invocation's time)
    std::string configJson; // the serving config as importers::servingConfigJson writes it
    std::string users; // "ramp:4,4,5m,120"
    std::string timing; // "think-only"
    double durationSeconds = 0;
    ServiceObjectives objectives;
};

struct StoredSimulation
{
    std::int64_t id = 0;
    std::string createdAt;
    SimulationSettings settings;
    SimResult result;
};

Expected<std::int64_t> saveSimulation(TraceStore& store, const SimResult& result, const SimulationSettings& settings);
// Runs without their periods and requests (result.periods and requests empty), newest last.
Expected<std::vector<StoredSimulation>> listSimulations(TraceStore& store);
Expected<StoredSimulation> loadSimulation(TraceStore& store, std::int64_t id);

} // namespace kv::core
