// SPDX-License-Identifier: Apache-2.0
// The kvscope-cli subcommands. Each takes its arguments (after the command name) and streams.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace kv::cli {

using Args = std::vector<std::string>;

int runImport(const Args& args, std::ostream& out, std::ostream& err);
int runReplay(const Args& args, std::ostream& out, std::ostream& err);
int runCurve(const Args& args, std::ostream& out, std::ostream& err);
int runStats(const Args& args, std::ostream& out, std::ostream& err);
int runReport(const Args& args, std::ostream& out, std::ostream& err);
int runMisses(const Args& args, std::ostream& out, std::ostream& err);
int runChunks(const Args& args, std::ostream& out, std::ostream& err);
int runProvider(const Args& args, std::ostream& out, std::ostream& err);
int runFleet(const Args& args, std::ostream& out, std::ostream& err);
int runCost(const Args& args, std::ostream& out, std::ostream& err);
int runServing(const Args& args, std::ostream& out, std::ostream& err);
int runSimulate(const Args& args, std::ostream& out, std::ostream& err);
int runRuns(const Args& args, std::ostream& out, std::ostream& err);
int runServeSim(const Args& args, std::ostream& out, std::ostream& err);
int runTiers(const Args& args, std::ostream& out, std::ostream& err);
int runExport(const Args& args, std::ostream& out, std::ostream& err);

} // namespace kv::cli
