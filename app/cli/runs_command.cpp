// SPDX-License-Identifier: Apache-2.0
// kvscope-cli runs: the serving simulator runs kept in a store (kvscope-cli simulate --db FILE):
// a list, or one run (or several, to compare them) as simulate prints it, as JSON or CSV.
#include "cli_common.h"
#include "commands.h"
#include "kv/core/simulation_store.h"
#include "simulation_output.h"
#include "text_table.h"

#include <ostream>

namespace kv::cli {

int runRuns(const Args& argv, std::ostream& out, std::ostream& err)
{
    ArgParser args("kvscope-cli runs --db FILE [--show ID]... [--json | --csv periods|requests]",
        "Lists the serving simulator runs stored by kvscope-cli simulate --db FILE, or shows the runs\n"
        "given by --show side by side (their summaries, the periods of the first), as JSON or CSV.");
    args.option("db", "FILE", "the store");
    args.option("show", "ID", "a run to show (repeat to compare runs)");
    args.flag("json", "JSON: the runs listed, or the shown runs with their periods");
    args.option("csv", "TABLE", "periods or requests of the shown runs");
    if (const auto exit = parseCommandLine(args, argv, "runs", out, err))
        return *exit;
    if (!args.has("db"))
        return usageError(err, "runs", "--db FILE is needed: runs live in a store");
    const std::string csv = args.value("csv");
    if (args.has("csv") && csv != "periods" && csv != "requests")
        return usageError(err, "runs", "--csv takes periods or requests");
    auto store = core::TraceStore::open(args.value("db"));
    if (!store)
        return usageError(err, "runs", store.message());
    const std::vector<std::string> show = args.values("show");
    if (show.empty()) {
        auto list = core::listSimulations(*store);
        if (!list) {
            err << "kvscope-cli runs: " << list.message() << '\n';
            return 1;
        }
        if (args.has("json")) {
            nlohmann::ordered_json o = nlohmann::ordered_json::array();
            for (const core::StoredSimulation& s : *list)
                o.push_back({ { "id", s.id }, { "created_at", s.createdAt }, { "label", s.settings.label },
                    { "config", s.result.config }, { "users", s.settings.users }, { "timing", s.settings.timing },
                    { "duration_seconds", s.settings.durationSeconds }, { "sessions", s.result.sessionNames.size() },
                    { "max_users_held", s.result.maxUsersHeld }, { "fall_off_users", s.result.fallOffUsers } });
            out << o.dump() << '\n';
            return 0;
        }
        TextTable t(
            { "id", "created", "config", "users", "timing", "duration", "sessions", "users held", "falls off at" });
        for (const core::StoredSimulation& s : *list)
            t.addRow({ std::to_string(s.id), s.createdAt, s.result.config, s.settings.users, s.settings.timing,
                formatDuration(s.settings.durationSeconds), withThousands(s.result.sessionNames.size()),
                withThousands(s.result.maxUsersHeld),
                s.result.fallOffUsers ? withThousands(s.result.fallOffUsers) : "-" });
        t.print(out);
        return 0;
    }
    std::vector<core::StoredSimulation> runs;
    for (const std::string& id : show) {
        auto n = parseTokenCount(id);
        if (!n)
            return usageError(err, "runs", "--show " + id + ": not a run id");
        auto run = core::loadSimulation(*store, std::int64_t(*n));
        if (!run)
            return usageError(err, "runs", run.message());
        runs.push_back(std::move(*run));
    }
    std::vector<const core::SimResult*> results;
    for (const core::StoredSimulation& s : runs)
        results.push_back(&s.result);
    if (args.has("json")) {
        nlohmann::ordered_json o = nlohmann::ordered_json::array();
        for (const core::StoredSimulation& s : runs) {
            nlohmann::ordered_json r = simulationRunJson(s.result);
            r["id"] = s.id;
            r["users"] = s.settings.users;
            r["serving_config"] = nlohmann::json::parse(s.settings.configJson, nullptr, false);
            o.push_back(r);
        }
        out << o.dump() << '\n';
        return 0;
    }
    if (args.has("csv")) {
        printSimulationCsv(out, results, csv);
        return 0;
    }
    for (const core::StoredSimulation& s : runs)
        out << "run " << s.id << ": " << s.result.config << ", " << s.settings.users << ", " << s.settings.timing
            << " timing, " << formatDuration(s.settings.durationSeconds) << ", objective TTFT p"
            << fixed(s.settings.objectives.ttftPercentile, 0)
            << " <= " << formatDuration(s.settings.objectives.ttftSeconds) << " (" << s.createdAt << ")\n";
    out << '\n';
    printSimulationTables(out, results);
    return 0;
}

} // namespace kv::cli
