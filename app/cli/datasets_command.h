#pragma once

#include "engine/data/dataset_info.h"

#include <string>

namespace cli {

/// `prunescope-cli datasets inspect PATH`: format, image shape, class names and per-class counts.
/// Exit codes: 0, or 2 when the dataset cannot be read.
int inspectCommand(const std::string &path, const std::string &format,
                   const engine::ImageFolderOptions &images, bool asJson);

} // namespace cli
