// SPDX-License-Identifier: Apache-2.0
#include "kv/importers/json_error.h"

#include <nlohmann/json.hpp>

namespace kv::importers {

namespace {
// Records only the first parse error.
struct ErrorOnlySax : AcceptAllJsonSax
{
    JsonSyntaxError error;
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
