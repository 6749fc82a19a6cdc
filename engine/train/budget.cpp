#include "engine/train/budget.h"

#include <algorithm>

namespace engine {

int64_t stepsPerEpoch(const TrainRecipe &recipe, int64_t n)
{
    return (n + recipe.batchSize - 1) / recipe.batchSize;
}

int64_t totalSteps(const TrainRecipe &recipe, int64_t n)
{
    if (recipe.budget.unit == BudgetUnit::Steps)
        return recipe.budget.value;
    return recipe.budget.value * stepsPerEpoch(recipe, n);
}

int64_t completeEpochs(const TrainRecipe &recipe, int64_t n)
{
    return totalSteps(recipe, n) / stepsPerEpoch(recipe, n);
}

std::vector<int64_t> evaluationSteps(const TrainRecipe &recipe, int64_t n)
{
    const int64_t total = totalSteps(recipe, n);
    std::vector<int64_t> at;
    if (recipe.budget.unit == BudgetUnit::Epochs) {
        const int64_t perEpoch = stepsPerEpoch(recipe, n);
        for (int64_t e = 1; e <= recipe.budget.value; ++e)
            at.push_back(e * perEpoch);
    } else {
        const int64_t points = std::min(recipe.evalPoints, total);
        for (int64_t k = 1; k <= points; ++k) {
            const int64_t step = (k * total + points - 1) / points;
            if (at.empty() || at.back() != step)
                at.push_back(step);
        }
    }
    if (at.empty() || at.back() != total)
        at.push_back(total);
    return at;
}

} // namespace engine
