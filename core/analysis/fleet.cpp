// SPDX-License-Identifier: Apache-2.0
#include "kv/core/fleet.h"

#include "kv/core/access_profile.h"
#include "kv/core/hashing.h"
#include "kv/core/session_analysis.h"
#include "kv/core/synthetic_session.h"
#include "kv/core/units.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
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

std::string describeFleetTiming(const FleetTiming& t)
{
    char buf[96];
    switch (t.mode) {
    case FleetTiming::Mode::AsRecorded:
        return "as recorded";
    case FleetTiming::Mode::Window:
        if (t.windowSeconds >= 3600)
            std::snprintf(buf, sizeof buf, "random starts within %g h (seed %llu)", t.windowSeconds / 3600,
                static_cast<unsigned long long>(t.seed));
        else
            std::snprintf(buf, sizeof buf, "random starts within %g min (seed %llu)", t.windowSeconds / 60,
                static_cast<unsigned long long>(t.seed));
        return buf;
    case FleetTiming::Mode::Rate:
        std::snprintf(
            buf, sizeof buf, "arrivals at %g per hour (seed %llu)", t.perHour, static_cast<unsigned long long>(t.seed));
        return buf;
    }
    return {};
}

FleetLayout fleetLayout(std::span<const Session* const> sessions, const FleetTiming& timing)
{
    FleetLayout out;
    out.timing = timing;
    out.sharing = fleetSharing(sessions);
    double origin = std::numeric_limits<double>::infinity();
    std::uint32_t begin = 0;
    for (const Session* s : sessions) {
        FleetMember m;
        m.name = s->name;
        m.requestBegin = begin;
        m.requests = static_cast<std::uint32_t>(s->requests.size());
        m.start = std::numeric_limits<double>::infinity();
        m.end = -std::numeric_limits<double>::infinity();
        for (const Request& r : s->requests) {
            m.start = std::min(m.start, r.time);
            m.end = std::max(m.end, r.time);
        }
        if (s->requests.empty())
            m.start = m.end = 0;
        origin = std::min(origin, m.start);
        begin += m.requests;
        out.members.push_back(std::move(m));
    }
    for (FleetMember& m : out.members) {
        m.start -= origin;
        m.end -= origin;
    }
    return out;
}

int fleetMemberOf(const FleetLayout& layout, std::uint32_t sourceRequest)
{
    const auto it = std::upper_bound(layout.members.begin(), layout.members.end(), sourceRequest,
        [](std::uint32_t request, const FleetMember& m) { return request < m.requestBegin; });
    return it == layout.members.begin() ? -1 : int(it - layout.members.begin()) - 1;
}

std::vector<MemberHits> fleetMemberHits(
    const SessionAnalysis& fleet, const FleetLayout& layout, const CachePolicy& policy)
{
    std::vector<MemberHits> out(layout.members.size());
    if (!fleet.profile || layout.members.empty())
        return out;
    const AccessProfile& p = *fleet.profile;
    for (std::size_t j = 0; j < p.requestCount() && j < fleet.sourceRequest.size(); ++j) {
        const int member = fleetMemberOf(layout, fleet.sourceRequest[j]);
        if (member < 0)
            continue;
        MemberHits& h = out[std::size_t(member)];
        h.inputTokens += p.inputTokens(j);
        h.hitTokens += p.hitTokens(j, p.hitBlocks(j, policy));
    }
    return out;
}

std::string describeFleet(
    const FleetLayout& layout, std::span<const MemberHits> inFleet, std::span<const MemberHits> alone)
{
    MemberHits fleet, apart;
    for (const MemberHits& h : inFleet) {
        fleet.inputTokens += h.inputTokens;
        fleet.hitTokens += h.hitTokens;
    }
    for (const MemberHits& h : alone) {
        apart.inputTokens += h.inputTokens;
        apart.hitTokens += h.hitTokens;
    }
    char buf[160];
    std::snprintf(buf, sizeof buf, "%zu sessions, %s: in one shared cache they hit %.1f%% of their prompt tokens; ",
        layout.members.size(), describeFleetTiming(layout.timing).c_str(), 100.0 * fleet.hitRate());
    std::string out = buf;
    const double gain = 100.0 * (fleet.hitRate() - apart.hitRate());
    std::snprintf(buf, sizeof buf, "each in a cache of its own, %.1f%%", 100.0 * apart.hitRate());
    out += buf;
    if (gain > 0.05)
        std::snprintf(
            buf, sizeof buf, ". Sharing gains %.1f points: later sessions find what earlier ones cached.", gain);
    else if (gain < -0.05)
        std::snprintf(buf, sizeof buf,
            ". Sharing the capacity costs %.1f points: the sessions evict each other's blocks.", -gain);
    else
        std::snprintf(buf, sizeof buf, ": sharing neither helps nor hurts under this policy.");
    out += buf;
    const FleetSharing& s = layout.sharing;
    out += " They share " + withThousands(s.sharedBlocks) + " of " + withThousands(s.blocks) + " distinct blocks";
    std::snprintf(buf, sizeof buf, " (%.1f%% of block look-ups)",
        s.blockAccesses ? 100.0 * double(s.sharedAccesses) / double(s.blockAccesses) : 0.0);
    out += buf;
    out += s.sharedBlocks ? ": common system prompts, tools and context."
                          : "; nothing in common (hash traces' local hashes never match across traces).";
    // Hash traces count from 0, agent logs from their wall-clock time: as recorded, such a mix
    // lies decades apart and shares nothing in time.
    double first = 0, last = 0;
    for (std::size_t i = 0; i < layout.members.size(); ++i) {
        first = i ? std::min(first, layout.members[i].start) : layout.members[i].start;
        last = i ? std::max(last, layout.members[i].start) : layout.members[i].start;
    }
    if (layout.timing.mode == FleetTiming::Mode::AsRecorded && last - first > 365.0 * 86400.0)
        out += " Their recorded start times are years apart (hash traces count from 0, agent logs from their "
               "wall-clock time): start them at random within a window or at a rate to see them together.";
    return out;
}

} // namespace kv::core
