#include "engine/models/image_resnet.h"

namespace engine { } // namespace engine
