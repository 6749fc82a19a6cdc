#include "engine/distill/teacher_memo.h"

#include <torch/torch.h>

namespace engine {

namespace {

int64_t viewsFor(int64_t padding, bool flip)
{
    return (2 * padding + 1) * (2 * padding + 1) * (flip ? 2 : 1);
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
        const auto rows = torch::tensor(missing, torch::kInt64);
        torch::Tensor fresh;
        {
            c10::InferenceMode guard;
            fresh = teacher.forward(inputs.index_select(0, rows)).to(torch::kFloat);
        }
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
