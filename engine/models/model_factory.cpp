#include "engine/models/model_factory.h"

#include "engine/core/errors.h"
#include "engine/data/channels_last.h"
#include "engine/models/cifar_resnet.h"
#include "engine/models/image_resnet.h"
#include "engine/models/model_registry.h"
#include "engine/models/small_cnn.h"

#include <mutex>
#include <torch/torch.h>

namespace engine {

std::shared_ptr<Classifier> buildModel(std::string_view name, InputShape input, int64_t numClasses)
{
    if (auto problem = checkModelInput(name, input))
        throw ConfigError(*problem);
    const ModelName parsed = *parseModelName(name);
    if (parsed.family == "smallcnn")
        return std::make_shared<SmallCnn>(input, numClasses, parsed.width);
    if (parsed.family == "image-resnet")
        return std::make_shared<ImageResNet>(parsed.depth, parsed.width, input, numClasses);
    return std::make_shared<CifarResNet>(parsed.depth, parsed.width, input, numClasses);
}

std::shared_ptr<Classifier> buildSeededModel(std::string_view name, InputShape input,
                                             int64_t numClasses, torch::Device device,
                                             uint64_t seed)
{
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    torch::manual_seed(seed);
    auto model = buildModel(name, input, numClasses);
    model->to(device);
    useChannelsLast(*model);
    return model;
}

} // namespace engine
