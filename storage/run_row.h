#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace storage {

/// queued → running → done | failed | cancelled; a run found running whose process is gone is
/// interrupted, which (like queued, failed and cancelled) a rerun of its spec picks up again.
enum class RunStatus { Queued, Running, Done, Failed, Cancelled, Interrupted };

std::string_view statusName(RunStatus status);
std::optional<RunStatus> parseStatus(std::string_view text);

/// One row of the runs table.
struct RunRow
{
    int64_t id = 0;
    std::string key; ///< identity of the run
    std::string groupKey; ///< identity without the seed: runs that differ only in their seed
    std::string curveKey; ///< identity without seed and kept fraction: one curve of a chart
    std::string
        baseKey; ///< also without distillation and teacher: the setting α values are compared in
    std::string name;
    std::string configJson;
    std::string dataset;
    std::string studentModel;
    std::string teacherModel; ///< empty without distillation
    std::string method;
    bool classBalanced = false;
    double fraction = 0;
    int64_t keptCount = 0;
    double alpha = 0;
    std::optional<double> tau; ///< empty when α = 0 (τ has no effect)
    int64_t seed = 0;
    RunStatus status = RunStatus::Queued;
    std::string createdAt;
    std::string startedAt;
    std::string finishedAt;
    std::string device;
    std::string error;
    std::optional<double> testAccuracy; ///< fraction in [0, 1]
    std::optional<double> testLoss;
    /// On the validation split held out of the training set; empty for runs trained without one
    /// (their "best" is chosen on test, and labelled so).
    std::optional<double> validationAccuracy;
    std::optional<double> validationLoss;
    std::optional<int64_t> steps;
    std::optional<double> wallSeconds;
    std::optional<int64_t> teacherId;
    int64_t ownerPid = 0;
    std::string ownerToken;
};

/// One row of the teachers table: a teacher trained on a full training set, cached as a file.
struct TeacherRow
{
    int64_t id = 0;
    std::string key; ///< SHA-256 of the teacher's identity JSON
    std::string identityJson;
    std::string model;
    std::string dataset;
    std::string checkpoint; ///< relative to the store's artifacts folder
    std::string sha256;
    std::optional<double> testAccuracy;
    std::optional<double> testLoss;
    std::optional<double> validationAccuracy;
    std::optional<double> validationLoss;
    double trainSeconds = 0;
    std::optional<double> trainFlops; ///< empty when unknown (imported, or stored before)
    std::string createdAt;
};

/// A stored per-sample pruning score (its values are read separately: they are large).
struct ScoreRow
{
    int64_t id = 0;
    std::string key; ///< SHA-256 of the score's identity JSON
    std::string identityJson; ///< dataset content, method, settings, proxy, teacher, seed
    std::string method;
    std::string dataset;
    std::string fingerprint;
    bool higherIsHarder = true;
    int64_t count = 0;
    double seconds = 0;
    std::optional<double> flops; ///< empty when unknown (stored before FLOPs were counted)
    std::string createdAt;
};

} // namespace storage
