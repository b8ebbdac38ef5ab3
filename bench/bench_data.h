// SPDX-License-Identifier: Apache-2.0
// The benchmark corpus: the 48 shared kv-cache-tester traces, read once per process.
#pragma once

#include "kv/core/replay_input.h"
#include "kv/core/session.h"
#include "kv/importers/input_file.h"

#include <string>
#include <vector>

namespace kv::bench {

std::vector<std::string> tracePaths();
const std::vector<importers::InputFile>& traceFiles(); // decompressed, in memory
const std::vector<core::Session>& traceSessions();
const std::vector<core::ReplayInput>& traceInputs();
std::uint64_t totalAccesses(); // block look-ups in one replay of all traces

} // namespace kv::bench
