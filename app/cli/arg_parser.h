// SPDX-License-Identifier: Apache-2.0
// A small command-line parser for kvscope-cli subcommands: --flag, --opt VALUE, --opt=VALUE,
// positional arguments, and a generated --help text.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace kv::cli {

class ArgParser
{
public:
    ArgParser(std::string usage, std::string description)
        : m_usage(std::move(usage))
        , m_description(std::move(description))
    {
    }
    void flag(const std::string& name, const std::string& help);
    void option(const std::string& name, const std::string& valueName, const std::string& help);
    void epilog(const std::string& text) { m_epilog = text; }

    // Returns false with error set on a bad command line. --help sets helpRequested().
    bool parse(const std::vector<std::string>& args, std::string& error);
    bool helpRequested() const { return m_help; }
    std::string help() const;

    bool has(const std::string& name) const { return m_values.count(name) > 0; }
    std::string value(const std::string& name, const std::string& fallback = {}) const;
    // Every value an option was given, in order (--compare a.json --compare b.json).
    std::vector<std::string> values(const std::string& name) const;
    const std::vector<std::string>& positional() const { return m_positional; }

private:
    struct Spec
    {
        std::string name, valueName, help;
        bool takesValue;
    };
    const Spec* find(const std::string& name) const;
    std::string m_usage, m_description, m_epilog;
    std::vector<Spec> m_specs;
    std::map<std::string, std::string> m_values;
    std::map<std::string, std::vector<std::string>> m_all;
    std::vector<std::string> m_positional;
    bool m_help = false;
};

} // namespace kv::cli
