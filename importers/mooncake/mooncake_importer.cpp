// SPDX-License-Identifier: Apache-2.0
#include "kv/importers/mooncake_importer.h"

#include "kv/importers/json_error.h"
#include "kv/importers/jsonl_reader.h"

#include <cmath>

namespace kv::importers {

namespace od = simdjson::ondemand;

int MooncakeImporter::probe(std::string_view head, std::string_view path) const
{
    const std::size_t i = head.find_first_not_of(" \t\r\n");
    if (i == std::string_view::npos || head[i] != '{')
        return 0;
    const std::string_view first = head.substr(i, head.find('\n', i) - i);
    if (first.find("\"hash_ids\"") == std::string_view::npos
        || first.find("\"input_length\"") == std::string_view::npos)
        return 0;
    return 60 + (path.ends_with(".jsonl") || path.ends_with(".jsonl.zst") ? 5 : 0);
}

namespace {

std::string fileStem(const std::string& path)
{
    std::string n = path.substr(path.find_last_of('/') + 1);
    for (std::string_view ext : { ".zst", ".jsonl", ".json" })
        if (n.ends_with(ext))
            n.resize(n.size() - ext.size());
    return n;
}

// Reads one request; returns an empty string on success, else what was wrong.
std::string parseLine(od::parser& parser, const simdjson::padded_string_view& text, core::Session& s, core::Request& r,
    double& timestampMs)
{
    od::document doc;
    if (auto e = parser.iterate(text).get(doc))
        return std::string("invalid JSON (") + simdjson::error_message(e) + ")";
    od::object obj;
    if (doc.get_object().get(obj))
        return "not a JSON object";
    bool hasTime = false, hasIn = false, hasHashes = false;
    for (auto field : obj) {
        std::string_view key;
        if (field.unescaped_key().get(key))
            return "invalid JSON key";
        od::value v;
        if (field.value().get(v))
            return "invalid JSON value";
        if (key == "timestamp") {
            if (v.get_double().get(timestampMs) || !std::isfinite(timestampMs))
                return "\"timestamp\" is not a number";
            hasTime = true;
        } else if (key == "input_length") {
            if (v.get_uint64().get(r.inputTokens))
                return "\"input_length\" is not a non-negative integer";
            hasIn = true;
        } else if (key == "output_length") {
            if (v.get_uint64().get(r.outputTokens))
                return "\"output_length\" is not a non-negative integer";
        } else if (key == "block_size") { // kvscope's extension
            std::uint64_t bs;
            if (v.get_uint64().get(bs) || bs == 0 || bs > (1u << 20))
                return "\"block_size\" is not a positive integer";
            s.blockSize = static_cast<std::uint32_t>(bs);
        } else if (key == "prompt_units") {
            if (v.get_uint64().get(r.promptUnits))
                return "\"prompt_units\" is not a non-negative integer";
        } else if (key == "hash_ids") {
            od::array arr;
            if (v.get_array().get(arr))
                return "\"hash_ids\" is not an array";
            for (auto item : arr) {
                std::uint64_t h;
                if (item.get_uint64().get(h))
                    return "\"hash_ids\" holds a value that is not a non-negative integer";
                s.blocks.push_back(h);
            }
            hasHashes = true;
        }
    }
    if (!hasTime)
        return "missing \"timestamp\"";
    if (!hasIn)
        return "missing \"input_length\"";
    if (!hasHashes)
        return "missing \"hash_ids\"";
    r.blockCount = static_cast<std::uint32_t>(s.blocks.size() - r.blockBegin);
    return {};
}

} // namespace

core::Expected<ParseOutput> MooncakeImporter::parse(const InputFile& file) const
{
    ParseOutput out;
    core::Session s;
    s.name = fileStem(file.path);
    s.source = "mooncake";
    s.hashScope = "local"; // ids are remapped per file: shared within it, meaningless across files
    s.blockSize = 512;
    core::Agent main;
    main.key = "main";
    main.type = "main";
    s.agents.push_back(main);
    thread_local od::parser parser;
    JsonlReader reader(file);
    JsonlLine line;
    double lastMs = -1;
    std::uint64_t backwards = 0;
    while (reader.next(line)) {
        core::Request r;
        r.blockBegin = static_cast<std::uint32_t>(s.blocks.size());
        double ms = 0;
        std::string problem = parseLine(parser, reader.padded(line), s, r, ms);
        if (!problem.empty()) {
            s.blocks.resize(r.blockBegin);
            if (const JsonSyntaxError syntax = findJsonSyntaxError(line.text); syntax.found)
                problem = "invalid JSON at column " + std::to_string(syntax.byte) + ": " + syntax.message;
            out.warnings.push_back(file.path + ": line " + std::to_string(line.number) + ": " + problem
                + (line.lastWithoutNewline ? " (last line, cut off?)" : "") + "; line skipped");
            continue;
        }
        if (ms < lastMs)
            ++backwards;
        lastMs = ms;
        r.time = r.relTime = ms / 1000.0;
        r.model = s.strings.intern("");
        s.requests.push_back(r);
    }
    if (backwards)
        out.warnings.push_back(file.path + ": " + std::to_string(backwards)
            + " timestamp(s) earlier than the line before; replayed in time order");
    if (s.requests.empty())
        return core::Status::error(file.path + ": byte 0: no valid Mooncake request line");
    out.sessions.push_back(std::move(s));
    return out;
}

} // namespace kv::importers
