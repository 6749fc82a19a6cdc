// The cost of filling the teacher's memo of augmented views: each new view is computed in the
// canonical 8-row batch that makes its logits independent of the batch it came in (see
// teacher_memo.cpp), against one forward pass of the whole batch (what the memo did before, and
// what the online teacher does). 200 batches of 128 views drawn at random from 60,000 images ×
// 50 views, so almost every view is new. Usage: prunescope-bench-memo [THREADS] [MODEL]
#include "engine/distill/teacher_memo.h"

#include "engine/data/augment.h"
#include "engine/data/channels_last.h"
#include "engine/models/model_factory.h"
#include "engine/train/device.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <torch/torch.h>

int main(int argc, char **argv)
{
    engine::useThreads(argc > 1 ? std::atoi(argv[1]) : 2);
    const char *model = argc > 2 ? argv[2] : "smallcnn";
    torch::manual_seed(0);
    auto teacher = engine::buildModel(model, { 1, 28, 28 }, 10);
    teacher->eval();
    engine::useChannelsLast(*teacher); // as the engine keeps every model
    const int64_t n = 60000, b = 128, steps = 200;
    engine::TeacherMemo memo(n, 2, true, 10);
    engine::SplitMix64 rng(3);
    const auto inputs = engine::channelsLast(torch::randn({ b, 1, 28, 28 }));
    double filling = 0, online = 0;
    using Clock = std::chrono::steady_clock;
    for (int s = 0; s < steps; ++s) {
        const auto indices = torch::randint(n, { b }, torch::kInt64);
        const auto draw = engine::drawAugmentation(b, 2, true, rng);
        const auto t0 = Clock::now();
        memo.logits(*teacher, indices, draw, inputs);
        const auto t1 = Clock::now();
        {
            c10::InferenceMode guard;
            teacher->forward(inputs);
        }
        const auto t2 = Clock::now();
        filling += std::chrono::duration<double>(t1 - t0).count();
        online += std::chrono::duration<double>(t2 - t1).count();
    }
    std::printf("%s, %d threads: memo fill %.1f ms per batch of %lld (%lld views computed, %lld "
                "reused); one forward pass of the batch %.1f ms; fill / pass = %.2f\n",
                model, torch::get_num_threads(), filling / steps * 1e3, (long long)b,
                (long long)memo.computed(), (long long)memo.reused(), online / steps * 1e3,
                filling / online);
    return 0;
}
