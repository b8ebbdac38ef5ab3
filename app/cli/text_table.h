// SPDX-License-Identifier: Apache-2.0
// Aligned plain-text tables for the CLI's human output (numbers right-aligned, text left).
#pragma once

#include "kv/core/units.h"

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace kv::cli {

class TextTable
{
public:
    explicit TextTable(std::vector<std::string> headers)
        : m_headers(std::move(headers))
    {
    }
    void addRow(std::vector<std::string> cells) { m_rows.push_back({ std::move(cells), false }); }
    void addRule() { m_rows.push_back({ {}, true }); }
    void print(std::ostream& out) const;
    // The same rows as CSV (RFC 4180 quoting), without rules.
    void printCsv(std::ostream& out) const;

private:
    bool numericColumn(std::size_t c) const;
    struct Row
    {
        std::vector<std::string> cells;
        bool rule;
    };
    std::vector<std::string> m_headers;
    std::vector<Row> m_rows;
};

using core::withThousands;
std::string percent(double fraction, int decimals = 1);
std::string fixed(double v, int decimals);
std::string formatDuration(double seconds); // 1 s, 5 min, 1 h, 3.2 h
std::string formatTokens(double tokens); // 262,144 or 1.2M

} // namespace kv::cli
