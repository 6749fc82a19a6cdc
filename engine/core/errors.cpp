#include "engine/core/errors.h"

namespace engine {

std::string formatProblems(const std::vector<Problem> &problems)
{
    std::string text;
    for (const Problem &p : problems) {
        if (!text.empty())
            text += '\n';
        text += p.field.empty() ? p.message : p.field + ": " + p.message;
    }
    return text;
}

} // namespace engine
