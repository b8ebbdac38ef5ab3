// SPDX-License-Identifier: Apache-2.0
#include "kv/importers/json_error.h"

#include <nlohmann/json.hpp>

namespace kv::importers {

namespace {
// Accepts everything, records only the first parse error.
struct ErrorOnlySax : nlohmann::json_sax<nlohmann::json>
{
    JsonSyntaxError error;
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
    bool parse_error(std::size_t position, const std::string&, const nlohmann::json::exception& ex) override
    {
        error.found = true;
        error.byte = position;
        // nlohmann's text reads "[json.exception.parse_error.101] parse error at line 1, column 5: ...".
        std::string what = ex.what();
        if (auto p = what.find(": "); p != std::string::npos)
            what = what.substr(p + 2);
        error.message = what;
        return false;
    }
};
} // namespace

JsonSyntaxError findJsonSyntaxError(std::string_view text)
{
    ErrorOnlySax sax;
    nlohmann::json::sax_parse(text.begin(), text.end(), &sax);
    return sax.error;
}

} // namespace kv::importers
