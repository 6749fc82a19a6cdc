#include <QtTest>

#include "engine/quality/injection.h"

#include <torch/torch.h>

class TestInjection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void labelNoiseHasTheExactRateAndIsRecorded()
    {
        const auto labels = torch::arange(1000, torch::kInt64) % 10;
        for (auto mode : { engine::LabelNoise::Symmetric, engine::LabelNoise::ClassPairs }) {
            const auto r = engine::injectLabelNoise(labels, 10, 0.1, mode, 7);
            // Exactly round(0.1·1000) changed, every one of them to another class, none else.
            QCOMPARE(r.flipped.sum().item<int64_t>(), int64_t(100));
            QVERIFY(torch::equal(r.labels.ne(labels), r.flipped));
            if (mode == engine::LabelNoise::ClassPairs)
                QVERIFY(torch::equal(r.labels.masked_select(r.flipped),
                                     ((labels + 1) % 10).masked_select(r.flipped)));
            // The same seed gives the same noise; another seed other samples.
            const auto again = engine::injectLabelNoise(labels, 10, 0.1, mode, 7);
            QVERIFY(torch::equal(again.labels, r.labels));
            const auto other = engine::injectLabelNoise(labels, 10, 0.1, mode, 8);
            QVERIFY(!torch::equal(other.flipped, r.flipped));
        }
        // Symmetric noise reaches every other class.
        const auto r = engine::injectLabelNoise(torch::zeros({ 2000 }, torch::kInt64), 10, 0.5,
                                                engine::LabelNoise::Symmetric, 3);
        const auto counts = torch::bincount(r.labels.masked_select(r.flipped), {}, 10);
        QCOMPARE(counts[0].item<int64_t>(), int64_t(0));
        for (int c = 1; c < 10; ++c)
            QVERIFY2(counts[c].item<int64_t>() > 70,
                     std::to_string(counts[c].item<int64_t>()).c_str());
        QVERIFY_THROWS_EXCEPTION(
            std::invalid_argument,
            engine::injectLabelNoise(labels, 10, 1.5, engine::LabelNoise::Symmetric, 0));
    }

    void corruptionsFollowTheirDefinitions()
    {
        torch::manual_seed(0);
        const auto images = torch::randint(40, 200, { 400, 1, 16, 16 }, torch::kUInt8);
        const auto r = engine::injectCorruptions(images, engine::allCorruptions(), 0.05, 11);
        // 20 of each kind, disjoint; the rest untouched.
        for (auto c : engine::allCorruptions())
            QCOMPARE(r.kind.eq(int64_t(c)).sum().item<int64_t>(), int64_t(20));
        const auto untouched = r.kind.eq(-1);
        QCOMPARE(untouched.sum().item<int64_t>(), int64_t(400 - 7 * 20));
        QVERIFY(torch::equal(r.images.index({ untouched }), images.index({ untouched })));
        const auto pick = [&](engine::Corruption c) {
            return r.kind.eq(int64_t(c)).nonzero().flatten()[0].item<int64_t>();
        };
        const auto f = [](const torch::Tensor &t) {
            return t.to(torch::kFloat);
        };
        int64_t i = pick(engine::Corruption::Darken);
        QVERIFY(torch::equal(r.images[i], (f(images[i]) * 0.15).round().to(torch::kUInt8)));
        i = pick(engine::Corruption::Brighten);
        QVERIFY(
            torch::equal(r.images[i], (f(images[i]) * 0.15 + 216.75).round().to(torch::kUInt8)));
        // Blur keeps the mean and removes most pixel-to-pixel variation.
        i = pick(engine::Corruption::Blur);
        QVERIFY(std::abs(f(r.images[i]).mean().item<float>() - f(images[i]).mean().item<float>())
                < 3.0f);
        const auto roughness = [&](const torch::Tensor &x) {
            return f(x).diff(1, -1).abs().mean().item<float>();
        };
        QVERIFY(roughness(r.images[i]) < 0.35f * roughness(images[i]));
        // Noise: σ 60 on a mid-grey image (before clamping moves much).
        const auto grey = torch::full({ 50, 1, 32, 32 }, 128, torch::kUInt8);
        const auto noisy = engine::injectCorruptions(grey, { engine::Corruption::Noise }, 1.0, 5);
        const float sd = f(noisy.images).std().item<float>();
        QVERIFY2(sd > 55 && sd < 62, std::to_string(sd).c_str());
        // Copies: exact, shifted by one pixel, brightened by 5, each of an untouched original.
        i = pick(engine::Corruption::Duplicate);
        int64_t from = r.source[i].item<int64_t>();
        QVERIFY(from >= 0 && r.kind[from].item<int64_t>() == -1);
        QVERIFY(torch::equal(r.images[i], images[from]));
        i = pick(engine::Corruption::ShiftedDuplicate);
        from = r.source[i].item<int64_t>();
        QVERIFY(torch::equal(r.images[i].slice(2, 1), images[from].slice(2, 0, -1)));
        i = pick(engine::Corruption::BrightDuplicate);
        from = r.source[i].item<int64_t>();
        QVERIFY(torch::equal(f(r.images[i]) - f(images[from]), torch::full({ 1, 16, 16 }, 5.0f)));
        // Seeded; 44 of each of 7 kinds plus 3 × 44 originals is more than 400 images.
        const auto again = engine::injectCorruptions(images, engine::allCorruptions(), 0.05, 11);
        QVERIFY(torch::equal(again.images, r.images) && torch::equal(again.kind, r.kind));
        QVERIFY_THROWS_EXCEPTION(
            std::invalid_argument,
            engine::injectCorruptions(images, engine::allCorruptions(), 0.11, 0));
    }
};

QTEST_GUILESS_MAIN(TestInjection)
#include "tst_injection.moc"
