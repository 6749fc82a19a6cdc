#include "app/cli/datasets_command.h"

#include "app/cli/text_table.h"
#include "engine/core/errors.h"
#include "engine/data/dataset_info.h"
#include "engine/data/dataset_loader.h"

#include <iostream>
#include <nlohmann/json.hpp>

namespace cli {

int inspectCommand(const std::string &path, const std::string &formatText,
                   const engine::ImageFolderOptions &images, bool asJson)
{
    const auto format = engine::parseDatasetFormat(formatText);
    if (!format) {
        std::cerr << "error: --dataset-format '" << formatText << "' is unknown; expected one of "
                  << engine::datasetFormatChoices() << '\n';
        return 2;
    }
    engine::DatasetInfo info;
    try {
        info = engine::inspectDataset(path, *format, images);
    } catch (const std::runtime_error &e) {
        std::cerr << "error: " << e.what() << '\n';
        return 2;
    }
    if (asJson) {
        nlohmann::json classes = nlohmann::json::array();
        for (size_t c = 0; c < info.classNames.size(); ++c)
            classes.push_back({ { "index", c },
                                { "name", info.classNames[c] },
                                { "train", info.trainCounts[c] },
                                { "test", info.testCounts[c] } });
        nlohmann::json out { { "path", info.path.string() },
                             { "format", std::string(engine::formatName(info.format)) },
                             { "name", info.name },
                             { "channels", info.channels },
                             { "height", info.height },
                             { "width", info.width },
                             { "train_size", info.trainSize() },
                             { "test_size", info.testSize() },
                             { "fingerprint", info.fingerprint },
                             { "load", info.loadNote },
                             { "classes", classes } };
        std::cout << out.dump(2) << '\n';
        return 0;
    }
    std::cout << info.name << "\n"
              << "  path         " << info.path.string() << "\n"
              << "  format       " << engine::formatName(info.format) << "\n"
              << "  image shape  " << info.channels << "×" << info.height << "×" << info.width
              << " (channels × height × width), 8-bit\n"
              << "  train        " << info.trainSize() << " images\n"
              << "  test         " << info.testSize() << " images\n"
              << "  classes      " << info.classNames.size() << "\n"
              << "  fingerprint  " << info.fingerprint << "\n";
    if (!info.loadNote.empty())
        std::cout << "  loaded       " << info.loadNote << "\n";
    std::cout << "\n";
    TextTable t({ "class", "name", "train", "test" });
    for (size_t c = 0; c < info.classNames.size(); ++c)
        t.addRow({ std::to_string(c), info.classNames[c], std::to_string(info.trainCounts[c]),
                   std::to_string(info.testCounts[c]) });
    t.printAligned(std::cout);
    return 0;
}

} // namespace cli
