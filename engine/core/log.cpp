#include "engine/core/log.h"

#include <spdlog/spdlog.h>

namespace engine {

std::shared_ptr<spdlog::logger> namedLogger(const std::string &name)
{
    if (auto existing = spdlog::get(name))
        return existing;
    auto created = spdlog::default_logger()->clone(name);
    try {
        spdlog::register_logger(created);
    } catch (const spdlog::spdlog_ex &) {
        // Another thread registered it first.
        return spdlog::get(name);
    }
    return created;
}

} // namespace engine
