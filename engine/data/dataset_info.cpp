#include "engine/data/dataset_info.h"

#include <numeric>

namespace engine {

std::string_view formatName(DatasetFormat format)
{
    switch (format) {
    case DatasetFormat::Auto:
        return "auto";
    case DatasetFormat::Idx:
        return "idx";
    case DatasetFormat::Cifar10:
        return "cifar10";
    case DatasetFormat::Cifar100:
        return "cifar100";
    case DatasetFormat::Svhn:
        return "svhn";
    case DatasetFormat::ImageFolder:
        return "imagefolder";
    }
    return "auto";
}

std::optional<DatasetFormat> parseDatasetFormat(std::string_view text)
{
    for (DatasetFormat f :
         { DatasetFormat::Auto, DatasetFormat::Idx, DatasetFormat::Cifar10, DatasetFormat::Cifar100,
           DatasetFormat::Svhn, DatasetFormat::ImageFolder })
        if (formatName(f) == text)
            return f;
    return std::nullopt;
}

std::string datasetFormatChoices()
{
    return "auto, idx, cifar10, cifar100, svhn, imagefolder";
}

int64_t DatasetInfo::trainSize() const
{
    return std::accumulate(trainCounts.begin(), trainCounts.end(), int64_t(0));
}
int64_t DatasetInfo::testSize() const
{
    return std::accumulate(testCounts.begin(), testCounts.end(), int64_t(0));
}

} // namespace engine
