// SPDX-License-Identifier: Apache-2.0
// kvscope-cli cost: each session's prompt cost as charged (agent logs), with no cache, with
// 5-minute writes, with 1-hour writes, and the clairvoyant optimum, side by side.
#include "cli_common.h"
#include "commands.h"
#include "kv/core/cache_cost.h"
#include "kv/importers/price_file.h"
#include "text_table.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <ostream>

namespace kv::cli {

namespace {
struct Costed
{
    std::string name;
    core::SessionCost cost;
};
std::string dollars(double v)
{
    return std::isnan(v) ? std::string("-") : "$" + fixed(v, v < 10 ? 3 : 2);
}
} // namespace

int runCost(const Args& argv, std::ostream& out, std::ostream& err)
{
    ArgParser args("kvscope-cli cost [--prices FILE] [--json | --csv] PATH...",
        "What each session cost under each cache-write choice: as the provider charged it (agent logs\n"
        "with usage), with no cache, with every write at a 5-minute TTL, with every write at 1 hour,\n"
        "and the clairvoyant optimum that picks no write, 5 minutes or 1 hour for each write knowing\n"
        "when the block is used next. Output tokens are included, at the same price in every column.\n"
        "Prices: built-in list prices, or --prices FILE (JSON) on top of them; --list-prices shows them.");
    addStoreOptions(args);
    args.option("prices", "FILE", "more or changed prices, JSON ($ per million tokens)");
    args.flag("list-prices", "print the prices and exit");
    args.flag("json", "one JSON object per session per line");
    args.flag("csv", "CSV with a header row");
    args.epilog("JSON keys: session, charged_usd (null without usage), no_cache_usd, write_5m_usd, write_1h_usd,\n"
                "clairvoyant_usd, unpriced_requests.");
    if (const auto exit = parseCommandLine(args, argv, "cost", out, err))
        return *exit;
    std::vector<core::ModelPrice> prices(core::builtinPrices().begin(), core::builtinPrices().end());
    if (args.has("prices")) {
        auto more = importers::readPriceFile(args.value("prices"));
        if (!more)
            return usageError(err, "cost", more.message());
        prices.insert(prices.begin(), more->begin(), more->end()); // the file's entries win ties
    }
    if (args.has("list-prices")) {
        TextTable t({ "model prefix", "input", "output", "write 5m", "write 1h", "read" });
        for (const auto& p : prices)
            t.addRow({ p.model, fixed(p.input, 3), fixed(p.output, 3), fixed(p.write5m, 3), fixed(p.write1h, 3),
                fixed(p.read, 3) });
        out << "$ per million tokens\n";
        t.print(out);
        return 0;
    }
    const bool json = args.has("json"), csv = args.has("csv");
    if (json && csv)
        return usageError(err, "cost", "--json and --csv exclude each other");
    auto ws = openWorkspace(args, err, true);
    if (!ws)
        return usageError(err, "cost", ws.message());
    TextTable raw({ "session", "charged_usd", "no_cache_usd", "write_5m_usd", "write_1h_usd", "clairvoyant_usd",
        "unpriced_requests" });
    TextTable table(
        { "session", "charged", "no cache", "5-min writes", "1-h writes", "clairvoyant", "best fixed saves" });
    core::SessionCost total;
    total.charged = 0;
    bool anyCharged = false;
    std::size_t unpriced = 0;
    const std::function<Costed(const core::Session&)> work = [&](const core::Session& s) {
        return Costed { s.name, core::sessionCost(s, prices) };
    };
    const core::Status st = mapSessions<Costed>(*ws, work, [&](Costed& r) {
        const core::SessionCost& c = r.cost;
        unpriced += c.unpricedRequests;
        if (!std::isnan(c.charged)) {
            total.charged += c.charged;
            anyCharged = true;
        }
        total.noCache += c.noCache;
        total.fiveMinute += c.fiveMinute;
        total.oneHour += c.oneHour;
        total.clairvoyant += c.clairvoyant;
        if (json) {
            nlohmann::ordered_json o;
            o["session"] = r.name;
            o["charged_usd"]
                = std::isnan(c.charged) ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(c.charged);
            o["no_cache_usd"] = c.noCache;
            o["write_5m_usd"] = c.fiveMinute;
            o["write_1h_usd"] = c.oneHour;
            o["clairvoyant_usd"] = c.clairvoyant;
            o["unpriced_requests"] = c.unpricedRequests;
            out << o.dump() << '\n';
            return;
        }
        raw.addRow({ r.name, std::isnan(c.charged) ? "" : fixed(c.charged, 6), fixed(c.noCache, 6),
            fixed(c.fiveMinute, 6), fixed(c.oneHour, 6), fixed(c.clairvoyant, 6), std::to_string(c.unpricedRequests) });
        const double fixedBest = std::min(c.fiveMinute, c.oneHour);
        if (c.noCache == 0 && c.unpricedRequests > 0) { // no request of a priced model
            table.addRow({ r.name, "-", "-", "-", "-", "-", "no price" });
            return;
        }
        table.addRow({ r.name, dollars(c.charged), dollars(c.noCache), dollars(c.fiveMinute), dollars(c.oneHour),
            dollars(c.clairvoyant), c.noCache > 0 ? percent(1.0 - fixedBest / c.noCache) : "-" });
    });
    if (!st) {
        err << "kvscope-cli cost: " << st.message() << '\n';
        return 1;
    }
    if (csv) {
        raw.printCsv(out);
    } else if (!json) {
        table.addRule();
        table.addRow({ "total", anyCharged ? dollars(total.charged) : "-", dollars(total.noCache),
            dollars(total.fiveMinute), dollars(total.oneHour), dollars(total.clairvoyant),
            total.noCache > 0 ? percent(1.0 - std::min(total.fiveMinute, total.oneHour) / total.noCache) : "-" });
        out << "Prompt and output cost, list prices. \"best fixed saves\": the cheaper of 5-minute and 1-hour writes\n"
               "against no cache. The clairvoyant column is the least any choice of writes could cost.\n\n";
        table.print(out);
        out << "\nAll writes at 1 hour instead of 5 minutes would "
            << (total.oneHour < total.fiveMinute ? "save " : "cost ")
            << dollars(std::abs(total.fiveMinute - total.oneHour)) << "; knowing the future saves a further "
            << dollars(std::min(total.fiveMinute, total.oneHour) - total.clairvoyant) << ".\n";
        if (unpriced)
            out << unpriced << " request(s) of models without a price were left out (--prices FILE adds them).\n";
    }
    return ws->inputFailed ? 1 : 0;
}

} // namespace kv::cli
