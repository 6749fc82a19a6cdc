#include "engine/distill/teacher_memo.h"

#include <algorithm>
#include <torch/torch.h>
#include <vector>

namespace engine {

namespace {

int64_t viewsFor(int64_t padding, bool flip)
{
    return (2 * padding + 1) * (2 * padding + 1) * (flip ? 2 : 1);
}

/// The teacher's logits for the rows missing of inputs, each computed in the same batch shape and
/// at the same position whatever batch it was first met in: a view's logits are a function of the
/// view alone. A convolution's float result for one image depends on the batch size and on the
/// image's row in it (on this CPU LibTorch up to 1.5e-7 between a lone image and row k of 64),
/// not on the other rows. Had the memo kept whatever the first batch gave, a run's KD targets
/// would depend on which other runs of its sweep met a view first, and a run would not reproduce
/// on its own (or in a Slurm task) what it gave in a sweep. So every view is computed in a batch
/// of kSlots at row key mod kSlots, the other rows zero.
torch::Tensor canonicalForward(Classifier &teacher, const torch::Tensor &inputs,
                               const std::vector<int64_t> &keys,
                               const std::vector<int64_t> &missing)
{
    constexpr int64_t kSlots = 8;
    std::vector<std::vector<int64_t>> bySlot(kSlots); // positions in missing
    for (size_t m = 0; m < missing.size(); ++m)
        bySlot[size_t(keys[size_t(missing[m])] % kSlots)].push_back(int64_t(m));
    size_t rounds = 0;
    for (const auto &slot : bySlot)
        rounds = std::max(rounds, slot.size());

    auto shape = inputs.sizes().vec();
    shape[0] = kSlots;
    // The inputs' own layout (channels-last, as the teacher's weights): oneDNN would otherwise
    // reorder every batch.
    const int64_t perImage = inputs.numel() / std::max<int64_t>(1, inputs.size(0));
    const torch::Tensor blank = inputs.dim() == 4 && inputs.stride(0) == perImage
        ? torch::empty_strided(shape, inputs.strides(), inputs.options()).zero_()
        : torch::zeros(shape, inputs.options());
    torch::Tensor fresh;
    c10::InferenceMode guard;
    for (size_t r = 0; r < rounds; ++r) {
        std::vector<int64_t> slots, sources, targets;
        for (int64_t s = 0; s < kSlots; ++s)
            if (bySlot[size_t(s)].size() > r) {
                const int64_t m = bySlot[size_t(s)][r];
                slots.push_back(s);
                sources.push_back(missing[size_t(m)]);
                targets.push_back(m);
            }
        const auto slotIndex = torch::tensor(slots, torch::kInt64);
        auto batch = blank.clone();
        batch.index_copy_(0, slotIndex,
                          inputs.index_select(0, torch::tensor(sources, torch::kInt64)));
        const auto out = teacher.forward(batch).to(torch::kFloat).index_select(0, slotIndex);
        if (!fresh.defined())
            fresh = torch::empty({ int64_t(missing.size()), out.size(1) }, out.options());
        fresh.index_copy_(0, torch::tensor(targets, torch::kInt64), out);
    }
    return fresh;
}

} // namespace

std::optional<int64_t> TeacherMemo::bytesFor(int64_t n, int64_t padding, bool flip, int64_t classes)
{
    const int64_t bytes = n * viewsFor(padding, flip) * (classes * 4 + 1);
    if (bytes > kMaxBytes)
        return std::nullopt;
    return bytes;
}

TeacherMemo::TeacherMemo(int64_t n, int64_t padding, bool flip, int64_t classes)
    : m_padding(padding)
    , m_flip(flip)
    , m_views(viewsFor(padding, flip))
    , m_logits(torch::empty({ n * m_views, classes }, torch::kFloat))
    , m_known(torch::zeros({ n * m_views }, torch::kBool))
{ }

torch::Tensor TeacherMemo::logits(Classifier &teacher, const torch::Tensor &indices,
                                  const AugmentDraw &draw, const torch::Tensor &inputs)
{
    const int64_t b = indices.size(0);
    const int64_t side = 2 * m_padding + 1;
    std::vector<int64_t> keys(b);
    const auto idx = indices.to(torch::kCPU).contiguous();
    const int64_t *sample = idx.data_ptr<int64_t>();
    for (int64_t i = 0; i < b; ++i) {
        const int64_t crop = m_padding > 0 ? draw.offsetY[i] * side + draw.offsetX[i] : 0;
        const int64_t view = m_flip ? crop * 2 + (draw.flip[i] ? 1 : 0) : crop;
        keys[i] = sample[i] * m_views + view;
    }
    const auto keyTensor = torch::tensor(keys, torch::kInt64);

    std::vector<int64_t> missing;
    {
        std::lock_guard lock(m_mutex);
        const bool *known = m_known.data_ptr<bool>();
        for (int64_t i = 0; i < b; ++i)
            if (!known[keys[i]])
                missing.push_back(i);
    }
    if (!missing.empty()) {
        const torch::Tensor fresh = canonicalForward(teacher, inputs, keys, missing);
        const auto rows = torch::tensor(missing, torch::kInt64);
        std::lock_guard lock(m_mutex);
        const auto where = keyTensor.index_select(0, rows);
        m_logits.index_copy_(0, where, fresh);
        m_known.index_fill_(0, where, true);
        m_computed += static_cast<int64_t>(missing.size());
    }
    std::lock_guard lock(m_mutex);
    m_reused += b - static_cast<int64_t>(missing.size());
    return m_logits.index_select(0, keyTensor);
}

} // namespace engine
