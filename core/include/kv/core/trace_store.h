// SPDX-License-Identifier: Apache-2.0
// TraceStore: imported sessions in SQLite (sessions, agents, requests, segments, block lists).
// Each session is written in one transaction, so an interrupted import never leaves half a
// session; files are keyed by content hash, so importing the same file twice is a no-op.
// One TraceStore per thread.
#pragma once

#include "kv/core/session.h"
#include "kv/core/sqlite_db.h"
#include "kv/core/status.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kv::core {

struct SourceFile
{
    std::string path;
    std::uint64_t contentHash = 0; // XXH3-64 of the file's bytes as stored on disk
    std::uint64_t size = 0;
    std::string format; // importer id, e.g. "kv-cache-tester"
};

struct StoredSession
{
    std::int64_t id = 0;
    std::string name;
    std::string source;
    std::string path;
    std::uint32_t blockSize = 0;
    std::uint64_t requests = 0;
    std::uint64_t agents = 0;
    std::uint64_t inputTokens = 0;
    std::uint64_t outputTokens = 0;
};

class TraceStore
{
public:
    static constexpr int kSchemaVersion = 3;

    // Opens or creates a store; ":memory:" for a private in-memory one. Migrates older schemas.
    static Expected<TraceStore> open(const std::string& path);

    // The sessions already imported from a file with this content hash (empty when new).
    Expected<std::vector<std::int64_t>> sessionsOfFile(std::uint64_t contentHash);

    // Stores a file and its sessions in one transaction; returns the new session ids.
    Expected<std::vector<std::int64_t>> addFile(const SourceFile& file, const std::vector<Session>& sessions);

    Expected<std::vector<StoredSession>> listSessions();
    Expected<Session> loadSession(std::int64_t id);
    // The prompt text kept with --keep-text (empty when it was not kept).
    Expected<PromptText> loadPromptText(std::int64_t id);

    Database& database() { return m_db; }

private:
    explicit TraceStore(Database db)
        : m_db(std::move(db))
    {
    }
    Status migrate();
    Status insertSession(std::int64_t fileId, const Session& s, std::int64_t& sessionId);

    Database m_db;
};

} // namespace kv::core
