#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace engine {

/// Which end of a score the selector keeps. "Hard" is the method's own meaning (MethodInfo).
enum class Direction {
    Hardest, ///< the round(f·N) hardest samples
    Easiest, ///< the round(f·N) easiest samples
    Middle, ///< the centred band of round(f·N) samples in score order
    Stratified ///< equal-width score strata, budget spread as in CCS (smallest strata first)
};

std::string directionName(Direction d);
std::optional<Direction> parseDirection(const std::string &text);

/// One setting of a method: its JSON key, kind, default and allowed range.
struct ParamInfo
{
    enum class Kind { Integer, Number, Choice, Boolean, Path };
    std::string key;
    Kind kind = Kind::Number;
    nlohmann::json defaultValue; ///< null for a required setting
    double min = 0; ///< Integer / Number: inclusive lower bound
    double max = 0; ///< Integer / Number: upper bound
    bool maxExclusive = false;
    std::vector<std::string> choices; ///< Choice
    std::string help;
};

/// What a pruning method is, as `prunescope-cli methods`, the window and every stored run state it.
struct MethodInfo
{
    std::string name; ///< "el2n"
    std::string title; ///< "EL2N"
    std::string formula; ///< the score in one line, for a form's note
    std::string definition; ///< the formula and where it is evaluated
    std::string hard; ///< what a hard sample is under this score
    Direction defaultDirection = Direction::Hardest;
    bool scoreFree = false; ///< random, imported subset: no score
    bool usesProxy = false; ///< trains proxy models on the full training set
    bool usesTeacher = false; ///< reads the teacher (its embedding or its predictions)
    std::vector<ParamInfo> params;
};

/// MethodInfo::formula of a method, or its name when unknown.
std::string methodFormula(const std::string &name);

/// Every method, in the order they are listed.
const std::vector<MethodInfo> &methodRegistry();
/// nullptr for an unknown name.
const MethodInfo *findMethod(const std::string &name);
/// The method names, for lists and error messages.
std::vector<std::string> knownMethods();

/// Checks settings against the method's parameters (for CCS also its base score's) and fills in
/// every default. Problems name "pruning.settings.<key>".
nlohmann::json resolveSettings(const std::string &method, const nlohmann::json &settings,
                               std::vector<std::pair<std::string, std::string>> &problems);

/// The method whose score a method selects on: CCS → its "score" setting, others → itself.
std::string scoringMethod(const std::string &method, const nlohmann::json &resolvedSettings);
/// Whether the selection keeps high scores as hard, given resolved settings (AUM, margin: no).
bool higherIsHarder(const std::string &scoreMethod, const nlohmann::json &resolvedSettings);
/// Whether the score needs proxies / the teacher, given resolved settings.
bool scoreUsesProxy(const std::string &scoreMethod, const nlohmann::json &resolvedSettings);
bool scoreUsesTeacher(const std::string &scoreMethod, const nlohmann::json &resolvedSettings);

/// The definition of a configured method in words, as stored with every run.
std::string methodDefinition(const std::string &method, bool classBalanced,
                             const nlohmann::json &resolvedSettings = nlohmann::json::object(),
                             std::optional<Direction> direction = std::nullopt);

} // namespace engine
