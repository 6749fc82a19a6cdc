#include "app/cli/stop_signal.h"

#include <csignal>
#include <cstdio>
#include <thread>
#include <unistd.h>

namespace cli {

std::stop_source installStopSignals()
{
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGHUP); // the terminal closed: stop as cleanly as on SIGTERM
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::stop_source source;
    std::thread([signals, source]() mutable {
        int received = 0;
        sigwait(&signals, &received);
        std::fprintf(stderr,
                     "\nstopping after the current step (press Ctrl+C again to quit at once)\n");
        source.request_stop();
        sigwait(&signals, &received);
        _exit(130);
    }).detach();
    return source;
}

} // namespace cli
