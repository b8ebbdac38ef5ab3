// SPDX-License-Identifier: Apache-2.0
#include "arg_parser.h"

#include <algorithm>

namespace kv::cli {

void ArgParser::flag(const std::string& name, const std::string& help)
{
    m_specs.push_back({ name, {}, help, false });
}

void ArgParser::option(const std::string& name, const std::string& valueName, const std::string& help)
{
    m_specs.push_back({ name, valueName, help, true });
}

const ArgParser::Spec* ArgParser::find(const std::string& name) const
{
    auto it = std::find_if(m_specs.begin(), m_specs.end(), [&](const Spec& s) { return s.name == name; });
    return it == m_specs.end() ? nullptr : &*it;
}

bool ArgParser::parse(const std::vector<std::string>& args, std::string& error)
{
    bool onlyPositional = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (onlyPositional || a.size() < 2 || a[0] != '-' || a == "-") {
            m_positional.push_back(a);
            continue;
        }
        if (a == "--") {
            onlyPositional = true;
            continue;
        }
        if (a == "--help" || a == "-h") {
            m_help = true;
            continue;
        }
        std::string name = a.substr(2), value;
        bool inlineValue = false;
        if (auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name.resize(eq);
            inlineValue = true;
        }
        const Spec* spec = a.starts_with("--") ? find(name) : nullptr;
        if (!spec) {
            error = "unknown option " + a;
            return false;
        }
        if (spec->takesValue && !inlineValue) {
            if (i + 1 >= args.size()) {
                error = "option --" + name + " needs a value (" + spec->valueName + ")";
                return false;
            }
            value = args[++i];
        } else if (!spec->takesValue && inlineValue) {
            error = "option --" + name + " takes no value";
            return false;
        }
        m_values[name] = value;
        m_all[name].push_back(value);
    }
    return true;
}

std::string ArgParser::value(const std::string& name, const std::string& fallback) const
{
    auto it = m_values.find(name);
    return it == m_values.end() ? fallback : it->second;
}

std::string ArgParser::help() const
{
    std::string h = "usage: " + m_usage + "\n\n" + m_description + "\n\noptions:\n";
    std::size_t width = 10;
    for (const Spec& s : m_specs)
        width = std::max(width, s.name.size() + (s.takesValue ? s.valueName.size() + 1 : 0) + 2);
    auto line = [&](const std::string& left, const std::string& text) {
        h += "  " + left + std::string(width + 2 - left.size(), ' ') + text + "\n";
    };
    for (const Spec& s : m_specs)
        line("--" + s.name + (s.takesValue ? " " + s.valueName : ""), s.help);
    line("--help", "show this help");
    if (!m_epilog.empty())
        h += "\n" + m_epilog + "\n";
    return h;
}

std::vector<std::string> ArgParser::values(const std::string& name) const
{
    const auto it = m_all.find(name);
    return it == m_all.end() ? std::vector<std::string> {} : it->second;
}

} // namespace kv::cli
