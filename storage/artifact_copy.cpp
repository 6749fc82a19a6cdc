#include "storage/artifact_copy.h"

#include "storage/sha256.h"
#include "storage/store.h"
#include "storage/store_error.h"

#include <filesystem>
#include <unistd.h>

namespace storage {

namespace fs = std::filesystem;

namespace {

/// Places source at target (a link where possible: a checkpoint of a ResNet-50 is 100 MB, and a
/// sweep has one per task) unless an intact copy is there already.
void placeCheckpoint(const fs::path &source, const fs::path &target, const std::string &sha256,
                     const std::string &what)
{
    std::error_code ec;
    if (fs::is_regular_file(target, ec) && sha256File(target) == sha256)
        return;
    if (!fs::is_regular_file(source, ec))
        throw StoreError(what + ": its checkpoint '" + source.string() + "' is missing");
    if (sha256File(source) != sha256)
        throw StoreError(what + ": its checkpoint '" + source.string()
                         + "' does not match its stored SHA-256 (damaged or replaced)");
    fs::create_directories(target.parent_path());
    const fs::path temporary
        = target.parent_path() / (target.filename().string() + ".part" + std::to_string(getpid()));
    fs::remove(temporary, ec);
    fs::create_hard_link(source, temporary, ec);
    if (ec)
        fs::copy_file(source, temporary, fs::copy_options::overwrite_existing);
    fs::rename(temporary, target);
}

} // namespace

CopiedArtifacts copyArtifacts(Store &from, Store &to, const ArtifactSelection &selection)
{
    CopiedArtifacts copied;
    for (const TeacherRow &teacher : from.teachers()) {
        if (!selection.dataset.empty() && teacher.dataset != selection.dataset)
            continue;
        if (to.teacherByKey(teacher.key))
            continue;
        placeCheckpoint(from.artifactsDir() / teacher.checkpoint,
                        to.artifactsDir() / teacher.checkpoint, teacher.sha256,
                        "teacher " + teacher.model + " of store '" + from.file().string() + "'");
        to.saveTeacher(teacher);
        ++copied.teachers;
    }
    if (!selection.scoresToo)
        return copied;
    for (const ScoreRow &score : from.scoreRows()) {
        if (!selection.scoreKeys.empty() && !selection.scoreKeys.count(score.key))
            continue;
        if (to.scoresByKey(score.key))
            continue;
        to.saveScores(score, from.scoreValues(score.id));
        ++copied.scores;
    }
    return copied;
}

} // namespace storage
