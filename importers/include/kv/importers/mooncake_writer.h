// SPDX-License-Identifier: Apache-2.0
// Writes a session as a Mooncake trace (JSONL, what MooncakeImporter reads): requests in replay
// order, timestamps in whole milliseconds from the first request, hash ids renumbered 0, 1, 2...
// in first-seen order as the published traces are.
#pragma once

#include "kv/core/session.h"

#include <string>

namespace kv::importers {

std::string writeMooncakeTrace(const core::Session& session);

} // namespace kv::importers
