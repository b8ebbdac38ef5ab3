// SPDX-License-Identifier: Apache-2.0
// Writes a session as a Mooncake trace (JSONL, what MooncakeImporter reads): requests in replay
// order (sub-agents flattened), timestamps in milliseconds, hash ids renumbered 0, 1, 2... in
// first-seen order as the published traces are. Sessions whose blocks are not 512 tokens carry
// a "block_size" field, agent logs a "prompt_units" field, so kvscope replays them exactly.
#pragma once

#include "kv/core/session.h"

#include <string>

namespace kv::importers {

std::string writeMooncakeTrace(const core::Session& session);

} // namespace kv::importers
