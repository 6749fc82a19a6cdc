#include "storage/run_row.h"

#include "engine/core/enum_names.h"

namespace storage {

namespace {

constexpr engine::EnumNames<RunStatus, 6> kStatusNames { {
    { RunStatus::Queued, "queued" },
    { RunStatus::Running, "running" },
    { RunStatus::Done, "done" },
    { RunStatus::Failed, "failed" },
    { RunStatus::Cancelled, "cancelled" },
    { RunStatus::Interrupted, "interrupted" },
} };

} // namespace

std::string_view statusName(RunStatus status)
{
    return engine::enumName(kStatusNames, status);
}

std::optional<RunStatus> parseStatus(std::string_view text)
{
    return engine::parseEnum(kStatusNames, text);
}

} // namespace storage
