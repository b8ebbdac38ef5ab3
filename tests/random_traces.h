// SPDX-License-Identifier: Apache-2.0
// Seeded random traces and policies for the property tests: scrambled block orders, duplicates,
// ties in time, sub-agents; and the policy grid that exercises gap == TTL and tiny capacities.
#pragma once

#include "kv/core/cache_policy.h"
#include "kv/core/replay_input.h"
#include "kv/core/session.h"
#include "kv/core/synthetic_session.h"

#include <cstdint>
#include <vector>

namespace kv::test {

core::Session scrambledSession(std::uint64_t seed);
std::vector<core::CachePolicy> policiesFor(const core::ReplayInput& in, core::SplitMix64& rng);

} // namespace kv::test
