// SPDX-License-Identifier: Apache-2.0
#include "kv/importers/log_locations.h"

#include <cstdlib>
#include <filesystem>

namespace kv::importers {

std::vector<std::string> agentLogDirectories(bool claude, bool codex)
{
    namespace fs = std::filesystem;
    std::vector<std::string> out;
    std::error_code ec;
    const char* home = std::getenv("HOME");
    auto addIfDir = [&](const fs::path& p) {
        if (fs::is_directory(p, ec))
            out.push_back(p.string());
    };
    if (claude) {
        if (const char* dirs = std::getenv("CLAUDE_CONFIG_DIR"); dirs && *dirs) {
            const std::string list = dirs; // comma-separated, as Claude Code accepts
            for (std::size_t start = 0; start <= list.size();) {
                const std::size_t comma = std::min(list.find(',', start), list.size());
                if (comma > start)
                    addIfDir(fs::path(list.substr(start, comma - start)) / "projects");
                start = comma + 1;
            }
        } else if (home) {
            addIfDir(fs::path(home) / ".claude" / "projects");
            addIfDir(fs::path(home) / ".config" / "claude" / "projects");
        }
    }
    if (codex) {
        const char* codexHome = std::getenv("CODEX_HOME");
        const fs::path base = codexHome && *codexHome ? fs::path(codexHome) : fs::path(home ? home : ".") / ".codex";
        addIfDir(base / "sessions");
        addIfDir(base / "archived_sessions");
    }
    return out;
}

} // namespace kv::importers
