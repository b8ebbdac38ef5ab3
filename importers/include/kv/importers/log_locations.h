// SPDX-License-Identifier: Apache-2.0
// Where the agents keep their logs on this machine: Claude Code under $CLAUDE_CONFIG_DIR
// (comma-separated) or ~/.claude and ~/.config/claude, Codex under $CODEX_HOME or ~/.codex.
#pragma once

#include <string>
#include <vector>

namespace kv::importers {

// The directories that exist, for Claude Code (projects/) and/or Codex (sessions/, archived_sessions/).
std::vector<std::string> agentLogDirectories(bool claude, bool codex);

} // namespace kv::importers
