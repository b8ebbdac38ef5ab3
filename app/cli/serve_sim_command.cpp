// SPDX-License-Identifier: Apache-2.0
// kvscope-cli serve-sim: a simulated inference server on loopback speaking the OpenAI-compatible
// API, its answers timed by the serving model with a prefix cache over chained block hashes, so
// a load generator sees real cache behaviour without a GPU. Faults can be injected for tests.
#include "cli_common.h"
#include "commands.h"
#include "http_server.h"
#include "kv/importers/serving_config_file.h"
#include "openai_endpoint.h"

#include <iostream>
#include <limits>
#include <ostream>

namespace kv::cli {

int runServeSim(const Args& argv, std::ostream& out, std::ostream& err)
{
    ArgParser args("kvscope-cli serve-sim [--port N] [--config FILE] [--time-scale X] [faults]",
        "Answers /v1/models, /v1/chat/completions and /v1/completions on 127.0.0.1 like an\n"
        "OpenAI-compatible server (streaming server-sent events or whole JSON; usage with\n"
        "prompt_tokens_details.cached_tokens; stream_options.include_usage; max_tokens; answers always\n"
        "run to max_tokens, as with ignore_eos). Prompts are cut into blocks with chained hashes and\n"
        "meet the config's tiered KV cache; prefills queue one after another and tokens come at the\n"
        "decode step time of the batch, in real time (x --time-scale). Runs until killed.");
    args.option("port", "N", "port on 127.0.0.1 (default 8000; 0: any free port, printed)");
    args.option("config", "FILE", "serving config, JSON (default: the built-in instance, as simulate)");
    args.option("time-scale", "X", "real seconds per modeled second (default 1; 0.1: ten times faster)");
    args.option("block-size", "TOKENS", "tokens per cache block (default 64)");
    args.option("errors", "LIST", "answer with these statuses at these rates, e.g. 429=0.05,503=0.01");
    args.option("stall-rate", "P", "share of streams that pause once half-way");
    args.option("stall-seconds", "S", "how long those pauses are (default 5)");
    args.option("cut-rate", "P", "share of streams whose connection is cut half-way");
    args.option("slow-first-token", "S", "seconds added to every time to first token");
    args.option("seed", "N", "seed for the faults (default 1)");
    if (const auto exit = parseCommandLine(args, argv, "serve-sim", out, err))
        return *exit;
    core::ServingConfig config;
    if (args.has("config")) {
        auto c = importers::readServingConfigFile(args.value("config"));
        if (!c)
            return usageError(err, "serve-sim", c.message());
        config = std::move(*c);
    }
    auto port = parseTokenCount(args.value("port", "8000"));
    auto blockSize = parseTokenCount(args.value("block-size", "64"));
    if (!port || *port > 65535)
        return usageError(err, "serve-sim", "--port must be 0..65535");
    if (!blockSize || *blockSize == 0 || *blockSize > 4096)
        return usageError(err, "serve-sim", "--block-size must be 1..4096");
    serve::FaultInjection faults;
    faults.stallSeconds = 5;
    double timeScale = 1;
    for (const auto& [key, field] :
        { std::pair { "time-scale", &timeScale }, std::pair { "stall-rate", &faults.stallRate },
            std::pair { "stall-seconds", &faults.stallSeconds }, std::pair { "cut-rate", &faults.cutRate },
            std::pair { "slow-first-token", &faults.slowFirstTokenSeconds } }) {
        if (!args.has(key))
            continue;
        auto v = parseNumber(args.value(key), 0, std::numeric_limits<double>::infinity());
        if (!v)
            return usageError(err, "serve-sim", std::string("--") + key + ": " + v.message());
        *field = *v;
    }
    if (!(timeScale > 0) || faults.stallRate > 1 || faults.cutRate > 1)
        return usageError(err, "serve-sim", "--time-scale must be positive and rates at most 1");
    if (args.has("errors")) {
        auto rates = serve::parseErrorRates(args.value("errors"));
        if (!rates)
            return usageError(err, "serve-sim", "--errors: " + rates.message());
        faults.errorRates = std::move(*rates);
    }
    auto seed = parseTokenCount(args.value("seed", "1"));
    if (!seed)
        return usageError(err, "serve-sim", "--seed: " + seed.message());
    faults.seed = *seed;
    serve::HttpServer server;
    auto bound = server.listen(std::uint16_t(*port));
    if (!bound) {
        err << "kvscope-cli serve-sim: " << bound.message() << '\n';
        return 1;
    }
    serve::OpenAiEndpoint endpoint(config, std::uint32_t(*blockSize), timeScale, faults);
    out << "kvscope serve-sim: listening on http://127.0.0.1:" << *bound << " (model " << config.model.name
        << ", config " << config.name << ")" << std::endl;
    server.serve([&endpoint](const serve::HttpRequest& r, serve::HttpResponder& w) { endpoint.handle(r, w); });
    return 0;
}

} // namespace kv::cli
