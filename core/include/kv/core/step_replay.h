// SPDX-License-Identifier: Apache-2.0
// The step-by-step replay: a literal simulation of the cache (DESIGN.md section 3), one policy at a
// time. It is the reference the one-pass AccessProfile is checked against. O(blocks) per replay.
#pragma once

#include "kv/core/replay_input.h"
#include "kv/core/replay_result.h"

namespace kv::core {

ReplayResult replayStepByStep(const ReplayInput& input, const CachePolicy& policy);

} // namespace kv::core
