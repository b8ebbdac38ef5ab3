// SPDX-License-Identifier: Apache-2.0
// kvscope-cli export: selected sessions as kv-cache-tester traces or Mooncake JSONL, so users'
// own agent sessions can drive other load testers. Re-importing an export replays exactly.
#include "cli_common.h"
#include "commands.h"
#include "kv/importers/kv_cache_tester_writer.h"
#include "kv/importers/mooncake_writer.h"

#include <filesystem>
#include <fstream>
#include <ostream>
#include <set>

namespace kv::cli {

namespace {
std::string safeFileName(const std::string& name)
{
    std::string out;
    for (char c : name)
        out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
    return out.empty() ? std::string("session") : out;
}
} // namespace

int runExport(const Args& argv, std::ostream& out, std::ostream& err)
{
    ArgParser args("kvscope-cli export --format kv-cache-tester|mooncake [--out DIR] [--db FILE] [PATH...]",
        "Writes each selected session as a trace file in DIR (default: the current directory):\n"
        "<session>.json in kv-cache-tester format (sub-agents nested at their place), or\n"
        "<session>.jsonl in Mooncake format (sub-agents flattened, hash ids renumbered). Agent\n"
        "logs carry kvscope's \"prompt_units\" field, and Mooncake files whose blocks are not 512\n"
        "tokens a \"block_size\" field, so that kvscope replays an export exactly like its source;\n"
        "other tools ignore both.");
    addStoreOptions(args);
    args.option("format", "NAME", "kv-cache-tester or mooncake");
    args.option("out", "DIR", "directory for the files (created if missing)");
    if (const auto exit = parseCommandLine(args, argv, "export", out, err))
        return *exit;
    const std::string format = args.value("format");
    if (format != "kv-cache-tester" && format != "mooncake")
        return usageError(err, "export", "--format must be kv-cache-tester or mooncake");
    const std::filesystem::path dir = args.value("out", ".");
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        return usageError(err, "export", dir.string() + ": " + ec.message());
    auto ws = openWorkspace(args, err, true);
    if (!ws)
        return usageError(err, "export", ws.message());
    std::set<std::string> used;
    std::size_t written = 0;
    bool failed = false;
    const core::Status st = forEachSession(*ws, [&](std::int64_t, const core::Session& s) {
        std::string base = safeFileName(s.name);
        for (int n = 2; !used.insert(base).second; ++n)
            base = safeFileName(s.name) + "-" + std::to_string(n);
        const std::filesystem::path file = dir / (base + (format == "mooncake" ? ".jsonl" : ".json"));
        std::ofstream f(file, std::ios::binary);
        f << (format == "mooncake" ? importers::writeMooncakeTrace(s) : importers::writeKvCacheTesterTrace(s));
        if (!f) {
            err << "kvscope-cli export: " << file.string() << ": cannot write\n";
            failed = true;
            return;
        }
        out << file.string() << '\n';
        ++written;
    });
    if (!st) {
        err << "kvscope-cli export: " << st.message() << '\n';
        return 1;
    }
    err << "exported " << written << " session(s) as " << format << '\n';
    return ws->inputFailed || failed ? 1 : 0;
}

} // namespace kv::cli
