// SPDX-License-Identifier: Apache-2.0
#include "kv/core/store_schema.h"

namespace kv::core {

namespace {
// Never edit a released step; append a new one instead.
constexpr std::string_view kSteps[] = {
    R"sql(
CREATE TABLE files(
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL,
  content_hash INTEGER NOT NULL UNIQUE,
  format TEXT NOT NULL,
  size INTEGER NOT NULL,
  imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));
CREATE TABLE sessions(
  id INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  source TEXT NOT NULL,
  block_size INTEGER NOT NULL,
  hash_scope TEXT NOT NULL,
  request_count INTEGER NOT NULL,
  agent_count INTEGER NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  start_time REAL,
  end_time REAL);
CREATE INDEX sessions_file ON sessions(file_id);
CREATE TABLE agents(
  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  parent_ord INTEGER,
  depth INTEGER NOT NULL,
  key TEXT NOT NULL,
  type TEXT NOT NULL,
  spawn_time REAL,
  marker_time REAL,
  spawn_request INTEGER,
  tool_tokens INTEGER NOT NULL,
  system_tokens INTEGER NOT NULL,
  PRIMARY KEY(session_id, ord)) WITHOUT ROWID;
CREATE TABLE requests(
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  agent_ord INTEGER NOT NULL,
  ord INTEGER NOT NULL,
  t REAL NOT NULL,
  rel_t REAL NOT NULL,
  model TEXT NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  api_time REAL,
  think_time REAL,
  stop TEXT NOT NULL,
  stream_type TEXT NOT NULL,
  input_types TEXT NOT NULL,
  output_types TEXT NOT NULL,
  block_count INTEGER NOT NULL,
  prompt_units INTEGER NOT NULL DEFAULT 0,
  reported_uncached INTEGER,
  reported_cache_read INTEGER,
  reported_cache_write_5m INTEGER,
  reported_cache_write_1h INTEGER,
  UNIQUE(session_id, ord));
CREATE TABLE segments(
  request_id INTEGER NOT NULL REFERENCES requests(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  kind TEXT NOT NULL,
  tokens INTEGER NOT NULL,
  PRIMARY KEY(request_id, ord)) WITHOUT ROWID;
CREATE TABLE prompt_text(
  session_id INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
  raw_size INTEGER NOT NULL,
  data BLOB NOT NULL);
CREATE TABLE agent_blocks(
  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  agent_ord INTEGER NOT NULL,
  list_count INTEGER NOT NULL,
  encoding INTEGER NOT NULL,
  raw_size INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY(session_id, agent_ord)) WITHOUT ROWID;
)sql",
    // 2: the model's context window as the log states it (Codex); 0 when it does not.
    R"sql(
ALTER TABLE sessions ADD COLUMN context_window INTEGER NOT NULL DEFAULT 0;
)sql",
    // 3: serving simulator runs, per period and per request.
    R"sql(
CREATE TABLE sim_runs(
  id INTEGER PRIMARY KEY,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  label TEXT NOT NULL,
  config_name TEXT NOT NULL,
  config_json TEXT NOT NULL,
  users TEXT NOT NULL,
  timing TEXT NOT NULL,
  duration REAL NOT NULL,
  ttft_objective REAL NOT NULL,
  ttft_percentile REAL NOT NULL,
  min_output_rate REAL NOT NULL,
  tier_names TEXT NOT NULL,
  session_names TEXT NOT NULL,
  simulated_seconds REAL NOT NULL,
  max_users_held INTEGER NOT NULL,
  fall_off_users INTEGER NOT NULL);
CREATE TABLE sim_periods(
  run_id INTEGER NOT NULL REFERENCES sim_runs(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  start REAL NOT NULL,
  end REAL NOT NULL,
  users INTEGER NOT NULL,
  in_flight INTEGER NOT NULL,
  input_tps REAL NOT NULL,
  output_tps REAL NOT NULL,
  first_tokens INTEGER NOT NULL,
  ttft_p50 REAL NOT NULL,
  ttft_p95 REAL NOT NULL,
  ttft_p99 REAL NOT NULL,
  ttft_at_objective REAL NOT NULL,
  output_tps_per_request REAL NOT NULL,
  hit_share TEXT NOT NULL,
  read_bytes_per_second TEXT NOT NULL,
  gpu_busy REAL NOT NULL,
  dropped_blocks INTEGER NOT NULL,
  held INTEGER NOT NULL,
  PRIMARY KEY(run_id, ord)) WITHOUT ROWID;
CREATE TABLE sim_requests(
  run_id INTEGER NOT NULL REFERENCES sim_runs(id) ON DELETE CASCADE,
  ord INTEGER NOT NULL,
  user INTEGER NOT NULL,
  session INTEGER NOT NULL,
  request INTEGER NOT NULL,
  arrival REAL NOT NULL,
  first_token REAL NOT NULL,
  end REAL NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  hit_tokens TEXT NOT NULL,
  computed_tokens INTEGER NOT NULL,
  PRIMARY KEY(run_id, ord)) WITHOUT ROWID;
)sql",
};
} // namespace

std::span<const std::string_view> schemaMigrations()
{
    return kSteps;
}

} // namespace kv::core
