// SPDX-License-Identifier: Apache-2.0
// The fleet view: many sessions replayed into one shared cache. Sessions keep their recorded
// times, or are re-timed so their first requests arrive at seeded random times in a window or
// as a Poisson process at a given rate; and what the sessions share (system prompts, tools).
#pragma once

#include "kv/core/session.h"
#include "kv/core/status.h"

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace kv::core {

struct FleetTiming
{
    enum class Mode
    {
        AsRecorded, // times as the files give them (hash traces all start at 0)
        Window, // each session starts at a uniform random time in [0, windowSeconds)
        Rate // sessions arrive one after another, exponential gaps at perHour per hour
    };
    Mode mode = Mode::AsRecorded;
    double windowSeconds = 3600;
    double perHour = 60;
    std::uint64_t seed = 1;
};

// "recorded", "window=1h", "rate=30/h" (also /min, /s).
Expected<FleetTiming> parseFleetTiming(std::string_view text, std::uint64_t seed);

// Shifts every request of each session (in order) so the session starts where the timing says.
void retimeSessions(std::span<Session> sessions, const FleetTiming& timing);

struct FleetSharing
{
    std::uint64_t blocks = 0; // distinct blocks of the fleet (local hashes kept apart per session)
    std::uint64_t sharedBlocks = 0; // of those, used by two sessions or more
    std::uint64_t blockAccesses = 0; // block look-ups over all requests
    std::uint64_t sharedAccesses = 0; // look-ups of shared blocks
};
FleetSharing fleetSharing(std::span<const Session* const> sessions);

} // namespace kv::core
