#include "engine/models/torchscript_teacher.h"

#include "engine/core/errors.h"
#include "engine/data/device_data.h"

#include <chrono>
#include <fstream>
#include <torch/script.h>
#include <torch/version.h>

namespace engine {

namespace fs = std::filesystem;

namespace {

std::string shapeText(const std::vector<int64_t> &sizes)
{
    std::string text;
    for (size_t i = 0; i < sizes.size(); ++i)
        text += (i ? "×" : "") + std::to_string(sizes[i]);
    return text;
}

/// The informative line of a LibTorch error: its first line, except that version assertions put
/// the reason after a header line ("... INTERNAL ASSERT FAILED at ...").
std::string reasonLine(const std::string &text)
{
    const auto version = text.find("Attempted to read a PyTorch file with version");
    const auto start = version == std::string::npos ? 0 : version;
    return text.substr(start, text.find('\n', start) - start);
}

/// A TorchScript module behind the Classifier interface. The trainer hands every model images
/// standardised by the training set; this converts them to what the module was trained on.
class TorchScriptTeacher : public Classifier
{
public:
    TorchScriptTeacher(torch::jit::Module module, fs::path file, torch::Tensor scale,
                       torch::Tensor shift)
        : m_module(std::move(module))
        , m_file(std::move(file))
        , m_scale(std::move(scale))
        , m_shift(std::move(shift))
    {
        Classifier::train(false); // the module arrives in eval mode; is_training() must agree
    }

    torch::Tensor forward(torch::Tensor x) override
    {
        // A module exported in double or half precision still hands the loss float logits.
        return m_module.forward({ adapt(x) }).toTensor().to(torch::kFloat);
    }

    torch::Tensor features(torch::Tensor x) override
    {
        for (const char *name : { "features", "embed" })
            if (auto method = m_module.find_method(name))
                return (*method)({ adapt(x) }).toTensor().to(torch::kFloat).flatten(1);
        throw ConfigError("the teacher '" + m_file.string()
                          + "' has no features(x) method: prototypes, moderate, herding and "
                            "k-center read the teacher's penultimate embedding; export one with "
                            "@torch.jit.export def features(self, x) in the module");
    }

    void train(bool on) override
    {
        Classifier::train(on);
        m_module.train(on);
    }

    using Classifier::to;
    void to(torch::Device device, bool nonBlocking) override
    {
        m_module.to(device, nonBlocking);
        m_scale = m_scale.to(device);
        m_shift = m_shift.to(device);
    }

private:
    /// x = u8·a + b (the trainer's standardisation) → u8·s + t (the module's), in one
    /// multiply-add: s = scale/a, t = shift − b·s.
    torch::Tensor adapt(const torch::Tensor &x) const
    {
        if (!m_scale.defined())
            return x;
        return torch::addcmul(m_shift, x, m_scale);
    }

    torch::jit::Module m_module;
    fs::path m_file;
    torch::Tensor m_scale, m_shift;
};

} // namespace

std::shared_ptr<Classifier> loadTorchScriptTeacher(const fs::path &file, const TeacherInput &input,
                                                   InputShape shape, int64_t numClasses,
                                                   const Normalizer &normalizer,
                                                   torch::Device device)
{
    std::error_code ec;
    if (!fs::is_regular_file(file, ec))
        throw ConfigError("the teacher file '" + file.string() + "' does not exist");
    torch::jit::Module module;
    try {
        module = torch::jit::load(file.string(), device);
    } catch (const c10::Error &e) {
        throw ConfigError("'" + file.string()
                          + "' is not a TorchScript module this LibTorch (" TORCH_VERSION
                            ") can load (save one in PyTorch with "
                            "torch.jit.save(torch.jit.script(model), path) or torch.jit.trace; a "
                            "file from a newer PyTorch may need a matching LibTorch): "
                          + reasonLine(e.what_without_backtrace()));
    }
    module.eval();
    for (auto p : module.parameters())
        p.set_requires_grad(false);

    // The trainer's input is u8·a + b per channel; the module wants u8·s + t.
    const auto a = normalizer.scale.to(torch::kCPU).to(torch::kDouble).flatten();
    const auto b = normalizer.shift.to(torch::kCPU).to(torch::kDouble).flatten();
    torch::Tensor s, t;
    if (input.kind == "unit") {
        s = torch::full_like(a, 1.0 / 255.0);
        t = torch::zeros_like(a);
    } else if (input.kind == "normalize") {
        const auto n = static_cast<size_t>(shape.channels);
        if (input.mean.size() != n || input.stdDev.size() != n)
            throw ConfigError("teacher.input: mean and std need " + std::to_string(n)
                              + " values, one per image channel");
        const auto mean = torch::tensor(input.mean, torch::kDouble);
        const auto sd = torch::tensor(input.stdDev, torch::kDouble);
        s = 1.0 / (255.0 * sd);
        t = -mean / sd;
    } else if (input.kind != "standardized") {
        throw ConfigError(
            "teacher.input: '" + input.kind
            + "' is unknown; expected \"standardized\", \"unit\" or {\"mean\": [...], "
              "\"std\": [...]}");
    }
    torch::Tensor scale, shift;
    if (s.defined()) {
        const auto ss = s / a;
        scale = ss.to(torch::kFloat).view({ 1, -1, 1, 1 }).to(device);
        shift = (t - b * ss).to(torch::kFloat).view({ 1, -1, 1, 1 }).to(device);
    }
    auto teacher = std::make_shared<TorchScriptTeacher>(module, file, scale, shift);

    const auto probe = torch::zeros({ 2, shape.channels, shape.height, shape.width },
                                    torch::TensorOptions().device(device));
    torch::Tensor out;
    try {
        c10::InferenceMode guard;
        out = teacher->forward(probe);
    } catch (const c10::Error &e) {
        throw ConfigError("the teacher '" + file.string() + "' cannot take a batch of "
                          + shapeText(probe.sizes().vec())
                          + " images (N×C×H×W, this dataset's shape): "
                          + reasonLine(e.what_without_backtrace()));
    } catch (const std::exception &e) {
        throw ConfigError("the teacher '" + file.string() + "' cannot take a batch of "
                          + shapeText(probe.sizes().vec()) + " images: " + reasonLine(e.what()));
    }
    if (out.dim() != 2 || out.size(0) != 2 || out.size(1) != numClasses)
        throw ConfigError(
            "the teacher '" + file.string() + "' returns " + shapeText(out.sizes().vec())
            + " for a batch of 2 images; this dataset has " + std::to_string(numClasses)
            + " classes, so it must return 2×" + std::to_string(numClasses) + " logits");
    return teacher;
}

} // namespace engine
