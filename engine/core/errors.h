#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace engine {

/// Input data that cannot be read; the message names the file and the problem.
class DataError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

/// A configuration that cannot run; the message names the field and the expected form.
class ConfigError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

/// An output that cannot be written, or whose path would replace an input (the workspace, its
/// artifacts, a spec or a dataset); the message names the path and what it would have replaced.
class OutputError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

/// Thrown out of a training loop when its stop token fires (between two steps).
class Cancelled : public std::runtime_error
{
public:
    Cancelled()
        : std::runtime_error("cancelled")
    { }
};

/// One thing wrong with a spec: the field's path ("pruning.fractions[2]") and what was expected.
struct Problem
{
    std::string field;
    std::string message;
};

/// "field: message" lines, one per problem.
std::string formatProblems(const std::vector<Problem> &problems);

} // namespace engine
