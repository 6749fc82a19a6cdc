#pragma once

// The workspace as one self-contained HTML file: what the paper's findings come to here (effect,
// paired 95 % interval, verdict), charts inline as SVG, the tables `results` prints, every
// experiment's spec, and the software and data fingerprints a reader needs to reproduce it.

#include <string>

namespace storage {

class Store;

struct ReportOptions
{
    std::string workspaceName; ///< shown in the title (the store file's name)
    std::string generatedAt; ///< UTC time; utcNow() when empty
};

std::string htmlReport(Store &store, const ReportOptions &options);

} // namespace storage
