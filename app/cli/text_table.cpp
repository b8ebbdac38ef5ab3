// SPDX-License-Identifier: Apache-2.0
#include "text_table.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace kv::cli {

namespace {
bool numeric(const std::string& s)
{
    return !s.empty() && (std::isdigit(static_cast<unsigned char>(s[0])) || s[0] == '-' || s == "inf");
}
} // namespace

bool TextTable::numericColumn(std::size_t c) const
{
    for (const Row& r : m_rows)
        if (!r.rule && c < r.cells.size() && !r.cells[c].empty())
            return numeric(r.cells[c]);
    return true;
}

void TextTable::print(std::ostream& out) const
{
    std::vector<std::size_t> width(m_headers.size());
    for (std::size_t c = 0; c < m_headers.size(); ++c)
        width[c] = m_headers[c].size();
    for (const Row& r : m_rows)
        for (std::size_t c = 0; c < r.cells.size() && c < width.size(); ++c)
            width[c] = std::max(width[c], r.cells[c].size());
    auto emit = [&](const std::vector<std::string>& cells, bool header) {
        std::string line;
        for (std::size_t c = 0; c < width.size(); ++c) {
            const std::string cell = c < cells.size() ? cells[c] : std::string();
            const std::string pad(width[c] - cell.size(), ' ');
            // Headers follow their column: right-aligned over numbers, left over text.
            const bool right = c > 0 && (header ? numericColumn(c) : numeric(cell));
            line += right ? pad + cell : cell + pad;
            if (c + 1 < width.size())
                line += "  ";
        }
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        out << line << '\n';
    };
    emit(m_headers, true);
    std::size_t total = 0;
    for (std::size_t w : width)
        total += w + 2;
    for (const Row& r : m_rows) {
        if (r.rule)
            out << std::string(total - 2, '-') << '\n';
        else
            emit(r.cells, false);
    }
}

std::string fixed(double v, int decimals)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string percent(double fraction, int decimals)
{
    return fixed(fraction * 100.0, decimals) + "%";
}

std::string formatDuration(double s)
{
    if (std::isinf(s))
        return "inf";
    if (s < 60)
        return fixed(s, s < 10 && s != std::floor(s) ? 1 : 0) + " s";
    if (s < 3600)
        return fixed(s / 60, std::fmod(s, 60) == 0 ? 0 : 1) + " min";
    return fixed(s / 3600, std::fmod(s, 3600) == 0 ? 0 : 1) + " h";
}

std::string formatTokens(double tokens)
{
    if (std::isinf(tokens))
        return "inf";
    if (tokens < 1e6)
        return withThousands(static_cast<std::uint64_t>(tokens));
    if (tokens < 1e9)
        return fixed(tokens / 1e6, 2) + "M";
    return fixed(tokens / 1e9, 2) + "G";
}

namespace {
void csvCell(std::ostream& out, const std::string& cell)
{
    if (cell.find_first_of(",\"\n") == std::string::npos) {
        out << cell;
        return;
    }
    out << '"';
    for (char c : cell)
        out << (c == '"' ? "\"\"" : std::string(1, c));
    out << '"';
}
void csvRow(std::ostream& out, const std::vector<std::string>& cells)
{
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i)
            out << ',';
        csvCell(out, cells[i]);
    }
    out << '\n';
}
} // namespace

void TextTable::printCsv(std::ostream& out) const
{
    csvRow(out, m_headers);
    for (const Row& r : m_rows)
        if (!r.rule)
            csvRow(out, r.cells);
}

} // namespace kv::cli
