// SPDX-License-Identifier: Apache-2.0
// Precise syntax-error reports: the fast parsers say only that JSON is malformed; this re-reads
// the text with nlohmann's SAX parser to name the byte offset and what was expected.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace kv::importers {

// A SAX handler that accepts every event; derive to watch some of them.
struct AcceptAllJsonSax : nlohmann::json_sax<nlohmann::json>
{
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(string_t&) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t, const std::string&, const nlohmann::json::exception&) override { return false; }
};

struct JsonSyntaxError
{
    bool found = false;
    std::uint64_t byte = 0;
    std::string message;
};

JsonSyntaxError findJsonSyntaxError(std::string_view text);

} // namespace kv::importers
