#include "engine/prune/score_math.h"

#include "engine/prune/random_selection.h"
#include "engine/train/trainer.h"

#include <cmath>
#include <stdexcept>
#include <torch/torch.h>

namespace engine {

namespace F = torch::nn::functional;

torch::Tensor el2nOf(const torch::Tensor &logits, const torch::Tensor &labels)
{
    const auto p = torch::softmax(logits.to(torch::kFloat), 1);
    const auto onehot = F::one_hot(labels, p.size(1)).to(p.dtype());
    return (p - onehot).norm(2, 1);
}

torch::Tensor uncertaintyOf(const torch::Tensor &logits, const std::string &measure)
{
    const auto logp = torch::log_softmax(logits.to(torch::kFloat), 1);
    const auto p = logp.exp();
    if (measure == "entropy")
        return -(p * logp).sum(1);
    if (measure == "margin") {
        const auto top = std::get<0>(p.topk(std::min<int64_t>(2, p.size(1)), 1));
        return top.size(1) < 2 ? top.select(1, 0) : top.select(1, 0) - top.select(1, 1);
    }
    if (measure == "least_confidence")
        return 1.0 - std::get<0>(p.max(1));
    throw std::invalid_argument("unknown uncertainty measure '" + measure + "'");
}

torch::Tensor gradNormAll(Classifier &model, const torch::Tensor &inputs,
                          const torch::Tensor &labels)
{
    const bool wasTraining = model.is_training();
    model.eval();
    std::vector<torch::Tensor> params;
    for (auto &p : model.parameters())
        if (p.requires_grad())
            params.push_back(p);
    const int64_t n = inputs.size(0);
    auto norms = torch::empty({ n }, torch::TensorOptions().dtype(torch::kDouble));
    auto *out = norms.data_ptr<double>();
    for (int64_t i = 0; i < n; ++i) {
        const auto logits = model.forward(inputs.slice(0, i, i + 1));
        const auto loss = F::cross_entropy(logits, labels.slice(0, i, i + 1));
        const auto grads = torch::autograd::grad({ loss }, params);
        auto sq = torch::zeros(
            {}, torch::TensorOptions().dtype(torch::kDouble).device(inputs.device()));
        for (const auto &g : grads)
            sq += g.to(torch::kDouble).pow(2).sum();
        out[i] = std::sqrt(sq.item<double>());
    }
    model.train(wasTraining);
    return norms;
}

torch::Tensor gradNormLast(Classifier &model, const torch::Tensor &inputs,
                           const torch::Tensor &labels)
{
    torch::NoGradGuard noGrad;
    const bool wasTraining = model.is_training();
    model.eval();
    std::vector<torch::Tensor> parts;
    for (int64_t start = 0; start < inputs.size(0); start += 1000) {
        const auto x = inputs.slice(0, start, start + 1000);
        const auto y = labels.slice(0, start, start + 1000);
        const auto a = model.features(x).to(torch::kDouble);
        const auto p = torch::softmax(model.forward(x).to(torch::kDouble), 1);
        const auto g = p - F::one_hot(y, p.size(1)).to(torch::kDouble);
        parts.push_back(g.norm(2, 1) * (a.pow(2).sum(1) + 1.0).sqrt());
    }
    model.train(wasTraining);
    return torch::cat(parts).cpu();
}

TrainingDynamics::TrainingDynamics(int64_t n, int64_t maxEpochs, torch::Device device)
{
    const auto on = torch::TensorOptions().device(device);
    m_count = torch::zeros({ n }, on.dtype(torch::kInt64));
    m_prevCorrect = torch::zeros({ n }, on.dtype(torch::kBool));
    m_everCorrect = torch::zeros({ n }, on.dtype(torch::kBool));
    m_forgets = torch::zeros({ n }, on.dtype(torch::kDouble));
    m_marginSum = torch::zeros({ n }, on.dtype(torch::kDouble));
    m_history = torch::zeros({ maxEpochs, n }, on.dtype(torch::kFloat));
}

void TrainingDynamics::record(const torch::Tensor &indices, const torch::Tensor &logits,
                              const torch::Tensor &labels)
{
    torch::NoGradGuard noGrad;
    const auto z = logits.detach().to(torch::kFloat);
    const auto y = labels.unsqueeze(1);
    const auto correct = z.argmax(1).eq(labels);
    const auto own = z.gather(1, y).squeeze(1);
    const auto others = z.scatter(1, y, -INFINITY);
    const auto margin = own - std::get<0>(others.max(1));
    const auto py = torch::softmax(z, 1).gather(1, y).squeeze(1);

    const auto prev = m_prevCorrect.index_select(0, indices);
    m_forgets.index_add_(0, indices, (prev & correct.logical_not()).to(torch::kDouble));
    m_prevCorrect.index_put_({ indices }, correct);
    m_everCorrect.index_put_({ indices }, m_everCorrect.index_select(0, indices) | correct);
    m_marginSum.index_add_(0, indices, margin.to(torch::kDouble));
    const auto epoch = m_count.index_select(0, indices).clamp_max(m_history.size(0) - 1);
    m_history.index_put_({ epoch, indices }, py);
    m_count.index_add_(0, indices, torch::ones_like(indices));
}

int64_t TrainingDynamics::completeEpochs() const
{
    return std::min(m_count.min().item<int64_t>(), m_history.size(0));
}

torch::Tensor TrainingDynamics::forgetting(bool neverLearnedInfinite) const
{
    auto f = m_forgets.clone();
    f.masked_fill_(m_everCorrect.logical_not(), neverLearnedInfinite ? INFINITY : 0.0);
    return f.cpu();
}

torch::Tensor TrainingDynamics::aum() const
{
    return (m_marginSum / m_count.clamp_min(1).to(torch::kDouble)).cpu();
}

torch::Tensor TrainingDynamics::dynamicUncertainty(int64_t window) const
{
    const int64_t epochs = completeEpochs();
    if (window > epochs)
        throw std::invalid_argument("window " + std::to_string(window) + " is longer than the "
                                    + std::to_string(epochs)
                                    + " complete epochs of proxy training");
    const auto h = m_history.slice(0, 0, epochs).to(torch::kDouble);
    // windows: (epochs − J + 1) × J × N
    const auto windows = h.unfold(0, window, 1); // (E−J+1) × N × J
    return std::get<0>(torch::std_mean(windows, { 2 }, /*unbiased=*/false)).mean(0).cpu();
}

torch::Tensor kmeansDistance(const torch::Tensor &xIn, int64_t k, uint64_t seed)
{
    const auto x = xIn.to(torch::kDouble).cpu();
    const int64_t n = x.size(0);
    k = std::min(k, n);
    SplitMix64 rng(seed);
    // k-means++: the first centre uniform, each next with probability ∝ squared distance.
    std::vector<int64_t> chosen { static_cast<int64_t>(rng.below(static_cast<uint64_t>(n))) };
    auto d2 = (x - x[chosen[0]]).pow(2).sum(1);
    while (static_cast<int64_t>(chosen.size()) < k) {
        const double total = d2.sum().item<double>();
        int64_t next = 0;
        if (total <= 0) {
            next = static_cast<int64_t>(rng.below(static_cast<uint64_t>(n)));
        } else {
            const double u = double(rng.next() >> 11) * 0x1.0p-53 * total;
            const auto *w = d2.data_ptr<double>();
            double acc = 0;
            for (next = 0; next < n - 1; ++next) {
                acc += w[next];
                if (acc > u)
                    break;
            }
        }
        chosen.push_back(next);
        d2 = torch::minimum(d2, (x - x[next]).pow(2).sum(1));
    }
    auto centres = x.index_select(0, torch::tensor(chosen, torch::kInt64));
    torch::Tensor assign;
    for (int iter = 0; iter < 100; ++iter) {
        const auto next = torch::cdist(x, centres).argmin(1);
        if (assign.defined() && next.equal(assign))
            break;
        assign = next;
        for (int64_t c = 0; c < k; ++c) {
            const auto members = assign.eq(c);
            if (members.any().item<bool>())
                centres[c] = x.index({ members }).mean(0);
        }
    }
    return std::get<0>(torch::cdist(x, centres).min(1));
}

torch::Tensor distanceToMedian(const torch::Tensor &xIn)
{
    const auto x = xIn.to(torch::kDouble).cpu();
    const auto median = torch::quantile(x, 0.5, 0, false);
    return (x - median).norm(2, 1);
}

std::vector<int64_t> herdingOrder(const torch::Tensor &xIn, bool farthest)
{
    const auto x = xIn.to(torch::kDouble).cpu().contiguous();
    const int64_t n = x.size(0);
    const auto mu = x.mean(0);
    const auto sqNorm = x.pow(2).sum(1);
    auto sum = torch::zeros_like(mu);
    auto taken = torch::zeros({ n }, torch::kBool);
    std::vector<int64_t> position(n, 0);
    for (int64_t t = 1; t <= n; ++t) {
        const auto target = mu * double(t) - sum;
        // ‖target − x_j‖² = ‖target‖² − 2·target·x_j + ‖x_j‖²; the first term is shared.
        auto cost = sqNorm - 2.0 * x.mv(target);
        if (farthest)
            cost.neg_();
        cost.masked_fill_(taken, INFINITY);
        const int64_t pick = cost.argmin().item<int64_t>();
        position[pick] = t - 1;
        taken[pick] = true;
        sum += x[pick];
    }
    return position;
}

std::vector<int64_t> kcenterOrder(const torch::Tensor &xIn, int64_t start)
{
    const auto x = xIn.to(torch::kDouble).cpu().contiguous();
    const int64_t n = x.size(0);
    const auto sqNorm = x.pow(2).sum(1);
    std::vector<int64_t> position(n, 0);
    auto minDist = torch::full({ n }, INFINITY, torch::kDouble);
    int64_t pick = start;
    for (int64_t t = 0; t < n; ++t) {
        position[pick] = t;
        const auto d = (sqNorm - 2.0 * x.mv(x[pick]) + sqNorm[pick]).clamp_min(0);
        minDist = torch::minimum(minDist, d);
        minDist[pick] = -1.0;
        if (t + 1 < n)
            pick = minDist.argmax().item<int64_t>();
    }
    return position;
}

torch::Tensor embeddingsOf(Classifier &model, const torch::Tensor &imagesU8,
                           const Normalizer &normalizer)
{
    return inferBatches(model, imagesU8, normalizer, [&](const torch::Tensor &x) {
        return model.features(x).to(torch::kFloat);
    });
}

} // namespace engine
