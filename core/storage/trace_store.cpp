// SPDX-License-Identifier: Apache-2.0
#include "kv/core/trace_store.h"

#include "kv/core/block_codec.h"
#include "kv/core/prompt_text_codec.h"
#include "kv/core/store_schema.h"

#include <algorithm>
#include <cmath>

namespace kv::core {

Expected<TraceStore> TraceStore::open(const std::string& path)
{
    auto db = Database::open(path);
    if (!db)
        return db.status();
    TraceStore store(std::move(*db));
    if (path != ":memory:" && !path.empty()) {
        if (Status s = store.m_db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"); !s)
            return s;
    }
    if (Status s = store.m_db.exec("PRAGMA foreign_keys=ON;"); !s)
        return s;
    if (Status s = store.migrate(); !s)
        return s;
    return store;
}

Status TraceStore::migrate()
{
    auto q = m_db.prepare("PRAGMA user_version");
    if (!q)
        return q.status();
    int version = q->step() ? static_cast<int>(q->int64(0)) : 0;
    if (version > kSchemaVersion)
        return Status::error(m_db.path() + ": store schema version " + std::to_string(version)
            + " is newer than this kvscope understands (" + std::to_string(kSchemaVersion) + ")");
    const auto steps = schemaMigrations();
    for (; version < kSchemaVersion; ++version) {
        Transaction tx(m_db);
        if (Status s = tx.begin(); !s)
            return s;
        if (Status s = m_db.exec(steps[version]); !s)
            return s;
        if (Status s = m_db.exec("PRAGMA user_version=" + std::to_string(version + 1)); !s)
            return s;
        if (Status s = tx.commit(); !s)
            return s;
    }
    return {};
}

Expected<std::vector<std::int64_t>> TraceStore::sessionsOfFile(std::uint64_t contentHash)
{
    auto q = m_db.prepare("SELECT s.id FROM sessions s JOIN files f ON s.file_id = f.id WHERE f.content_hash = ?1 "
                          "ORDER BY s.id");
    if (!q)
        return q.status();
    q->bind(1, static_cast<std::int64_t>(contentHash));
    std::vector<std::int64_t> ids;
    while (q->step())
        ids.push_back(q->int64(0));
    if (!q->status())
        return q->status();
    return ids;
}

Expected<std::vector<std::int64_t>> TraceStore::addFile(const SourceFile& file, const std::vector<Session>& sessions)
{
    Transaction tx(m_db);
    if (Status s = tx.begin(); !s)
        return s;
    auto ins = m_db.prepare("INSERT INTO files(path, content_hash, format, size) VALUES(?1, ?2, ?3, ?4)");
    if (!ins)
        return ins.status();
    ins->bind(1, file.path).bind(2, static_cast<std::int64_t>(file.contentHash)).bind(3, file.format);
    ins->bind(4, static_cast<std::int64_t>(file.size));
    if (Status s = ins->run(); !s)
        return s;
    const std::int64_t fileId = m_db.lastInsertRowId();
    std::vector<std::int64_t> ids;
    for (const Session& s : sessions) {
        std::int64_t id = 0;
        if (Status st = insertSession(fileId, s, id); !st)
            return st;
        ids.push_back(id);
    }
    if (Status s = tx.commit(); !s)
        return s;
    return ids;
}

Status TraceStore::insertSession(std::int64_t fileId, const Session& s, std::int64_t& sessionId)
{
    std::uint64_t in = 0, out = 0;
    double start = 0, end = 0;
    for (std::size_t i = 0; i < s.requests.size(); ++i) {
        in += s.requests[i].inputTokens;
        out += s.requests[i].outputTokens;
        start = i ? std::min(start, s.requests[i].time) : s.requests[i].time;
        end = i ? std::max(end, s.requests[i].time) : s.requests[i].time;
    }
    auto ses = m_db.prepare("INSERT INTO sessions(file_id, name, source, block_size, hash_scope, request_count, "
                            "agent_count, input_tokens, output_tokens, start_time, end_time, context_window) "
                            "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12)");
    if (!ses)
        return ses.status();
    ses->bind(1, fileId).bind(2, s.name).bind(3, s.source).bind(4, std::int64_t(s.blockSize)).bind(5, s.hashScope);
    ses->bind(6, std::int64_t(s.requests.size())).bind(7, std::int64_t(s.agents.size()));
    ses->bind(8, std::int64_t(in)).bind(9, std::int64_t(out)).bind(10, start).bind(11, end);
    ses->bind(12, std::int64_t(s.contextWindow));
    if (Status st = ses->run(); !st)
        return st;
    sessionId = m_db.lastInsertRowId();

    auto ag = m_db.prepare("INSERT INTO agents(session_id, ord, parent_ord, depth, key, type, spawn_time, tool_tokens, "
                           "system_tokens, marker_time, spawn_request) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)");
    if (!ag)
        return ag.status();
    for (std::size_t a = 0; a < s.agents.size(); ++a) {
        const Agent& x = s.agents[a];
        ag->bind(1, sessionId).bind(2, std::int64_t(a));
        if (x.parent < 0)
            ag->bindNull(3);
        else
            ag->bind(3, std::int64_t(x.parent));
        ag->bind(4, std::int64_t(x.depth)).bind(5, x.key).bind(6, x.type).bind(7, x.spawnTime);
        ag->bind(8, std::int64_t(x.toolTokens)).bind(9, std::int64_t(x.systemTokens)).bind(10, x.markerTime);
        if (x.spawnRequest < 0)
            ag->bindNull(11);
        else
            ag->bind(11, std::int64_t(x.spawnRequest));
        if (Status st = ag->run(); !st)
            return st;
    }

    auto rq = m_db.prepare("INSERT INTO requests(session_id, agent_ord, ord, t, rel_t, model, input_tokens, "
                           "output_tokens, api_time, think_time, stop, stream_type, input_types, output_types, "
                           "block_count, prompt_units, reported_uncached, reported_cache_read, "
                           "reported_cache_write_5m, reported_cache_write_1h) "
                           "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20)");
    if (!rq)
        return rq.status();
    auto seg = m_db.prepare("INSERT INTO segments(request_id, ord, kind, tokens) VALUES(?1,?2,?3,?4)");
    std::vector<std::vector<std::span<const std::uint64_t>>> perAgent(s.agents.size());
    for (std::size_t i = 0; i < s.requests.size(); ++i) {
        const Request& r = s.requests[i];
        if (r.agent >= s.agents.size() || std::size_t(r.blockBegin) + r.blockCount > s.blocks.size())
            return Status::error(s.name + ": request " + std::to_string(i) + " refers to a missing agent or blocks");
        rq->bind(1, sessionId).bind(2, std::int64_t(r.agent)).bind(3, std::int64_t(i)).bind(4, r.time);
        rq->bind(5, r.relTime).bind(6, s.strings.at(r.model)).bind(7, std::int64_t(r.inputTokens));
        rq->bind(8, std::int64_t(r.outputTokens)).bind(9, r.apiTime).bind(10, r.thinkTime);
        rq->bind(11, s.strings.at(r.stop)).bind(12, s.strings.at(r.streamType));
        rq->bind(13, s.strings.at(r.inputTypes)).bind(14, s.strings.at(r.outputTypes));
        rq->bind(15, std::int64_t(r.blockCount)).bind(16, std::int64_t(r.promptUnits));
        if (r.hasReportedUsage) {
            rq->bind(17, std::int64_t(r.reportedUncached)).bind(18, std::int64_t(r.reportedCacheRead));
            rq->bind(19, std::int64_t(r.reportedCacheWrite5m)).bind(20, std::int64_t(r.reportedCacheWrite1h));
        } else {
            rq->bindNull(17).bindNull(18).bindNull(19).bindNull(20);
        }
        if (Status st = rq->run(); !st)
            return st;
        if (r.segmentCount) {
            const std::int64_t requestId = m_db.lastInsertRowId();
            if (!seg)
                return seg.status();
            std::int64_t ord = 0;
            for (const Segment& sg : s.segmentsOf(r)) {
                seg->bind(1, requestId).bind(2, ord++).bind(3, std::string_view(segmentKindName(sg.kind)));
                seg->bind(4, std::int64_t(sg.tokens));
                if (Status st = seg->run(); !st)
                    return st;
            }
        }
        perAgent[r.agent].push_back(s.blocksOf(r));
    }

    if (!s.text.empty()) {
        auto tx = m_db.prepare("INSERT INTO prompt_text(session_id, raw_size, data) VALUES(?1,?2,?3)");
        if (!tx)
            return tx.status();
        std::uint64_t rawSize = 0;
        const auto data = encodePromptText(s.text, rawSize);
        tx->bind(1, sessionId).bind(2, std::int64_t(rawSize)).bindBlob(3, data);
        if (Status st = tx->run(); !st)
            return st;
    }

    auto bl = m_db.prepare("INSERT INTO agent_blocks(session_id, agent_ord, list_count, encoding, raw_size, data) "
                           "VALUES(?1,?2,?3,?4,?5,?6)");
    if (!bl)
        return bl.status();
    for (std::size_t a = 0; a < perAgent.size(); ++a) {
        const EncodedBlocks e = encodeBlockLists(perAgent[a]);
        bl->bind(1, sessionId).bind(2, std::int64_t(a)).bind(3, std::int64_t(perAgent[a].size()));
        bl->bind(4, std::int64_t(e.encoding)).bind(5, std::int64_t(e.rawSize)).bindBlob(6, e.data);
        if (Status st = bl->run(); !st)
            return st;
    }
    return {};
}

Expected<PromptText> TraceStore::loadPromptText(std::int64_t id)
{
    auto q = m_db.prepare("SELECT raw_size, data FROM prompt_text WHERE session_id = ?1");
    if (!q)
        return q.status();
    q->bind(1, id);
    if (!q->step())
        return PromptText {};
    return decodePromptText(q->blob(1), static_cast<std::uint64_t>(q->int64(0)));
}

Expected<std::vector<StoredSession>> TraceStore::listSessions()
{
    auto q = m_db.prepare("SELECT s.id, s.name, s.source, f.path, s.block_size, s.request_count, s.agent_count, "
                          "s.input_tokens, s.output_tokens FROM sessions s JOIN files f ON s.file_id = f.id "
                          "ORDER BY s.id");
    if (!q)
        return q.status();
    std::vector<StoredSession> out;
    while (q->step()) {
        StoredSession s;
        s.id = q->int64(0);
        s.name = q->text(1);
        s.source = q->text(2);
        s.path = q->text(3);
        s.blockSize = static_cast<std::uint32_t>(q->int64(4));
        s.requests = static_cast<std::uint64_t>(q->int64(5));
        s.agents = static_cast<std::uint64_t>(q->int64(6));
        s.inputTokens = static_cast<std::uint64_t>(q->int64(7));
        s.outputTokens = static_cast<std::uint64_t>(q->int64(8));
        out.push_back(std::move(s));
    }
    if (!q->status())
        return q->status();
    return out;
}

Expected<Session> TraceStore::loadSession(std::int64_t id)
{
    Session s;
    {
        auto q
            = m_db.prepare("SELECT name, source, hash_scope, block_size, context_window FROM sessions WHERE id = ?1");
        if (!q)
            return q.status();
        q->bind(1, id);
        if (!q->step())
            return Status::error("no session " + std::to_string(id) + " in " + m_db.path());
        s.name = q->text(0);
        s.source = q->text(1);
        s.hashScope = q->text(2);
        s.blockSize = static_cast<std::uint32_t>(q->int64(3));
        s.contextWindow = static_cast<std::uint64_t>(q->int64(4));
    }
    {
        auto q = m_db.prepare(
            "SELECT parent_ord, depth, key, type, spawn_time, tool_tokens, system_tokens, marker_time, spawn_request "
            "FROM agents WHERE session_id = ?1 ORDER BY ord");
        if (!q)
            return q.status();
        q->bind(1, id);
        while (q->step()) {
            Agent a;
            a.parent = q->isNull(0) ? -1 : static_cast<std::int32_t>(q->int64(0));
            a.depth = static_cast<std::uint32_t>(q->int64(1));
            a.key = q->text(2);
            a.type = q->text(3);
            a.spawnTime = q->real(4);
            a.toolTokens = static_cast<std::uint32_t>(q->int64(5));
            a.systemTokens = static_cast<std::uint32_t>(q->int64(6));
            a.markerTime = q->real(7);
            a.spawnRequest = q->isNull(8) ? -1 : static_cast<std::int32_t>(q->int64(8));
            s.agents.push_back(std::move(a));
        }
    }
    std::vector<std::vector<std::uint32_t>> requestsOfAgent(s.agents.size());
    {
        auto q = m_db.prepare("SELECT agent_ord, t, rel_t, model, input_tokens, output_tokens, api_time, think_time, "
                              "stop, stream_type, input_types, output_types, block_count, prompt_units, "
                              "reported_uncached, reported_cache_read, reported_cache_write_5m, "
                              "reported_cache_write_1h, id FROM requests WHERE session_id = ?1 ORDER BY ord");
        auto segQ = m_db.prepare("SELECT kind, tokens FROM segments WHERE request_id = ?1 ORDER BY ord");
        if (!segQ)
            return segQ.status();
        if (!q)
            return q.status();
        q->bind(1, id);
        while (q->step()) {
            Request r;
            r.agent = static_cast<std::uint32_t>(q->int64(0));
            if (r.agent >= s.agents.size())
                return Status::error("session " + std::to_string(id) + ": request of unknown agent");
            r.time = q->real(1);
            r.relTime = q->real(2);
            r.model = s.strings.intern(q->text(3));
            r.inputTokens = static_cast<std::uint64_t>(q->int64(4));
            r.outputTokens = static_cast<std::uint64_t>(q->int64(5));
            r.apiTime = q->real(6);
            r.thinkTime = q->real(7);
            r.stop = s.strings.intern(q->text(8));
            r.streamType = s.strings.intern(q->text(9));
            r.inputTypes = s.strings.intern(q->text(10));
            r.outputTypes = s.strings.intern(q->text(11));
            r.blockCount = static_cast<std::uint32_t>(q->int64(12));
            r.promptUnits = static_cast<std::uint64_t>(q->int64(13));
            r.hasReportedUsage = !q->isNull(14);
            if (r.hasReportedUsage) {
                r.reportedUncached = static_cast<std::uint64_t>(q->int64(14));
                r.reportedCacheRead = static_cast<std::uint64_t>(q->int64(15));
                r.reportedCacheWrite5m = static_cast<std::uint64_t>(q->int64(16));
                r.reportedCacheWrite1h = static_cast<std::uint64_t>(q->int64(17));
            }
            if (r.promptUnits) { // content logs carry segments; hash traces have none
                r.segmentBegin = static_cast<std::uint32_t>(s.segments.size());
                segQ->bind(1, q->int64(18));
                while (segQ->step()) {
                    Segment sg;
                    segmentKindFromName(segQ->text(0), sg.kind);
                    sg.tokens = static_cast<std::uint32_t>(segQ->int64(1));
                    s.segments.push_back(sg);
                }
                segQ->reset();
                r.segmentCount = static_cast<std::uint32_t>(s.segments.size() - r.segmentBegin);
            }
            requestsOfAgent[r.agent].push_back(static_cast<std::uint32_t>(s.requests.size()));
            s.requests.push_back(r);
        }
        if (!q->status())
            return q->status();
    }
    {
        auto q = m_db.prepare("SELECT agent_ord, list_count, encoding, raw_size, data FROM agent_blocks "
                              "WHERE session_id = ?1 ORDER BY agent_ord");
        if (!q)
            return q.status();
        q->bind(1, id);
        std::vector<std::pair<std::uint32_t, std::uint32_t>> ranges;
        std::size_t total = 0;
        for (const Request& r : s.requests)
            total += r.blockCount;
        s.blocks.reserve(total);
        while (q->step()) {
            const auto agent = static_cast<std::size_t>(q->int64(0));
            const auto lists = static_cast<std::size_t>(q->int64(1));
            if (agent >= s.agents.size() || lists != requestsOfAgent[agent].size())
                return Status::error("session " + std::to_string(id) + ": block lists do not match requests");
            EncodedBlocks e;
            e.encoding = static_cast<std::uint32_t>(q->int64(2));
            e.rawSize = static_cast<std::uint64_t>(q->int64(3));
            const auto data = q->blob(4);
            e.data.assign(data.begin(), data.end());
            ranges.clear();
            if (Status st = decodeBlockLists(e, lists, s.blocks, ranges); !st)
                return Status::error("session " + std::to_string(id) + ": " + st.message());
            for (std::size_t k = 0; k < lists; ++k) {
                Request& r = s.requests[requestsOfAgent[agent][k]];
                if (ranges[k].second != r.blockCount)
                    return Status::error("session " + std::to_string(id) + ": block count mismatch");
                r.blockBegin = ranges[k].first;
            }
        }
    }
    return s;
}

} // namespace kv::core
