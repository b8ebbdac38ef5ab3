// SPDX-License-Identifier: Apache-2.0
#include "kv/core/serving_simulator.h"

#include "kv/core/hashing.h"
#include "kv/core/replay_input.h"
#include "kv/core/summary_stats.h"
#include "kv/core/synthetic_session.h"
#include "kv/core/tiered_kv_cache.h"
#include "kv/core/user_streams.h"

#include <queue>

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>

namespace kv::core {

namespace {

constexpr double kNever = std::numeric_limits<double>::infinity();

// A request the engine holds: waiting for admission, prefilling, or decoding.
struct Live
{
    enum class Phase : std::uint8_t
    {
        Waiting,
        Prefill,
        Decode
    };
    std::uint32_t record = 0; // into SimResult::requests
    std::uint32_t stream = 0;
    Phase phase = Phase::Waiting;
    std::uint32_t remainingPrefill = 0;
    std::uint32_t remainingOutput = 0;
    std::uint64_t context = 0; // tokens in the KV so far
    double loadsDone = 0;
    double decodeReadyAt = 0; // disaggregated: when its KV has reached the decode pool
    bool decodingThisStep = false;
};

// What one period gathers before it is closed.
struct PeriodAccumulator
{
    double start = 0;
    double busy = 0;
    double inputTokens = 0, outputTokens = 0;
    std::uint32_t firstTokens = 0;
    std::vector<double> ttfts;
    std::vector<double> perRequestRates;
    std::array<double, kMaxServingTiers> hitTokens {};
    std::array<double, kMaxServingTiers> readBytesAtStart {};
    std::uint64_t droppedAtStart = 0;
};

class Simulation
{
public:
    Simulation(const ServingConfig& config, std::span<const Session> sessions, const UserTiming& timing,
        const UserLoad& load, const ServiceObjectives& objectives)
        : m_config(config)
        , m_sessions(sessions)
        , m_load(load)
        , m_objectives(objectives)
        , m_cache(config, double(sessions.front().blockSize) * config.model.kvBytesPerToken)
        , m_streams(sessions, timing, load)
    {
        m_periodCount = std::size_t(std::ceil(load.durationSeconds / load.periodSeconds - 1e-9));
        // Disaggregated, the decode pool's HBM holds the running sequences (the prefill pool's
        // keeps the prefix cache); aggregated, one HBM does both.
        m_hbmTokens = config.hbmKvBytes * (config.prefillPoolShare > 0 ? 1.0 - config.prefillPoolShare : 1.0)
            / config.model.kvBytesPerToken;
        m_result.config = config.name;
        m_result.tierNames.push_back("hbm");
        for (const KvTierSpec& t : config.tiers)
            m_result.tierNames.push_back(t.name);
        for (const Session& s : sessions)
            m_result.sessionNames.push_back(s.name);
        m_streams.onArrival = [this](double time, std::uint32_t stream) { m_arrivals.push({ time, stream }); };
    }

    std::size_t playableSessions() const { return m_streams.playableSessions(); }

    SimResult run(const CancelToken* cancel, ProgressSink* progress)
    {
        const double duration = m_load.durationSeconds;
        const std::uint64_t periods = m_periodCount;
        m_period.start = 0;
        m_nextBoundary = std::min(m_load.periodSeconds, duration);
        m_streams.setUsers(m_load.start, 0.0);
        while (m_now < duration) {
            if (cancel && cancel->requested()) {
                m_result.cancelled = true;
                break;
            }
            takeArrivals();
            admit();
            if (!step()) { // nothing the engine can do now: jump to the next thing that happens
                const double next = std::min({ nextArrival(), nextLoad(), m_nextBoundary, duration });
                if (!(next > m_now))
                    break;
                closePeriodsUpTo(next, false);
                m_now = next;
            }
            if (progress)
                progress->advance(std::min<std::uint64_t>(m_result.periods.size(), periods), periods);
        }
        if (!m_result.cancelled)
            closePeriodsUpTo(duration, false);
        m_result.simulatedSeconds = std::min(m_now, duration);
        return std::move(m_result);
    }

private:
    struct Arrival
    {
        double time;
        std::uint32_t stream;
        // The heap's order: later first, so the earliest (then the lowest stream) is on top.
        bool operator<(const Arrival& o) const { return time != o.time ? time > o.time : stream > o.stream; }
    };

    double nextArrival() const { return m_arrivals.empty() ? kNever : m_arrivals.top().time; }
    double nextLoad() const
    {
        double t = kNever;
        for (const Live& l : m_running) {
            if (l.phase == Live::Phase::Prefill && l.loadsDone > m_now)
                t = std::min(t, l.loadsDone);
            if (l.phase == Live::Phase::Decode && l.decodeReadyAt > m_now)
                t = std::min(t, l.decodeReadyAt);
        }
        return t;
    }

    // Requests whose time has come join the waiting queue in time order (ties: stream order).
    void takeArrivals()
    {
        while (!m_arrivals.empty() && m_arrivals.top().time <= m_now) {
            const Arrival a = m_arrivals.top();
            m_arrivals.pop();
            const UserStreams::Stream& s = m_streams.stream(a.stream);
            SimRequest r;
            r.user = s.user;
            r.session = s.session;
            r.request = m_streams.currentRequest(a.stream);
            r.arrival = a.time;
            const Request& req = m_sessions[s.session].requests[r.request];
            r.inputTokens = std::uint32_t(std::min<std::uint64_t>(req.inputTokens, 0xffffffffu));
            r.outputTokens = std::uint32_t(std::min<std::uint64_t>(req.outputTokens, 0xffffffffu));
            Live live;
            live.record = std::uint32_t(m_result.requests.size());
            live.stream = a.stream;
            m_result.requests.push_back(r);
            m_waiting.push_back(live);
        }
    }

    // Waiting requests enter the batch while it has room: a free sequence slot, and HBM for the
    // KV of every running sequence at its full length (a batch cannot hold more than HBM does;
    // the first request always enters, so a prompt larger than HBM still runs, alone).
    void admit()
    {
        while (!m_waiting.empty() && m_running.size() < m_config.maxBatch) {
            Live live = m_waiting.front();
            {
                const SimRequest& next = m_result.requests[live.record];
                const double need = double(next.inputTokens) + double(next.outputTokens);
                if (!m_running.empty() && m_runningTokens + need > m_hbmTokens)
                    break;
                m_runningTokens += need;
            }
            m_waiting.pop_front();
            SimRequest& r = m_result.requests[live.record];
            const Session& session = m_sessions[r.session];
            const Request& req = session.requests[r.request];
            m_blocks.clear();
            const auto raw = session.blocksOf(req);
            for (std::size_t i = 0; i < raw.size(); ++i)
                m_blocks.push_back(m_streams.blockHash(live.stream, i, raw[i]));
            const TieredKvCache::Admission a = m_cache.admit(m_blocks, m_now);
            const double tpb = req.tokensPerBlock(session.blockSize);
            std::uint32_t cumulative = 0, previousTokens = 0;
            for (std::size_t t = 0; t < a.blocksByTier.size() && t < kMaxServingTiers; ++t) {
                cumulative += a.blocksByTier[t];
                const auto tokens = std::uint32_t(hitTokensFor(cumulative, tpb, r.inputTokens));
                r.hitTokens[t] = tokens - previousTokens;
                previousTokens = tokens;
            }
            r.computedTokens = r.inputTokens - previousTokens;
            live.phase = Live::Phase::Prefill;
            live.context = previousTokens;
            live.remainingPrefill = std::max<std::uint32_t>(1, r.computedTokens); // the last token is always run
            live.loadsDone = a.loadsDone;
            m_running.push_back(live);
        }
    }

    // One engine step: a chunk of prefill and one decode token for every decoding sequence.
    // False when there is nothing to run now.
    bool step()
    {
        const ServingModelCost& m = m_config.model;
        double seconds = 0, stallUntil = m_now;
        std::uint32_t budget = m_config.prefillChunkTokens;
        m_chunks.clear();
        std::uint64_t decoding = 0, decodeContext = 0;
        for (std::uint32_t i = 0; i < m_running.size(); ++i) {
            Live& l = m_running[i];
            if (l.phase == Live::Phase::Decode) {
                l.decodingThisStep = l.decodeReadyAt <= m_now;
                if (l.decodingThisStep) {
                    ++decoding;
                    decodeContext += l.context;
                }
            } else if (budget > 0 && (l.loadsDone <= m_now || !m_config.overlapLoads)) {
                const std::uint32_t n = std::min(budget, l.remainingPrefill);
                budget -= n;
                seconds += double(n) / m.prefillTokensPerSecond
                    * (1.0 + (double(l.context) + double(n) / 2.0) / m.attentionContext);
                stallUntil = std::max(stallUntil, l.loadsDone);
                m_chunks.push_back({ i, n });
            }
        }
        if (m_chunks.empty() && decoding == 0)
            return false;
        const double decodeSeconds = decoding == 0 ? 0.0
                                                   : m.decodeStepSeconds + m.decodeSecondsPerSequence * double(decoding)
                + m.decodeSecondsPerContextToken * double(decodeContext);
        const double share = m_config.prefillPoolShare;
        seconds = share > 0 ? std::max(seconds / share, decodeSeconds / (1.0 - share)) : seconds + decodeSeconds;
        seconds += stallUntil - m_now; // loads the engine waits for when they do not overlap
        const double end = m_now + seconds;
        closePeriodsUpTo(end, true);
        m_period.busy += end - std::max(m_now, m_period.start);
        m_now = end;
        // Prefill chunks advance; a finished prefill gives the first token.
        for (const auto& [index, n] : m_chunks) {
            Live& l = m_running[index];
            l.remainingPrefill -= n;
            l.context += n;
            if (l.remainingPrefill > 0)
                continue;
            SimRequest& r = m_result.requests[l.record];
            r.firstToken = m_now;
            m_period.ttfts.push_back(r.ttft());
            ++m_period.firstTokens;
            m_period.inputTokens += r.inputTokens;
            for (std::size_t t = 0; t < kMaxServingTiers; ++t)
                m_period.hitTokens[t] += r.hitTokens[t];
            m_period.outputTokens += 1;
            l.phase = Live::Phase::Decode;
            l.remainingOutput = r.outputTokens > 1 ? r.outputTokens - 1 : 0;
            l.context += 1;
            l.decodingThisStep = false; // decodes from the next step on
            if (share > 0 && l.remainingOutput > 0) { // its KV moves to the decode pool first
                const double start = std::max(m_now, m_transferBusyUntil);
                m_transferBusyUntil = start + double(l.context) * m.kvBytesPerToken / m_config.kvTransferBytesPerSecond;
                l.decodeReadyAt = m_transferBusyUntil;
            }
        }
        // The sequences that decoded in this step each made one token.
        for (std::uint32_t i = 0; i < m_running.size(); ++i) {
            Live& l = m_running[i];
            if (l.phase != Live::Phase::Decode || !l.decodingThisStep)
                continue;
            l.decodingThisStep = false;
            if (l.remainingOutput > 0) {
                --l.remainingOutput;
                ++l.context;
                m_period.outputTokens += 1;
            }
        }
        // Finished requests leave; their users go on.
        std::vector<std::uint32_t> finished;
        for (std::uint32_t i = 0; i < m_running.size(); ++i)
            if (m_running[i].phase == Live::Phase::Decode && m_running[i].remainingOutput == 0)
                finished.push_back(i);
        for (auto it = finished.rbegin(); it != finished.rend(); ++it) {
            const Live l = m_running[*it];
            m_running.erase(m_running.begin() + std::ptrdiff_t(*it));
            SimRequest& r = m_result.requests[l.record];
            m_runningTokens -= double(r.inputTokens) + double(r.outputTokens);
            r.end = m_now;
            if (r.outputTokens > 1 && r.end > r.firstToken)
                m_period.perRequestRates.push_back(double(r.outputTokens - 1) / (r.end - r.firstToken));
            m_streams.requestDone(l.stream, m_now);
        }
        return true;
    }

    // Closes every period that ends at or before t; busy: the engine runs from m_now to t.
    void closePeriodsUpTo(double t, bool busy)
    {
        while (m_result.periods.size() < m_periodCount && m_nextBoundary <= t) {
            if (busy)
                m_period.busy += m_nextBoundary - std::max(m_now, m_period.start);
            closePeriod(m_nextBoundary);
            m_nextBoundary = std::min(m_nextBoundary + m_load.periodSeconds, m_load.durationSeconds);
        }
    }

    void closePeriod(double end)
    {
        SimPeriod p;
        p.start = m_period.start;
        p.end = end;
        const double length = std::max(end - p.start, 1e-9);
        p.users = m_streams.activeUsers();
        p.requestsInFlight = std::uint32_t(m_waiting.size() + m_running.size());
        p.inputTokensPerSecond = m_period.inputTokens / length;
        p.outputTokensPerSecond = m_period.outputTokens / length;
        p.firstTokens = m_period.firstTokens;
        // Requests still waiting for their first token count with the wait so far: an engine too
        // busy to answer anything must not look fast.
        std::vector<double> ttfts = m_period.ttfts;
        for (const Live& l : m_waiting)
            ttfts.push_back(end - m_result.requests[l.record].arrival);
        for (const Live& l : m_running)
            if (l.phase == Live::Phase::Prefill)
                ttfts.push_back(end - m_result.requests[l.record].arrival);
        std::sort(ttfts.begin(), ttfts.end());
        const auto q = [&](double quantile) { return ttfts.empty() ? 0.0 : quantileOfSorted(ttfts, quantile); };
        p.ttftP50 = q(0.5);
        p.ttftP95 = q(0.95);
        p.ttftP99 = q(0.99);
        p.ttftAtObjective = q(m_objectives.ttftPercentile / 100.0);
        double rates = 0;
        for (double r : m_period.perRequestRates)
            rates += r;
        p.outputTokensPerSecondPerRequest
            = m_period.perRequestRates.empty() ? 0.0 : rates / double(m_period.perRequestRates.size());
        for (std::size_t t = 0; t < kMaxServingTiers; ++t)
            p.hitShare[t] = m_period.inputTokens > 0 ? m_period.hitTokens[t] / m_period.inputTokens : 0.0;
        for (std::size_t t = 1; t < m_cache.tierCount() && t < kMaxServingTiers; ++t)
            p.readBytesPerSecond[t] = (m_cache.bytesRead(t) - m_period.readBytesAtStart[t]) / length;
        p.gpuBusyShare = std::min(1.0, m_period.busy / length);
        p.droppedBlocks = m_cache.droppedBlocks() - m_period.droppedAtStart;
        p.objectivesHeld = p.ttftAtObjective <= m_objectives.ttftSeconds
            && (m_objectives.minOutputTokensPerSecond <= 0 || m_period.perRequestRates.empty()
                || p.outputTokensPerSecondPerRequest >= m_objectives.minOutputTokensPerSecond);
        if (m_result.fallOffUsers == 0) {
            if (p.objectivesHeld)
                m_result.maxUsersHeld = std::max(m_result.maxUsersHeld, p.users);
            else if (!m_result.periods.empty() && !m_result.periods.back().objectivesHeld)
                m_result.fallOffUsers = std::max(1u, m_result.periods.back().users);
        }
        m_result.periods.push_back(p);

        m_period = PeriodAccumulator {};
        m_period.start = end;
        for (std::size_t t = 1; t < m_cache.tierCount() && t < kMaxServingTiers; ++t)
            m_period.readBytesAtStart[t] = m_cache.bytesRead(t);
        m_period.droppedAtStart = m_cache.droppedBlocks();
        steerUsers(p, end);
    }

    void steerUsers(const SimPeriod& p, double time)
    {
        std::uint32_t target = m_streams.activeUsers();
        switch (m_load.mode) {
        case UserLoad::Mode::Fixed:
            return;
        case UserLoad::Mode::Ramp:
            target = std::min(m_load.max, target + m_load.step);
            break;
        case UserLoad::Mode::Slo:
            target = p.objectivesHeld ? std::min(m_load.max, target + m_load.step)
                                      : std::max<std::uint32_t>(1, target > m_load.step ? target - m_load.step : 1);
            break;
        }
        m_streams.setUsers(target, time);
    }

    const ServingConfig& m_config;
    std::span<const Session> m_sessions;
    UserLoad m_load;
    ServiceObjectives m_objectives;
    TieredKvCache m_cache;
    UserStreams m_streams;
    SimResult m_result;
    std::priority_queue<Arrival> m_arrivals; // requests due, earliest on top
    std::deque<Live> m_waiting;
    std::vector<Live> m_running;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> m_chunks; // running index, tokens
    std::vector<std::uint64_t> m_blocks;
    PeriodAccumulator m_period;
    double m_now = 0;
    double m_nextBoundary = 0;
    std::size_t m_periodCount = 0;
    double m_hbmTokens = 0; // KV tokens HBM holds
    double m_runningTokens = 0; // KV tokens the running batch needs at full length
    double m_transferBusyUntil = 0; // the link from the prefill pool to the decode pool
};

} // namespace

SimSummary summarizeRun(const SimResult& r)
{
    SimSummary s;
    s.requests = r.requests.size();
    std::vector<double> ttfts;
    double input = 0, output = 0, computed = 0;
    std::array<double, kMaxServingTiers> hits {};
    for (const SimRequest& q : r.requests) {
        if (q.firstToken < 0)
            continue;
        ttfts.push_back(q.ttft());
        input += q.inputTokens;
        computed += q.computedTokens;
        for (std::size_t t = 0; t < kMaxServingTiers; ++t)
            hits[t] += q.hitTokens[t];
    }
    s.answered = ttfts.size();
    std::sort(ttfts.begin(), ttfts.end());
    s.ttftP50 = ttfts.empty() ? 0.0 : quantileOfSorted(ttfts, 0.5);
    s.ttftP95 = ttfts.empty() ? 0.0 : quantileOfSorted(ttfts, 0.95);
    double busy = 0, length = 0;
    for (const SimPeriod& p : r.periods) {
        output += p.outputTokensPerSecond * (p.end - p.start);
        busy += p.gpuBusyShare * (p.end - p.start);
        length += p.end - p.start;
        s.droppedBlocks += p.droppedBlocks;
    }
    s.inputTokensPerSecond = length > 0 ? input / length : 0.0;
    s.outputTokensPerSecond = length > 0 ? output / length : 0.0;
    s.gpuBusyShare = length > 0 ? busy / length : 0.0;
    for (std::size_t t = 0; t < kMaxServingTiers; ++t)
        s.hitShare[t] = input > 0 ? hits[t] / input : 0.0;
    s.computedShare = input > 0 ? computed / input : 0.0;
    return s;
}

Expected<SimResult> simulateServing(const ServingConfig& config, std::span<const Session> sessions,
    const UserTiming& timing, const UserLoad& load, const ServiceObjectives& objectives, const CancelToken* cancel,
    ProgressSink* progress)
{
    if (const Status st = config.validate(); !st)
        return st;
    if (sessions.empty())
        return Status::error("no sessions to simulate");
    for (const Session& s : sessions)
        if (s.blockSize != sessions.front().blockSize)
            return Status::error("cannot simulate sessions of block size " + std::to_string(sessions.front().blockSize)
                + " and " + std::to_string(s.blockSize) + " (" + s.name + ") on one cache");
    if (!(load.durationSeconds > 0) || !(load.periodSeconds > 0))
        return Status::error("the run needs a positive duration and period");
    Simulation sim(config, sessions, timing, load, objectives);
    if (sim.playableSessions() == 0)
        return Status::error("no session has a request within the context limit of "
            + std::to_string(timing.maxContextTokens) + " tokens");
    return sim.run(cancel, progress);
}

} // namespace kv::core
