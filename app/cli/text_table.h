#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace cli {

/// Rows of text printed as aligned columns, as CSV, or kept for JSON.
class TextTable
{
public:
    explicit TextTable(std::vector<std::string> header);
    void addRow(std::vector<std::string> cells);
    /// Columns padded to their widest cell (counted in UTF-8 characters), two spaces apart.
    void printAligned(std::ostream &out) const;
    /// RFC 4180: cells with commas, quotes or line breaks are quoted.
    void printCsv(std::ostream &out) const;

private:
    std::vector<std::string> m_header;
    std::vector<std::vector<std::string>> m_rows;
};

/// "85.41" for 0.85412 (accuracy as % with the given decimals); "—" when the value is missing.
std::string percent(double fraction, int decimals = 2);
/// "1:05:03" / "4:09" for a duration in seconds.
std::string duration(double seconds);

} // namespace cli
