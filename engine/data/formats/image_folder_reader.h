#pragma once

#include "engine/data/dataset.h"

#include <filesystem>
#include <string>
#include <vector>

namespace engine {

/// What a load did, for the log and `datasets inspect`.
struct ImageFolderReport
{
    bool fromCache = false;
    std::filesystem::path cacheFile;
    int64_t decoded = 0; ///< images decoded now (0 when read from the cache)
    int64_t skippedCorrupt = 0;
    std::vector<std::string> skippedFiles; ///< the first few, with the decoder's reason
    int64_t ignoredFiles = 0; ///< files that are not .jpg/.jpeg/.png
    double seconds = 0;
};

/// Reads ROOT/train/<class>/... and ROOT/test/<class>/... (or ROOT/val/<class>/...): classes
/// are train's sub-folders in name order, images are the JPEG and PNG files below each (other
/// files are ignored and counted). Decodes in parallel. Throws DataError naming the folder or
/// file: no train/ or test/ folder, an empty class folder in train/, a class folder in test/
/// that train/ lacks, an unreadable image (unless skipCorrupt).
Dataset readImageFolder(const std::filesystem::path &root, const ImageFolderOptions &options,
                        ImageFolderReport *report = nullptr);

/// Whether root looks like an image-folder dataset (a train/ folder with sub-folders and a
/// test/ or val/ folder).
bool looksLikeImageFolder(const std::filesystem::path &root);

/// 1 when the first images of each class (up to `sample` in all) are grey, whatever their file
/// stores (a PNG saved as RGB with equal channels is grey), else 3; 0 when root is no image
/// folder. The window proposes grey for such folders instead of tripling their tensors.
int detectImageFolderChannels(const std::filesystem::path &root, int sample = 16);

} // namespace engine
