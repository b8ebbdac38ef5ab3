// SPDX-License-Identifier: Apache-2.0
// The fleet view: many sessions replayed into one shared cache. Sessions keep their recorded
// times, or are re-timed so their first requests arrive at seeded random times in a window or
// as a Poisson process at a given rate; and what the sessions share (system prompts, tools).
#pragma once

#include "kv/core/cache_policy.h"
#include "kv/core/session.h"
#include "kv/core/status.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kv::core {

struct SessionAnalysis;

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
// "as recorded", "random starts within 1 h (seed 1)", "arrivals at 30 per hour (seed 1)".
std::string describeFleetTiming(const FleetTiming& timing);

struct FleetSharing
{
    std::uint64_t blocks = 0; // distinct blocks of the fleet (local hashes kept apart per session)
    std::uint64_t sharedBlocks = 0; // of those, used by two sessions or more
    std::uint64_t blockAccesses = 0; // block look-ups over all requests
    std::uint64_t sharedAccesses = 0; // look-ups of shared blocks
};
FleetSharing fleetSharing(std::span<const Session* const> sessions);

// Where each session of a fleet sits in the combined session (combineSessions order) and when
// it runs, so views can tell the sessions apart again.
struct FleetMember
{
    std::string name;
    std::uint32_t requestBegin = 0; // its first request in the combined session's file order
    std::uint32_t requests = 0;
    double start = 0; // first request, seconds from the fleet's first request
    double end = 0; // last request start, same clock
};
struct FleetLayout
{
    FleetTiming timing;
    std::vector<FleetMember> members;
    FleetSharing sharing;
};
// sessions as combined (already re-timed by timing).
FleetLayout fleetLayout(std::span<const Session* const> sessions, const FleetTiming& timing);

// The member whose requests include request `sourceRequest` of the combined session (members
// hold consecutive ranges, in order), or -1.
int fleetMemberOf(const FleetLayout& layout, std::uint32_t sourceRequest);

// Each member's prompt tokens and hits as replayed in the shared cache under a policy (fleet is
// the analysis of the combined session). With local hashes and no capacity limit they equal the
// member's own replay; shared content raises them, a shared capacity lowers them.
struct MemberHits
{
    std::uint64_t inputTokens = 0;
    std::uint64_t hitTokens = 0;
    double hitRate() const { return inputTokens ? double(hitTokens) / double(inputTokens) : 0.0; }
};
std::vector<MemberHits> fleetMemberHits(
    const SessionAnalysis& fleet, const FleetLayout& layout, const CachePolicy& policy);

// Two or three sentences for a person: the fleet's hit rate in one shared cache against the same
// sessions each in a cache of its own (alone, same order), why they differ, and what they share.
std::string describeFleet(
    const FleetLayout& layout, std::span<const MemberHits> inFleet, std::span<const MemberHits> alone);

} // namespace kv::core
