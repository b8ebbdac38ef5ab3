// SPDX-License-Identifier: Apache-2.0
// How kvscope-cli writes serving simulator runs, fresh (simulate) or stored (runs): the configs'
// summaries side by side, the periods of the first, JSON, and CSV tables.
#pragma once

#include "kv/core/serving_simulator.h"

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

namespace kv::cli {

// One run: its summary and its periods.
nlohmann::ordered_json simulationRunJson(const core::SimResult& run);
// table: "periods" or "requests", a row per period or request of every run.
void printSimulationCsv(std::ostream& out, const std::vector<const core::SimResult*>& runs, const std::string& table);
void printSimulationTables(std::ostream& out, const std::vector<const core::SimResult*>& runs);

} // namespace kv::cli
