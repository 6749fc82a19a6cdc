#include "engine/data/dataset_info.h"

#include "engine/core/enum_names.h"

#include <numeric>

namespace engine {

namespace {

constexpr EnumNames<DatasetFormat, 6> kFormatNames { {
    { DatasetFormat::Auto, "auto" },
    { DatasetFormat::Idx, "idx" },
    { DatasetFormat::Cifar10, "cifar10" },
    { DatasetFormat::Cifar100, "cifar100" },
    { DatasetFormat::Svhn, "svhn" },
    { DatasetFormat::ImageFolder, "imagefolder" },
} };

} // namespace

std::string_view formatName(DatasetFormat format)
{
    return enumName(kFormatNames, format);
}

std::optional<DatasetFormat> parseDatasetFormat(std::string_view text)
{
    return parseEnum(kFormatNames, text);
}

std::string datasetFormatChoices()
{
    return enumChoices(kFormatNames);
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
