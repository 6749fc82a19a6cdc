#include "app/cli/noise_matrix_report.h"

#include "app/cli/text_table.h"
#include "engine/core/number_list.h"
#include "engine/quality/sample_quality.h"

#include <algorithm>
#include <string>
#include <vector>

namespace cli {

void printNoiseMatrix(const engine::SampleQuality &q, std::ostream &out)
{
    const auto &li = q.labelIssues;
    const auto &cj = li.joint;
    const int64_t k = cj.classes;
    auto name = [&](int64_t c) {
        return size_t(c) < q.classNames.size() ? q.classNames[size_t(c)] : std::to_string(c);
    };
    out << "confident learning estimates " << engine::groupThousands(cj.estimatedErrors())
        << " wrong labels; its filter (" << engine::labelFilterName(li.options.filter) << ") picks "
        << engine::groupThousands(q.estimatedLabelErrors) << ", ranked by "
        << engine::labelRankingName(li.options.ranking) << '\n';
    if (k <= 12) {
        out << "\nestimated noise (rows: given label, columns: likely true class; samples):\n";
        std::vector<std::string> header { "given \\ true" };
        for (int64_t j = 0; j < k; ++j)
            header.push_back(std::to_string(j));
        header.push_back("class");
        TextTable table(header);
        for (int64_t g = 0; g < k; ++g) {
            std::vector<std::string> row { std::to_string(g) };
            for (int64_t j = 0; j < k; ++j)
                row.push_back(g == j ? "·" : engine::groupThousands(cj.estimated(g, j)));
            row.push_back(name(g));
            table.addRow(row);
        }
        table.printAligned(out);
        out << "(· the samples whose label it keeps)\n\n";
        return;
    }
    struct Cell
    {
        int64_t given, likely, count;
    };
    std::vector<Cell> cells;
    for (int64_t g = 0; g < k; ++g)
        for (int64_t j = 0; j < k; ++j)
            if (g != j && cj.estimated(g, j) > 0)
                cells.push_back({ g, j, cj.estimated(g, j) });
    std::sort(cells.begin(), cells.end(),
              [](const Cell &a, const Cell &b) { return a.count > b.count; });
    out << "\nlargest estimated confusions (given → likely true: samples):\n";
    for (size_t c = 0; c < std::min<size_t>(cells.size(), 15); ++c)
        out << "  " << name(cells[c].given) << " → " << name(cells[c].likely) << ": "
            << engine::groupThousands(cells[c].count) << '\n';
    out << '\n';
}

} // namespace cli
