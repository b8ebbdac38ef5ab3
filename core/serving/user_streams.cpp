// SPDX-License-Identifier: Apache-2.0
#include "kv/core/user_streams.h"

#include "kv/core/hashing.h"
#include "kv/core/synthetic_session.h"

#include <algorithm>

namespace kv::core {

UserStreams::UserStreams(std::span<const Session> sessions, const UserTiming& timing, const UserLoad& load)
    : m_sessions(sessions)
    , m_recycle(load.recycle)
    , m_advanceMin(std::clamp(load.advanceMin, 0.0, 1.0))
    , m_advanceMax(std::clamp(std::max(load.advanceMin, load.advanceMax), 0.0, 1.0))
    , m_advanceState(load.seed ^ 0xadc0ffee5eedull)
{
    std::uint64_t prefixTokens = 0;
    for (const Session& s : sessions)
        if (!s.agents.empty() && s.hashScope != "global")
            prefixTokens = std::max<std::uint64_t>(prefixTokens, s.agents[0].toolTokens + s.agents[0].systemTokens);
    if (!sessions.empty() && sessions.front().blockSize > 0)
        m_warmBlocks = std::size_t(double(prefixTokens) * std::clamp(timing.warmPrefixShare, 0.0, 1.0))
            / sessions.front().blockSize;
    for (std::uint32_t i = 0; i < sessions.size(); ++i)
        m_scripts.push_back(makeSessionScript(sessions[i], i, timing));
    // Only sessions with something to send (the context limit may cut a whole conversation).
    for (std::uint32_t i = 0; i < sessions.size(); ++i)
        if (!m_scripts[i].agents.empty() && !m_scripts[i].agents[0].requests.empty())
            m_order.push_back(i);
    if (load.randomOrder) { // Fisher-Yates with the run's seed: the same seed, the same users
        SplitMix64 rng(load.seed);
        for (std::size_t i = m_order.size(); i > 1; --i)
            std::swap(m_order[i - 1], m_order[std::size_t(rng.next() % i)]);
    }
}

void UserStreams::setUsers(std::uint32_t count, double time)
{
    if (m_order.empty())
        return; // nobody could send anything
    while (m_active < count) {
        // A user who left may come back; otherwise a new one.
        auto it = std::find_if(m_users.begin(), m_users.end(), [](const User& u) { return !u.active; });
        if (it == m_users.end()) {
            m_users.push_back({});
            it = m_users.end() - 1;
        }
        it->active = true;
        it->leaving = false;
        ++m_active;
        startSession(std::uint32_t(it - m_users.begin()), time);
    }
    for (std::size_t u = m_users.size(); u-- > 0 && m_active > count;) {
        if (m_users[u].active && !m_users[u].leaving) {
            m_users[u].leaving = true; // stops after its current request
            --m_active;
        }
    }
}

void UserStreams::startSession(std::uint32_t user, double time)
{
    if (m_order.empty()) { // nothing to replay: the user stays idle
        m_users[user].active = false;
        --m_active;
        return;
    }
    const std::uint32_t session = m_order[std::size_t(m_sessionsStarted % m_order.size())];
    ++m_sessionsStarted;
    const std::uint64_t salt = m_sessions[session].hashScope == "global" ? 0 : m_sessionsStarted;
    std::uint32_t first = 0;
    if (m_advanceMax > 0) { // joins partway: the history before is taken as already sent
        SplitMix64 rng(m_advanceState);
        m_advanceState = rng.next();
        const double share = m_advanceMin + rng.unit() * (m_advanceMax - m_advanceMin);
        const auto count = std::uint32_t(m_scripts[session].agents[0].requests.size());
        first = std::min(count - 1, std::uint32_t(share * double(count)));
    }
    startStream(user, session, 0, -1, salt, time, first);
}

std::uint32_t UserStreams::startStream(std::uint32_t user, std::uint32_t session, std::uint32_t agent,
    std::int32_t parent, std::uint64_t salt, double time, std::uint32_t first)
{
    Stream s;
    s.user = user;
    s.session = session;
    s.agent = agent;
    s.parent = parent;
    s.start = time;
    s.salt = salt;
    s.next = s.first = first;
    const auto index = std::uint32_t(m_streams.size());
    m_streams.push_back(s);
    if (first == 0) // sub-agents spawned before a partway start belong to the history
        spawnChildren(index, -1, time);
    if (m_streams[index].pendingChildren == 0)
        scheduleNext(index, time);
    return index;
}

std::uint32_t UserStreams::currentRequest(std::uint32_t stream) const
{
    const Stream& s = m_streams[stream];
    return m_scripts[s.session].agents[s.agent].requests[s.next].request;
}

std::uint64_t UserStreams::blockHash(std::uint32_t stream, std::size_t position, std::uint64_t raw) const
{
    const Stream& s = m_streams[stream];
    if (s.salt == 0) // content hashes: shared as they are
        return raw;
    if (position < m_warmBlocks) // the canonical prefix: the same for every user
        return scopedBlockHash(0x77a2f1e5u + position, 0xffffffffu);
    return scopedBlockHash(raw, s.salt);
}

void UserStreams::spawnChildren(std::uint32_t stream, std::int32_t after, double time)
{
    const Stream s = m_streams[stream]; // startStream below may grow the vector
    for (const auto& [position, agent] : m_scripts[s.session].agents[s.agent].spawns) {
        if (position != after)
            continue;
        ++m_streams[stream].pendingChildren;
        startStream(s.user, s.session, agent, std::int32_t(stream), s.salt, time);
    }
}

void UserStreams::scheduleNext(std::uint32_t stream, double time)
{
    const Stream& s = m_streams[stream];
    const AgentScript& script = m_scripts[s.session].agents[s.agent];
    if (s.next >= script.requests.size() || m_users[s.user].leaving) {
        finishStream(stream, time);
        return;
    }
    const ScriptRequest& r = script.requests[s.next];
    // Original timing keeps the recorded offsets from the stream's start; the other strategies
    // wait after the last answer.
    const double offset = r.offset - script.requests[s.first].offset; // Original: from where it started
    const double due = s.next == s.first ? time : std::max(time, std::max(s.start + offset, time + r.delay));
    if (onArrival)
        onArrival(due, stream);
}

void UserStreams::requestDone(std::uint32_t stream, double time)
{
    const auto done = std::int32_t(m_streams[stream].next);
    ++m_streams[stream].next;
    spawnChildren(stream, done, time);
    if (m_streams[stream].pendingChildren == 0)
        scheduleNext(stream, time);
}

void UserStreams::finishStream(std::uint32_t stream, double time)
{
    const Stream s = m_streams[stream];
    if (s.parent >= 0) {
        Stream& parent = m_streams[std::size_t(s.parent)];
        if (--parent.pendingChildren == 0)
            scheduleNext(std::uint32_t(s.parent), time);
        return;
    }
    User& user = m_users[s.user];
    if (user.leaving || !m_recycle) {
        if (!user.leaving)
            --m_active; // finished for good
        user.active = false;
        user.leaving = false;
        return;
    }
    startSession(s.user, time);
}

} // namespace kv::core
