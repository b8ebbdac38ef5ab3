// SPDX-License-Identifier: Apache-2.0
// Writes a session as a kv-cache-tester trace (the format KvCacheTesterImporter reads): sub-agents
// become nested "subagent" entries at their place in file order, times stay relative to their
// marker, and numbers are written so that reading them back gives the same doubles.
#pragma once

#include "kv/core/session.h"

#include <string>

namespace kv::importers {

std::string writeKvCacheTesterTrace(const core::Session& session);

} // namespace kv::importers
