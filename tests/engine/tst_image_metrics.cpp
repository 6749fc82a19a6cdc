#include <QtTest>

#include "engine/quality/image_metrics.h"
#include "engine/quality/injection.h"

#include <torch/torch.h>

namespace {

/// Smooth random pictures: 7×7 random grey levels enlarged to 28×28, so they have edges and
/// gradients like small photographs.
torch::Tensor pictures(int64_t n, uint64_t seed)
{
    torch::manual_seed(seed);
    auto coarse = torch::rand({ n, 1, 7, 7 }) * 255;
    namespace F = torch::nn::functional;
    return F::interpolate(coarse,
                          F::InterpolateFuncOptions()
                              .size(std::vector<int64_t> { 28, 28 })
                              .mode(torch::kBilinear)
                              .align_corners(false))
        .round()
        .clamp(0, 255)
        .to(torch::kUInt8);
}

float value(const torch::Tensor &t, int64_t i)
{
    return t[i].item<float>();
}

} // namespace

class TestImageMetrics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void constructedImagesGiveTheirClosedForms()
    {
        auto images = torch::zeros({ 4, 1, 16, 16 }, torch::kUInt8);
        images[0].fill_(100); // flat grey
        for (int64_t r = 0; r < 16; ++r)
            for (int64_t c = 0; c < 16; ++c) {
                images[1][0][r][c] = ((r + c) % 2) * 255; // checkerboard
                images[2][0][r][c] = int(c * 17); // a horizontal ramp 0..255
                images[3][0][r][c] = c < 8 ? 0 : 255; // half black, half white
            }
        const auto q = engine::measureImageQuality(images);
        // Flat grey: the percentiles are its level, no gradients, no noise, no information.
        QCOMPARE(value(q.dark, 0), 1.0f - 100.0f / 255.0f);
        QCOMPARE(value(q.light, 0), 100.0f / 255.0f);
        QCOMPARE(value(q.blurry, 0), 0.0f);
        QCOMPARE(value(q.noisy, 0), 0.0f);
        QCOMPARE(value(q.lowInformation, 0), 1.0f);
        // Checkerboard: |∇²| = 4 per unit |∇| → ratio 2, clipped: not blurry; entropy 1 bit;
        // Immerkær's mask gives |M∗I| = 8·255 everywhere → σ = √(π/2)·340 ≫ 64.
        QCOMPARE(value(q.blurry, 1), 0.0f);
        QCOMPARE(value(q.lowInformation, 1), 0.875f);
        QCOMPARE(value(q.noisy, 1), 1.0f);
        QCOMPARE(value(q.dark, 1), 0.0f);
        QCOMPARE(value(q.light, 1), 0.0f);
        // A ramp is all gradient and no Laplacian (fully "blurry"), and a plane has no noise.
        QVERIFY(std::abs(value(q.blurry, 2) - 1.0f) < 1e-5f);
        QVERIFY(value(q.noisy, 2) < 1e-4f);
        QCOMPARE(value(q.lowInformation, 2), 0.5f); // 16 equally frequent levels: 4 bits
        QCOMPARE(value(q.lowInformation, 3), 0.875f);
        QCOMPARE(value(q.dark, 3), 0.0f);
        QCOMPARE(value(q.light, 3), 0.0f);
    }

    void noiseEstimateRecoversSigma()
    {
        torch::manual_seed(4);
        const auto noisy
            = (torch::full({ 20, 1, 64, 64 }, 128.0) + 20 * torch::randn({ 20, 1, 64, 64 }))
                  .round()
                  .clamp(0, 255)
                  .to(torch::kUInt8);
        const auto q = engine::measureImageQuality(noisy);
        const float sigma = q.noisy.mean().item<float>() * 64;
        QVERIFY2(std::abs(sigma - 20) < 1.5f, std::to_string(sigma).c_str());
    }

    void blurIsSeparateFromBrightness()
    {
        const auto images = pictures(50, 1);
        const auto dark = engine::injectCorruptions(images, { engine::Corruption::Darken }, 1.0, 2);
        const auto blur = engine::injectCorruptions(images, { engine::Corruption::Blur }, 1.0, 2);
        const auto q = engine::measureImageQuality(images);
        const auto qd = engine::measureImageQuality(dark.images);
        const auto qb = engine::measureImageQuality(blur.images);
        // Scaling brightness leaves the Laplacian-to-gradient ratio alone but for rounding, whose
        // small steps make darkened pictures look, if anything, sharper: darkening never makes a
        // picture blurrier (CleanVision's false alarm). A blur raises the score of every picture,
        // and darkening raises "dark" for every one.
        const auto change = qd.blurry - q.blurry;
        QVERIFY2(change.max().item<float>() < 0.02f,
                 std::to_string(change.max().item<float>()).c_str());
        QVERIFY((qb.blurry - q.blurry).min().item<float>() > 0.05f);
        QVERIFY((qd.dark - q.dark).min().item<float>() > 0.5f);
    }

    void hashesFindCopiesAndNearCopies()
    {
        auto images = pictures(40, 7);
        const auto r = engine::injectCorruptions(images,
                                                 { engine::Corruption::Duplicate,
                                                   engine::Corruption::ShiftedDuplicate,
                                                   engine::Corruption::BrightDuplicate },
                                                 0.05, 3);
        const auto q = engine::measureImageQuality(r.images);
        const auto nearest = engine::findNearDuplicates(r.images, q);
        int unrelatedMin = 64;
        for (int64_t i = 0; i < 40; ++i) {
            const auto kind = r.kind[i].item<int64_t>();
            const auto from = r.source[i].item<int64_t>();
            if (kind == int64_t(engine::Corruption::Duplicate)) {
                QCOMPARE(q.exactHash[size_t(i)], q.exactHash[size_t(from)]);
            } else if (kind >= 0) {
                QVERIFY(q.exactHash[size_t(i)] != q.exactHash[size_t(from)]);
                const int d
                    = std::popcount(q.perceptualHash[size_t(i)] ^ q.perceptualHash[size_t(from)]);
                QVERIFY2(d <= (kind == int64_t(engine::Corruption::BrightDuplicate) ? 2 : 10),
                         std::to_string(d).c_str());
                // The shifted hashes bring a one-pixel shift back to (almost) the same bits.
                QVERIFY2(nearest.distance[size_t(i)] <= 2,
                         std::to_string(nearest.distance[size_t(i)]).c_str());
                QCOMPARE(nearest.nearest[size_t(i)], from);
                // Aligned and offset-corrected, a shifted copy matches exactly (its repeated edge
                // column lies outside the overlap) and a brightened one up to clipping.
                QVERIFY2(nearest.difference[size_t(i)] < 0.005f,
                         std::to_string(nearest.difference[size_t(i)]).c_str());
            } else {
                for (int64_t j = 0; j < 40; ++j)
                    if (j != i && r.kind[j].item<int64_t>() < 0 && r.kind[i].item<int64_t>() < 0
                        && r.source.eq(i).sum().item<int64_t>() == 0
                        && r.source.eq(j).sum().item<int64_t>() == 0)
                        unrelatedMin = std::min(unrelatedMin,
                                                std::popcount(q.perceptualHash[size_t(i)]
                                                              ^ q.perceptualHash[size_t(j)]));
            }
        }
        // Unrelated pictures stay far apart in hash space.
        QVERIFY2(unrelatedMin >= 12, std::to_string(unrelatedMin).c_str());
        // And an untouched picture that no copy was made of has no near copy.
        for (int64_t i = 0; i < 40; ++i)
            if (r.kind[i].item<int64_t>() < 0 && r.source.eq(i).sum().item<int64_t>() == 0)
                QVERIFY2(nearest.nearest[size_t(i)] < 0 || nearest.difference[size_t(i)] > 0.02f,
                         std::to_string(nearest.difference[size_t(i)]).c_str());
    }
};

QTEST_GUILESS_MAIN(TestImageMetrics)
#include "tst_image_metrics.moc"
