// SPDX-License-Identifier: Apache-2.0
#include "kv/core/fleet.h"

#include "kv/core/hashing.h"
#include "kv/core/synthetic_session.h"
#include "kv/core/units.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

namespace kv::core {

Expected<FleetTiming> parseFleetTiming(std::string_view text, std::uint64_t seed)
{
    FleetTiming t;
    t.seed = seed;
    if (text.empty() || text == "recorded")
        return t;
    const std::size_t eq = text.find('=');
    const std::string_view key = text.substr(0, eq), value = eq == std::string_view::npos ? "" : text.substr(eq + 1);
    if (key == "window") {
        const auto s = parseDuration(value);
        if (!s || !std::isfinite(*s) || *s <= 0)
            return Status::error("window=" + std::string(value) + ": not a duration (30m, 1h, 1d)");
        t.mode = FleetTiming::Mode::Window;
        t.windowSeconds = *s;
        return t;
    }
    if (key == "rate") {
        const std::size_t slash = value.find('/');
        double n = 0;
        try {
            n = std::stod(std::string(value.substr(0, slash)));
        } catch (...) {
            n = -1;
        }
        const std::string_view unit = slash == std::string_view::npos ? "h" : value.substr(slash + 1);
        const double perUnit = unit == "h" ? 1.0 : unit == "min" || unit == "m" ? 60.0 : unit == "s" ? 3600.0 : -1.0;
        if (!(n > 0) || perUnit < 0)
            return Status::error("rate=" + std::string(value) + ": not a rate (30/h, 2/min, 0.1/s)");
        t.mode = FleetTiming::Mode::Rate;
        t.perHour = n * perUnit;
        return t;
    }
    return Status::error("'" + std::string(text) + "': timing is recorded, window=DURATION or rate=N/h");
}

void retimeSessions(std::span<Session> sessions, const FleetTiming& timing)
{
    if (timing.mode == FleetTiming::Mode::AsRecorded)
        return;
    SplitMix64 rng(timing.seed);
    double arrival = 0;
    for (Session& s : sessions) {
        if (s.requests.empty())
            continue;
        double start = 0;
        if (timing.mode == FleetTiming::Mode::Window) {
            start = rng.unit() * timing.windowSeconds;
        } else {
            start = arrival;
            // Exponential gaps: a Poisson process of sessions.
            arrival += -std::log(1.0 - rng.unit()) * 3600.0 / timing.perHour;
        }
        double first = std::numeric_limits<double>::infinity();
        for (const Request& r : s.requests)
            first = std::min(first, r.time);
        for (Request& r : s.requests)
            r.time += start - first;
        for (Agent& a : s.agents)
            a.spawnTime += start - first;
    }
}

FleetSharing fleetSharing(std::span<const Session* const> sessions)
{
    FleetSharing out;
    struct Use
    {
        std::uint32_t lastSession;
        std::uint32_t sessions;
        std::uint64_t accesses;
    };
    std::unordered_map<std::uint64_t, Use> uses;
    for (std::uint32_t si = 0; si < sessions.size(); ++si) {
        const Session& s = *sessions[si];
        // Salted the way a shared cache keeps local hashes apart (makeFleetReplayInput).
        const std::uint64_t salt = sessions.size() > 1 && s.hashScope != "global" ? si + 1 : 0;
        for (std::uint64_t h : s.blocks) {
            Use& u = uses.try_emplace(scopedBlockHash(h, salt), Use { 0xffffffffu, 0, 0 }).first->second;
            if (u.lastSession != si) {
                u.lastSession = si;
                ++u.sessions;
            }
            ++u.accesses;
        }
    }
    for (const auto& [h, u] : uses) {
        ++out.blocks;
        out.blockAccesses += u.accesses;
        if (u.sessions > 1) {
            ++out.sharedBlocks;
            out.sharedAccesses += u.accesses;
        }
    }
    return out;
}

} // namespace kv::core
