#pragma once

#include <memory>
#include <string>

namespace spdlog {
class logger;
}

namespace engine {

/// The spdlog logger of that name, created from the default logger's sinks on first use. main()
/// registers the loggers with its own sinks before any work starts.
std::shared_ptr<spdlog::logger> namedLogger(const std::string &name);

/// The "engine" logger.
inline std::shared_ptr<spdlog::logger> log()
{
    return namedLogger("engine");
}

} // namespace engine
