// SPDX-License-Identifier: Apache-2.0
// UserStreams: the users of a simulated or real load test and the requests they send. Each user
// replays one session at a time (its script); each agent of it is a stream of requests, sent one
// after another with the timing strategy's waits; sub-agents start as concurrent streams after
// the request that spawned them and their parent waits for them all. The driver (the serving
// simulator, or the load generator's clock) says when a request was answered; the streams say,
// through onArrival, when each next request is to be sent.
#pragma once

#include "kv/core/session.h"
#include "kv/core/user_model.h"

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace kv::core {

class UserStreams
{
public:
    struct Stream
    {
        std::uint32_t user = 0;
        std::uint32_t session = 0; // index into the sessions
        std::uint32_t agent = 0; // index into the session's agents (and its script's)
        std::int32_t parent = -1; // stream that waits for this one; -1 for a user's main stream
        std::uint32_t next = 0; // position in the agent's script of the request to send next
        std::uint32_t first = 0; // where it started (later than 0 when the user joined partway)
        std::uint32_t pendingChildren = 0;
        double start = 0;
        // Salt for the session's local block hashes: every replay of a hash trace is its own
        // conversation; content hashes (agent logs) stay shared.
        std::uint64_t salt = 0;
    };

    UserStreams(std::span<const Session> sessions, const UserTiming& timing, const UserLoad& load);

    // Called with (time, stream) whenever a stream's next request is due.
    std::function<void(double, std::uint32_t)> onArrival;

    // Starts users (each on the next session) or lets the newest ones leave after their current
    // request, until count are active.
    void setUsers(std::uint32_t count, double time);
    std::uint32_t activeUsers() const { return m_active; }

    const Stream& stream(std::uint32_t index) const { return m_streams[index]; }
    // The request a stream is sending now (index into its session's requests).
    std::uint32_t currentRequest(std::uint32_t stream) const;
    // The cache key of block `position` of a stream's request: the canonical warm prefix first,
    // then the session's own block, salted per replay for hash traces.
    std::uint64_t blockHash(std::uint32_t stream, std::size_t position, std::uint64_t raw) const;
    // The stream's current request was answered at time.
    void requestDone(std::uint32_t stream, double time);
    // Sessions with at least one request to send (within the context limit).
    std::size_t playableSessions() const { return m_order.size(); }

private:
    struct User
    {
        bool active = false;
        bool leaving = false;
    };
    void startSession(std::uint32_t user, double time);
    std::uint32_t startStream(std::uint32_t user, std::uint32_t session, std::uint32_t agent, std::int32_t parent,
        std::uint64_t salt, double time, std::uint32_t first = 0);
    void spawnChildren(std::uint32_t stream, std::int32_t after, double time);
    void scheduleNext(std::uint32_t stream, double time);
    void finishStream(std::uint32_t stream, double time);

    std::span<const Session> m_sessions;
    std::vector<SessionScript> m_scripts;
    std::vector<std::uint32_t> m_order; // sessions in the order users take them
    bool m_recycle = true;
    double m_advanceMin = 0, m_advanceMax = 0;
    std::uint64_t m_advanceState; // SplitMix64 state for the start positions
    std::size_t m_warmBlocks = 0; // blocks of the canonical prefix
    std::uint64_t m_sessionsStarted = 0;
    std::vector<Stream> m_streams;
    std::vector<User> m_users;
    std::uint32_t m_active = 0;
};

} // namespace kv::core
