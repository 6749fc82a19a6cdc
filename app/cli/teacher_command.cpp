#include "app/cli/teacher_command.h"

#include "engine/core/errors.h"
#include "engine/core/output_path.h"
#include "engine/experiment/teacher_check.h"
#include "engine/prune/score_io.h"

#include <cstdio>
#include <filesystem>
#include <iostream>

namespace cli {

namespace {

int teacherCheckOptionsError(const std::string &message)
{
    std::cerr << "error: " << message << '\n';
    return 2;
}

} // namespace

int teacherCheckCommand(const TeacherCheckOptions &o)
{
    const auto format = engine::parseDatasetFormat(o.datasetFormat);
    if (!format)
        return teacherCheckOptionsError("--dataset-format '" + o.datasetFormat
                                        + "' is unknown; expected one of "
                                        + engine::datasetFormatChoices());
    engine::TeacherInput input;
    input.kind = o.mean.empty() && o.stdDev.empty() ? o.input : "normalize";
    input.mean = o.mean;
    input.stdDev = o.stdDev;
    try {
        if (o.logitsPath) {
            const bool folder = std::filesystem::is_directory(o.dataset);
            engine::checkOutputPath(
                *o.logitsPath,
                { { o.file, "the teacher file" }, { o.dataset, "the dataset", folder } },
                "--logits");
        }
        engine::ImageFolderOptions images;
        images.imageSize = o.imageSize;
        images.channels = o.channels;
        images.skipCorrupt = o.skipCorrupt;
        const auto c = engine::checkImportedTeacher(o.dataset, *format, images, o.file, input,
                                                    o.device, o.logitsPath ? o.count : 0);
        char line[256];
        std::snprintf(line, sizeof line,
                      "%s\n  accepts      %lld×%lld×%lld images (%s input)\n  outputs      "
                      "%lld logits (%s has %lld classes)\n  test         %.2f %% accuracy, "
                      "cross-entropy %.4f, on %lld images (%.1f s)\n",
                      o.file.c_str(), (long long)c.channels, (long long)c.height,
                      (long long)c.width, input.kind.c_str(), (long long)c.outputs,
                      c.datasetName.c_str(), (long long)c.outputs, 100.0 * c.testAccuracy,
                      c.testLoss, (long long)c.testImages, c.seconds);
        std::cout << line;
        if (o.logitsPath) {
            const auto rows = int64_t(c.trainLogits.size()) / c.outputs;
            engine::writeNpyMatrix(*o.logitsPath, c.trainLogits, rows, c.outputs);
            std::cout << "  logits       of training images 0.." << rows - 1 << " written to "
                      << *o.logitsPath << '\n';
        }
    } catch (const engine::DataError &e) {
        return teacherCheckOptionsError(std::string("dataset: ") + e.what());
    } catch (const engine::ConfigError &e) {
        return teacherCheckOptionsError(e.what());
    }
    return 0;
}

} // namespace cli
