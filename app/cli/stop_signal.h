#pragma once

#include <stop_token>

namespace cli {

/// Turns the first SIGINT, SIGTERM or SIGHUP into a stop request (the engine cancels the current
/// run within one step and the store records it); a second one ends the process at once. Call from
/// main() before any other thread starts, so every thread inherits the blocked signal mask.
std::stop_source installStopSignals();

} // namespace cli
