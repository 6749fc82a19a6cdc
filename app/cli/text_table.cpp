#include "app/cli/text_table.h"

#include <cmath>
#include <cstdio>
#include <ostream>

namespace cli {

namespace {

size_t displayWidth(const std::string &s)
{
    size_t width = 0;
    for (unsigned char c : s)
        width += (c & 0xC0) != 0x80; // count UTF-8 lead bytes only
    return width;
}

std::string csvCell(const std::string &cell)
{
    if (cell.find_first_of(",\"\n\r") == std::string::npos)
        return cell;
    std::string quoted = "\"";
    for (char c : cell)
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

} // namespace

TextTable::TextTable(std::vector<std::string> header)
    : m_header(std::move(header))
{ }

void TextTable::addRow(std::vector<std::string> cells)
{
    cells.resize(m_header.size());
    m_rows.push_back(std::move(cells));
}

void TextTable::printAligned(std::ostream &out) const
{
    std::vector<size_t> widths;
    for (const auto &h : m_header)
        widths.push_back(displayWidth(h));
    for (const auto &row : m_rows)
        for (size_t i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], displayWidth(row[i]));
    auto printRow = [&](const std::vector<std::string> &row) {
        std::string line;
        for (size_t i = 0; i < row.size(); ++i) {
            line += row[i];
            if (i + 1 < row.size())
                line += std::string(widths[i] - displayWidth(row[i]) + 2, ' ');
        }
        out << line << '\n';
    };
    printRow(m_header);
    for (const auto &row : m_rows)
        printRow(row);
}

void TextTable::printCsv(std::ostream &out) const
{
    auto printRow = [&](const std::vector<std::string> &row) {
        for (size_t i = 0; i < row.size(); ++i)
            out << (i ? "," : "") << csvCell(row[i]);
        out << "\r\n";
    };
    printRow(m_header);
    for (const auto &row : m_rows)
        printRow(row);
}

std::string percent(double fraction, int decimals)
{
    if (!std::isfinite(fraction))
        return "—";
    char text[32];
    std::snprintf(text, sizeof text, "%.*f", decimals, 100.0 * fraction);
    return text;
}

std::string duration(double seconds)
{
    if (!std::isfinite(seconds) || seconds < 0)
        return "—";
    const auto total = static_cast<long long>(std::llround(seconds));
    char text[32];
    if (total >= 3600)
        std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", total / 3600, (total / 60) % 60,
                      total % 60);
    else
        std::snprintf(text, sizeof text, "%lld:%02lld", total / 60, total % 60);
    return text;
}

} // namespace cli
