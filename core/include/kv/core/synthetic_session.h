// SPDX-License-Identifier: Apache-2.0
// Seeded synthetic hash-only sessions shaped like agentic coding: a shared system prefix, a
// conversation that grows, tool loops seconds apart, human pauses, long idle gaps, compactions
// that reset the context, rewinds, and sub-agents (nested) with their own prefixes. Used for the
// bundled sample_traces, property tests and benchmarks. Deterministic for a seed on any platform.
#pragma once

#include "kv/core/session.h"

#include <cstdint>
#include <string>

namespace kv::core {

struct SyntheticSpec
{
    std::uint64_t seed = 1;
    std::string name = "synthetic";
    std::uint32_t requests = 40; // main-agent requests
    std::uint32_t blockSize = 64;
    std::uint32_t systemBlocks = 200; // tools + system prompt
    std::uint32_t maxNewBlocks = 40; // appended per request at most
    double subagentChance = 0.08; // per main request, chance to spawn a sub-agent before it
    std::uint32_t maxDepth = 2; // sub-agents may spawn sub-agents up to this depth
    double compactionChance = 0.02; // per request: the context is summarized and restarts
    double rewindChance = 0.03; // per request: go back to an earlier prompt and branch
    double idleChance = 0.03; // per request: a pause of one to two hours before it
    bool integerTimes = false; // whole seconds, so gaps can equal a TTL exactly and times tie
};

Session makeSyntheticSession(const SyntheticSpec& spec);

// A small deterministic generator (splitmix64), the same on every standard library.
class SplitMix64
{
public:
    explicit SplitMix64(std::uint64_t seed)
        : m_state(seed)
    {
    }
    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    // Uniform in [lo, hi].
    std::uint64_t range(std::uint64_t lo, std::uint64_t hi) { return lo + next() % (hi - lo + 1); }
    double unit() { return double(next() >> 11) * 0x1.0p-53; }
    bool chance(double p) { return unit() < p; }

private:
    std::uint64_t m_state;
};

} // namespace kv::core
