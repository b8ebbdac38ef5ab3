// SPDX-License-Identifier: Apache-2.0
#include "kv/core/simulation_store.h"

#include "kv/core/sqlite_db.h"

#include <cstdio>
#include <sstream>

namespace kv::core {

namespace {

// Short lists travel as text: names joined by newlines, numbers by commas (17 significant
// digits, so doubles come back exactly).
std::string joinNames(const std::vector<std::string>& names)
{
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i)
        out += (i ? "\n" : "") + names[i];
    return out;
}
std::vector<std::string> splitNames(const std::string& text)
{
    std::vector<std::string> out;
    if (text.empty())
        return out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}
template <class T, std::size_t N> std::string joinNumbers(const std::array<T, N>& values)
{
    std::string out;
    char buf[32];
    for (std::size_t i = 0; i < N; ++i) {
        std::snprintf(buf, sizeof buf, "%.17g", double(values[i]));
        out += (i ? "," : "") + std::string(buf);
    }
    return out;
}
template <class T, std::size_t N> void splitNumbers(const std::string& text, std::array<T, N>& values)
{
    std::istringstream in(text);
    std::string item;
    for (std::size_t i = 0; i < N && std::getline(in, item, ','); ++i)
        values[i] = T(std::stod(item));
}

void readRun(const Statement& q, StoredSimulation& s)
{
    s.id = q.int64(0);
    s.createdAt = q.text(1);
    s.settings.label = q.text(2);
    s.result.config = q.text(3);
    s.settings.configJson = q.text(4);
    s.settings.users = q.text(5);
    s.settings.timing = q.text(6);
    s.settings.durationSeconds = q.real(7);
    s.settings.objectives.ttftSeconds = q.real(8);
    s.settings.objectives.ttftPercentile = q.real(9);
    s.settings.objectives.minOutputTokensPerSecond = q.real(10);
    s.result.tierNames = splitNames(q.text(11));
    s.result.sessionNames = splitNames(q.text(12));
    s.result.simulatedSeconds = q.real(13);
    s.result.maxUsersHeld = std::uint32_t(q.int64(14));
    s.result.fallOffUsers = std::uint32_t(q.int64(15));
}

constexpr const char* kRunColumns = "id, created_at, label, config_name, config_json, users, timing, duration, "
                                    "ttft_objective, ttft_percentile, min_output_rate, tier_names, session_names, "
                                    "simulated_seconds, max_users_held, fall_off_users";

} // namespace

Expected<std::int64_t> saveSimulation(TraceStore& store, const SimResult& r, const SimulationSettings& settings)
{
    Database& db = store.database();
    Transaction tx(db);
    if (Status st = tx.begin(); !st)
        return st;
    auto run = db.prepare("INSERT INTO sim_runs(label, config_name, config_json, users, timing, duration, "
                          "ttft_objective, ttft_percentile, min_output_rate, tier_names, session_names, "
                          "simulated_seconds, max_users_held, fall_off_users) "
                          "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14)");
    if (!run)
        return run.status();
    run->bind(1, settings.label).bind(2, r.config).bind(3, settings.configJson).bind(4, settings.users);
    run->bind(5, settings.timing).bind(6, settings.durationSeconds).bind(7, settings.objectives.ttftSeconds);
    run->bind(8, settings.objectives.ttftPercentile).bind(9, settings.objectives.minOutputTokensPerSecond);
    run->bind(10, joinNames(r.tierNames)).bind(11, joinNames(r.sessionNames)).bind(12, r.simulatedSeconds);
    run->bind(13, std::int64_t(r.maxUsersHeld)).bind(14, std::int64_t(r.fallOffUsers));
    if (Status st = run->run(); !st)
        return st;
    const std::int64_t id = db.lastInsertRowId();
    auto period = db.prepare("INSERT INTO sim_periods VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,"
                             "?17,?18,?19)");
    if (!period)
        return period.status();
    for (std::size_t i = 0; i < r.periods.size(); ++i) {
        const SimPeriod& p = r.periods[i];
        period->reset();
        period->bind(1, id).bind(2, std::int64_t(i)).bind(3, p.start).bind(4, p.end).bind(5, std::int64_t(p.users));
        period->bind(6, std::int64_t(p.requestsInFlight)).bind(7, p.inputTokensPerSecond);
        period->bind(8, p.outputTokensPerSecond).bind(9, std::int64_t(p.firstTokens)).bind(10, p.ttftP50);
        period->bind(11, p.ttftP95).bind(12, p.ttftP99).bind(13, p.ttftAtObjective);
        period->bind(14, p.outputTokensPerSecondPerRequest).bind(15, joinNumbers(p.hitShare));
        period->bind(16, joinNumbers(p.readBytesPerSecond)).bind(17, p.gpuBusyShare);
        period->bind(18, std::int64_t(p.droppedBlocks)).bind(19, std::int64_t(p.objectivesHeld));
        if (Status st = period->run(); !st)
            return st;
    }
    auto request = db.prepare("INSERT INTO sim_requests VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)");
    if (!request)
        return request.status();
    for (std::size_t i = 0; i < r.requests.size(); ++i) {
        const SimRequest& q = r.requests[i];
        request->reset();
        request->bind(1, id).bind(2, std::int64_t(i)).bind(3, std::int64_t(q.user)).bind(4, std::int64_t(q.session));
        request->bind(5, std::int64_t(q.request)).bind(6, q.arrival).bind(7, q.firstToken).bind(8, q.end);
        request->bind(9, std::int64_t(q.inputTokens)).bind(10, std::int64_t(q.outputTokens));
        request->bind(11, joinNumbers(q.hitTokens)).bind(12, std::int64_t(q.computedTokens));
        if (Status st = request->run(); !st)
            return st;
    }
    if (Status st = tx.commit(); !st)
        return st;
    return id;
}

Expected<std::vector<StoredSimulation>> listSimulations(TraceStore& store)
{
    auto q = store.database().prepare(std::string("SELECT ") + kRunColumns + " FROM sim_runs ORDER BY id");
    if (!q)
        return q.status();
    std::vector<StoredSimulation> out;
    while (q->step()) {
        StoredSimulation s;
        readRun(*q, s);
        out.push_back(std::move(s));
    }
    if (!q->status())
        return q->status();
    return out;
}

Expected<StoredSimulation> loadSimulation(TraceStore& store, std::int64_t id)
{
    Database& db = store.database();
    auto q = db.prepare(std::string("SELECT ") + kRunColumns + " FROM sim_runs WHERE id = ?1");
    if (!q)
        return q.status();
    q->bind(1, id);
    if (!q->step())
        return Status::error("no simulation run " + std::to_string(id) + " in " + db.path());
    StoredSimulation s;
    readRun(*q, s);
    auto periods = db.prepare("SELECT start, end, users, in_flight, input_tps, output_tps, first_tokens, ttft_p50, "
                              "ttft_p95, ttft_p99, ttft_at_objective, output_tps_per_request, hit_share, "
                              "read_bytes_per_second, gpu_busy, dropped_blocks, held FROM sim_periods "
                              "WHERE run_id = ?1 ORDER BY ord");
    if (!periods)
        return periods.status();
    periods->bind(1, id);
    while (periods->step()) {
        SimPeriod p;
        p.start = periods->real(0);
        p.end = periods->real(1);
        p.users = std::uint32_t(periods->int64(2));
        p.requestsInFlight = std::uint32_t(periods->int64(3));
        p.inputTokensPerSecond = periods->real(4);
        p.outputTokensPerSecond = periods->real(5);
        p.firstTokens = std::uint32_t(periods->int64(6));
        p.ttftP50 = periods->real(7);
        p.ttftP95 = periods->real(8);
        p.ttftP99 = periods->real(9);
        p.ttftAtObjective = periods->real(10);
        p.outputTokensPerSecondPerRequest = periods->real(11);
        splitNumbers(periods->text(12), p.hitShare);
        splitNumbers(periods->text(13), p.readBytesPerSecond);
        p.gpuBusyShare = periods->real(14);
        p.droppedBlocks = std::uint64_t(periods->int64(15));
        p.objectivesHeld = periods->int64(16) != 0;
        s.result.periods.push_back(p);
    }
    auto requests = db.prepare("SELECT user, session, request, arrival, first_token, end, input_tokens, "
                               "output_tokens, hit_tokens, computed_tokens FROM sim_requests WHERE run_id = ?1 "
                               "ORDER BY ord");
    if (!requests)
        return requests.status();
    requests->bind(1, id);
    while (requests->step()) {
        SimRequest r;
        r.user = std::uint32_t(requests->int64(0));
        r.session = std::uint32_t(requests->int64(1));
        r.request = std::uint32_t(requests->int64(2));
        r.arrival = requests->real(3);
        r.firstToken = requests->real(4);
        r.end = requests->real(5);
        r.inputTokens = std::uint32_t(requests->int64(6));
        r.outputTokens = std::uint32_t(requests->int64(7));
        splitNumbers(requests->text(8), r.hitTokens);
        r.computedTokens = std::uint32_t(requests->int64(9));
        s.result.requests.push_back(r);
    }
    if (!periods->status())
        return periods->status();
    if (!requests->status())
        return requests->status();
    return s;
}

} // namespace kv::core
