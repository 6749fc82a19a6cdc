#include "app/cli/report_command.h"

#include "engine/core/atomic_file.h"
#include "engine/core/output_path.h"
#include "storage/report.h"
#include "storage/store.h"

#include <filesystem>
#include <iostream>

namespace cli {

int reportCommand(const ReportOptions &o)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_regular_file(o.store, ec)) {
        std::cerr << "error: store '" << o.store
                  << "' does not exist (run `prunescope-cli run SPEC.json --store " << o.store
                  << "` first)\n";
        return 2;
    }
    const std::string suffix = fs::path(o.output).extension().string();
    if (suffix != ".html" && suffix != ".htm") {
        std::cerr << "error: -o '" << o.output
                  << "': the report is one HTML file; expected a name ending in .html; nothing was "
                     "written\n";
        return 2;
    }
    engine::checkOutputPath(o.output, storage::Store::protectedPathsOf(o.store), "-o");
    storage::Store store(o.store, storage::OpenOptions { .readOnly = true });
    const std::string html
        = storage::htmlReport(store, { fs::path(o.store).filename().string(), {} });
    engine::writeFileAtomically(o.output, html);
    std::cout << "wrote " << o.output << " (" << html.size() / 1024 << " KiB): " << o.store
              << "'s findings, charts, tables and specs\n";
    return 0;
}

} // namespace cli
