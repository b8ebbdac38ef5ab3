// SPDX-License-Identifier: Apache-2.0
#include "kv/importers/kv_cache_tester_importer.h"

#include "kv/importers/json_error.h"

#include <simdjson.h>

namespace kv::importers {

namespace od = simdjson::ondemand;
using core::Status;

int KvCacheTesterImporter::probe(std::string_view head, std::string_view path) const
{
    std::size_t i = head.find_first_not_of(" \t\r\n");
    if (i == std::string_view::npos || head[i] != '{')
        return 0;
    // "requests" must open an array: a results file may also have a "requests" count.
    bool requestsArray = false;
    for (std::size_t k = head.find("\"requests\""); k != std::string_view::npos && !requestsArray;
         k = head.find("\"requests\"", k + 1)) {
        std::size_t c = head.find_first_not_of(" \t\r\n", k + 10);
        if (c != std::string_view::npos && head[c] == ':') {
            c = head.find_first_not_of(" \t\r\n", c + 1);
            requestsArray = c != std::string_view::npos && head[c] == '[';
        }
    }
    int score = requestsArray ? 40 : 0;
    for (std::string_view key : { "\"block_size\"", "\"hash_id_scope\"", "\"hash_ids\"" })
        if (head.find(key) != std::string_view::npos)
            score += 20;
    if (score < 60)
        return 0;
    if (path.ends_with(".json") || path.ends_with(".json.zst"))
        score += 5;
    return score;
}

namespace {

// Thrown inside the parser only, turned into a Status at the boundary.
struct ParseFailure
{
    std::uint64_t byte;
    std::string what;
};

class TraceParser
{
public:
    TraceParser(const InputFile& f, core::Session& s)
        : m_file(f)
        , m_s(s)
    {
    }

    void parseDocument(od::document& doc)
    {
        od::object root;
        check(doc.get_object().get(root), 0, "the file is not a JSON object");
        for (auto field : root) {
            std::string_view key;
            check(field.unescaped_key().get(key), docOffset(doc), "bad key");
            od::value v;
            check(field.value().get(v), docOffset(doc), "bad value");
            const std::uint64_t at = offsetOf(v);
            if (key == "id")
                m_s.name = std::string(string(v, at, "id"));
            else if (key == "block_size") {
                m_s.blockSize = static_cast<std::uint32_t>(unsignedInt(v, at, "block_size"));
                if (m_s.blockSize == 0)
                    fail(at, "\"block_size\" must be positive");
            } else if (key == "hash_id_scope")
                m_s.hashScope = std::string(string(v, at, "hash_id_scope"));
            else if (key == "tool_tokens")
                m_s.agents[0].toolTokens = static_cast<std::uint32_t>(unsignedInt(v, at, "tool_tokens"));
            else if (key == "system_tokens")
                m_s.agents[0].systemTokens = static_cast<std::uint32_t>(unsignedInt(v, at, "system_tokens"));
            else if (key == "requests") {
                sawRequests = true;
                parseRequests(v, 0, at);
            }
        }
        if (!sawRequests)
            fail(0, "no \"requests\" array: not a kv-cache-tester trace");
    }

    bool sawRequests = false;

private:
    [[noreturn]] void fail(std::uint64_t at, std::string what) { throw ParseFailure { at, std::move(what) }; }
    void check(simdjson::error_code e, std::uint64_t at, const char* what)
    {
        if (e)
            fail(at, std::string(what) + " (" + simdjson::error_message(e) + ")");
    }
    std::uint64_t offsetOf(od::value& v)
    {
        const char* p = nullptr;
        if (v.current_location().get(p))
            return 0;
        return static_cast<std::uint64_t>(p - m_file.bytes.data());
    }
    std::uint64_t docOffset(od::document& d)
    {
        const char* p = nullptr;
        if (d.current_location().get(p))
            return m_file.bytes.size();
        return static_cast<std::uint64_t>(p - m_file.bytes.data());
    }
    std::string typeName(od::value& v)
    {
        od::json_type t;
        if (v.type().get(t))
            return "invalid";
        switch (t) {
        case od::json_type::array:
            return "an array";
        case od::json_type::object:
            return "an object";
        case od::json_type::number:
            return "a number";
        case od::json_type::string:
            return "a string";
        case od::json_type::boolean:
            return "a boolean";
        case od::json_type::null:
            return "null";
        }
        return "invalid";
    }
    std::uint64_t unsignedInt(od::value& v, std::uint64_t at, std::string_view name)
    {
        std::uint64_t x;
        if (v.get_uint64().get(x)) {
            double d;
            // Some writers emit integral values as 123.0; accept those, reject fractions.
            if (!v.get_double().get(d) && d >= 0 && d == static_cast<double>(static_cast<std::uint64_t>(d)))
                return static_cast<std::uint64_t>(d);
            fail(at, "\"" + std::string(name) + "\" is " + typeName(v) + ", expected a non-negative integer");
        }
        return x;
    }
    double number(od::value& v, std::uint64_t at, std::string_view name)
    {
        double d;
        if (v.get_double().get(d))
            fail(at, "\"" + std::string(name) + "\" is " + typeName(v) + ", expected a number");
        return d;
    }
    std::string_view string(od::value& v, std::uint64_t at, std::string_view name)
    {
        std::string_view s;
        if (v.get_string().get(s))
            fail(at, "\"" + std::string(name) + "\" is " + typeName(v) + ", expected a string");
        return s;
    }
    std::uint32_t stringList(od::value& v, std::uint64_t at, std::string_view name)
    {
        od::array arr;
        if (v.get_array().get(arr))
            fail(at, "\"" + std::string(name) + "\" is " + typeName(v) + ", expected an array of strings");
        std::string joined;
        for (auto item : arr) {
            std::string_view s;
            if (item.get_string().get(s))
                fail(at, "\"" + std::string(name) + "\" holds a non-string");
            if (!joined.empty())
                joined += ',';
            joined += s;
        }
        return m_s.strings.intern(joined);
    }

    void parseRequests(od::value& v, std::uint32_t agent, std::uint64_t at)
    {
        od::array arr;
        if (v.get_array().get(arr))
            fail(at, "\"requests\" is " + typeName(v) + ", expected an array");
        for (auto item : arr) {
            od::value rv;
            check(item.get(rv), at, "bad request entry");
            parseEntry(rv, agent);
        }
    }

    void parseEntry(od::value& rv, std::uint32_t agent)
    {
        const std::uint64_t at = offsetOf(rv);
        const std::size_t index = ++m_entries;
        od::object obj;
        if (rv.get_object().get(obj))
            fail(at, "request " + std::to_string(index) + " is " + typeName(rv) + ", expected an object");
        core::Request r;
        r.agent = agent;
        r.blockBegin = static_cast<std::uint32_t>(m_s.blocks.size());
        bool hasT = false, hasIn = false, hasHashes = false, isSubagent = false, subHasRequests = false;
        std::uint32_t subIndex = 0;
        // A sub-agent marker is known by "type":"subagent" or by nested "requests", whichever comes first.
        auto becomeSubagent = [&] {
            if (isSubagent)
                return;
            isSubagent = true;
            subIndex = static_cast<std::uint32_t>(m_s.agents.size());
            core::Agent sub;
            sub.parent = static_cast<std::int32_t>(agent);
            for (std::size_t k = m_s.requests.size(); k-- > 0;) // the parent's call that ran the Task tool
                if (m_s.requests[k].agent == agent) {
                    sub.spawnRequest = static_cast<std::int32_t>(k);
                    break;
                }
            sub.depth = m_s.agents[agent].depth + 1;
            m_s.agents.push_back(sub);
        };
        const std::string where = "request " + std::to_string(index) + ": ";
        for (auto field : obj) {
            std::string_view key;
            check(field.unescaped_key().get(key), at, "bad key");
            od::value v;
            check(field.value().get(v), at, "bad value");
            try {
                if (key == "t") {
                    r.relTime = number(v, at, "t");
                    hasT = true;
                } else if (key == "type") {
                    const std::string_view type = string(v, at, "type");
                    if (type == "subagent")
                        becomeSubagent();
                    else
                        r.streamType = m_s.strings.intern(type);
                } else if (key == "in") {
                    r.inputTokens = unsignedInt(v, at, "in");
                    hasIn = true;
                } else if (key == "out")
                    r.outputTokens = unsignedInt(v, at, "out");
                else if (key == "hash_ids") {
                    parseHashes(v, at);
                    hasHashes = true;
                } else if (key == "model")
                    r.model = m_s.strings.intern(string(v, at, "model"));
                else if (key == "stop")
                    r.stop = m_s.strings.intern(string(v, at, "stop"));
                else if (key == "api_time")
                    r.apiTime = number(v, at, "api_time");
                else if (key == "think_time")
                    r.thinkTime = number(v, at, "think_time");
                else if (key == "prompt_units") // kvscope's extension for agent logs
                    r.promptUnits = unsignedInt(v, at, "prompt_units");
                else if (key == "input_types")
                    r.inputTypes = stringList(v, at, "input_types");
                else if (key == "output_types")
                    r.outputTypes = stringList(v, at, "output_types");
                else if (key == "requests") {
                    becomeSubagent();
                    parseRequests(v, subIndex, at);
                    subHasRequests = true;
                } else if (isSubagent)
                    parseSubagentField(key, v, at, subIndex);
            } catch (ParseFailure& e) {
                if (!e.what.starts_with("request "))
                    e.what = where + e.what;
                throw;
            }
        }
        if (!hasT)
            fail(at, where + "missing \"t\"");
        if (isSubagent) {
            if (!subHasRequests)
                fail(at, where + "sub-agent entry without \"requests\"");
            // Made absolute once the whole tree is read (see finish()).
            m_s.agents[subIndex].markerTime = r.relTime;
            if (hasHashes)
                m_s.blocks.resize(r.blockBegin);
            return;
        }
        if (!hasIn)
            fail(at, where + "missing \"in\"");
        if (!hasHashes)
            fail(at, where + "missing \"hash_ids\"");
        r.blockCount = static_cast<std::uint32_t>(m_s.blocks.size() - r.blockBegin);
        m_s.requests.push_back(r);
    }

    void parseSubagentField(std::string_view key, od::value& v, std::uint64_t at, std::uint32_t subIndex)
    {
        if (key == "agent_id")
            m_s.agents[subIndex].key = std::string(string(v, at, "agent_id"));
        else if (key == "subagent_type")
            m_s.agents[subIndex].type = std::string(string(v, at, "subagent_type"));
        else if (key == "tool_tokens")
            m_s.agents[subIndex].toolTokens = static_cast<std::uint32_t>(unsignedInt(v, at, "tool_tokens"));
        else if (key == "system_tokens")
            m_s.agents[subIndex].systemTokens = static_cast<std::uint32_t>(unsignedInt(v, at, "system_tokens"));
    }

    void parseHashes(od::value& v, std::uint64_t at)
    {
        od::array arr;
        if (v.get_array().get(arr))
            fail(at, "\"hash_ids\" is " + typeName(v) + ", expected an array of integers");
        for (auto item : arr) {
            std::uint64_t h;
            if (item.get_uint64().get(h)) {
                std::int64_t sh;
                if (item.get_int64().get(sh))
                    fail(at, "\"hash_ids\" holds a value that is not an integer");
                h = static_cast<std::uint64_t>(sh);
            }
            m_s.blocks.push_back(h);
        }
    }

    const InputFile& m_file;
    core::Session& m_s;
    std::size_t m_entries = 0;
};

// Absolute times: an agent starts at its parent's start plus its marker's t; a request at its
// agent's start plus its own t (the same sums, in the same order, as the reference replay).
void finish(core::Session& s)
{
    for (std::size_t a = 1; a < s.agents.size(); ++a)
        s.agents[a].spawnTime
            = s.agents[static_cast<std::size_t>(s.agents[a].parent)].spawnTime + s.agents[a].markerTime;
    for (core::Request& r : s.requests)
        r.time = s.agents[r.agent].spawnTime + r.relTime;
}

std::string baseName(const std::string& path)
{
    std::string n = path.substr(path.find_last_of('/') + 1);
    for (std::string_view ext : { ".zst", ".json" })
        if (n.ends_with(ext))
            n.resize(n.size() - ext.size());
    return n;
}

} // namespace

core::Expected<ParseOutput> KvCacheTesterImporter::parse(const InputFile& file) const
{
    if (file.bytes.find_first_not_of(" \t\r\n") == std::string::npos)
        return Status::error(file.path + ": byte 0: empty file");
    ParseOutput out;
    core::Session s;
    s.source = "kv-cache-tester";
    core::Agent main;
    main.key = "main";
    main.type = "main";
    s.agents.push_back(main);
    TraceParser parser(file, s);
    thread_local od::parser jsonParser;
    const simdjson::padded_string_view view(file.bytes.data(), file.bytes.size(), file.bytes.capacity());
    try {
        od::document doc;
        auto err = jsonParser.iterate(view).get(doc);
        if (err)
            throw ParseFailure { 0, simdjson::error_message(err) };
        parser.parseDocument(doc);
    } catch (const ParseFailure& e) {
        // The fast parser knows only that something is malformed; find the exact place.
        if (const JsonSyntaxError syntax = findJsonSyntaxError(file.bytes); syntax.found)
            return Status::error(
                file.path + ": byte " + std::to_string(syntax.byte) + ": invalid JSON: " + syntax.message);
        return Status::error(file.path + ": byte " + std::to_string(e.byte) + ": " + e.what);
    }
    if (s.name.empty())
        s.name = baseName(file.path);
    finish(s);
    out.sessions.push_back(std::move(s));
    return out;
}

} // namespace kv::importers
