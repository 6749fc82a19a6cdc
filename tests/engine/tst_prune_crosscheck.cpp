// Per-sample EL2N and GraNd (all parameters and last layer) of a fixed small CNN on a fixed batch
// agree with PyTorch-Python's (fixtures/el2n_grand_reference.py wrote the weights, the batch and
// PyTorch's answers).
#include <QtTest>

#include "engine/models/small_cnn.h"
#include "engine/prune/score_math.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

using nlohmann::json;

namespace {

torch::Tensor tensorFrom(const json &j)
{
    const auto values = j.at("values").get<std::vector<double>>();
    const auto shape = j.at("shape").get<std::vector<int64_t>>();
    return torch::tensor(values, torch::kDouble).to(torch::kFloat).reshape(shape);
}

void compare(const torch::Tensor &ours, const std::vector<double> &reference, const char *what)
{
    QCOMPARE(ours.size(0), int64_t(reference.size()));
    for (size_t i = 0; i < reference.size(); ++i) {
        const double a = ours[static_cast<int64_t>(i)].item<double>();
        QVERIFY2(std::abs(a - reference[i]) <= 1e-5 * std::max(1.0, std::abs(reference[i])),
                 qPrintable(QStringLiteral("%1 of sample %2: %3 here, %4 in PyTorch")
                                .arg(what)
                                .arg(i)
                                .arg(a, 0, 'g', 10)
                                .arg(reference[i], 0, 'g', 10)));
    }
}

} // namespace

class TestPruneCrosscheck : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void el2nAndGrandMatchPyTorch()
    {
        std::ifstream in(PRUNESCOPE_FIXTURES "/el2n_grand_reference.json");
        QVERIFY(in.good());
        const json ref = json::parse(in);
        engine::SmallCnn model(engine::InputShape { 1, 8, 8 }, 10, 0.25);
        {
            torch::NoGradGuard noGrad;
            int loaded = 0;
            for (auto &p : model.named_parameters())
                if (ref["state"].contains(p.key())) {
                    p.value().copy_(tensorFrom(ref["state"][p.key()]));
                    ++loaded;
                }
            for (auto &b : model.named_buffers())
                if (ref["state"].contains(b.key())) {
                    b.value().copy_(tensorFrom(ref["state"][b.key()]));
                    ++loaded;
                }
            QCOMPARE(loaded, int(ref["state"].size()));
        }
        model.eval();
        const auto x = tensorFrom(ref["inputs"]);
        const auto y = torch::tensor(ref["labels"].get<std::vector<int64_t>>(), torch::kInt64);
        torch::Tensor logits;
        {
            torch::NoGradGuard noGrad;
            logits = model.forward(x);
        }
        compare(engine::el2nOf(logits, y), ref["el2n"].get<std::vector<double>>(), "EL2N");
        compare(engine::gradNormAll(model, x, y), ref["grand_all"].get<std::vector<double>>(),
                "GraNd (all parameters)");
        compare(engine::gradNormLast(model, x, y), ref["grand_last"].get<std::vector<double>>(),
                "GraNd (last layer)");
    }
};

QTEST_APPLESS_MAIN(TestPruneCrosscheck)
#include "tst_prune_crosscheck.moc"
