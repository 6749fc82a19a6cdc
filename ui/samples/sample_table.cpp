#include "ui/samples/sample_table.h"

#include <QObject>

#include "engine/data/dataset.h"
#include "engine/experiment/quality_assessment.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <torch/torch.h>

namespace ui {

namespace {

std::vector<float> floats(const torch::Tensor &t, int64_t n)
{
    std::vector<float> out(size_t(n), NAN);
    if (!t.defined() || t.numel() != n)
        return out;
    const auto c = t.to(torch::kCPU).to(torch::kFloat).contiguous();
    std::memcpy(out.data(), c.data_ptr<float>(), size_t(n) * sizeof(float));
    return out;
}

std::vector<int> ints(const torch::Tensor &t)
{
    if (!t.defined())
        return {};
    const auto c = t.to(torch::kCPU).to(torch::kInt64).contiguous();
    const int64_t *p = c.data_ptr<int64_t>();
    return std::vector<int>(p, p + c.numel());
}

} // namespace

SampleImages::SampleImages(std::shared_ptr<const engine::QualityReport> report)
{
    if (!report || !report->data)
        return;
    const torch::Tensor &images = report->data->train.images;
    if (!images.defined() || images.dim() != 4)
        return;
    if (images.device().is_cpu() && images.scalar_type() == torch::kByte
        && images.is_contiguous()) {
        m_pixels = images.data_ptr<uint8_t>();
        m_hold = report;
    } else {
        auto copy
            = std::make_shared<torch::Tensor>(images.to(torch::kCPU).to(torch::kByte).contiguous());
        m_pixels = copy->data_ptr<uint8_t>();
        m_hold = copy;
    }
    m_count = images.size(0);
    m_channels = int(images.size(1));
    m_height = int(images.size(2));
    m_width = int(images.size(3));
}

QImage SampleImages::image(int64_t index) const
{
    if (!m_pixels || index < 0 || index >= m_count)
        return {};
    const size_t plane = size_t(m_height) * size_t(m_width);
    const uint8_t *base = m_pixels + size_t(index) * plane * size_t(m_channels);
    if (m_channels == 3) {
        QImage out(m_width, m_height, QImage::Format_RGB888);
        for (int y = 0; y < m_height; ++y) {
            uchar *line = out.scanLine(y);
            const size_t row = size_t(y) * size_t(m_width);
            for (int x = 0; x < m_width; ++x) {
                line[3 * x] = base[row + size_t(x)];
                line[3 * x + 1] = base[plane + row + size_t(x)];
                line[3 * x + 2] = base[2 * plane + row + size_t(x)];
            }
        }
        return out;
    }
    // One channel (or an unusual count, shown by its first channel).
    QImage out(m_width, m_height, QImage::Format_Grayscale8);
    for (int y = 0; y < m_height; ++y)
        std::memcpy(out.scanLine(y), base + size_t(y) * size_t(m_width), size_t(m_width));
    return out;
}

QImage SampleImages::thumbnail(int64_t index, int pixels) const
{
    const QImage full = image(index);
    if (full.isNull() || pixels <= 0)
        return full;
    const int side = std::max(full.width(), full.height());
    if (pixels >= side) {
        const int factor = pixels / side;
        return full.scaled(full.width() * factor, full.height() * factor, Qt::IgnoreAspectRatio,
                           Qt::FastTransformation);
    }
    // Shrinking drops pixels whatever the filter; averaging keeps thin strokes visible.
    return full.scaled(pixels, pixels, Qt::KeepAspectRatio, Qt::SmoothTransformation);
}

SampleTable::SampleTable(std::shared_ptr<const engine::QualityReport> report)
    : m_report(std::move(report))
    , m_images(m_report)
    , m_thresholds(
          std::make_unique<engine::FlagThresholds>(engine::defaultThresholds(m_report->quality)))
{
    const engine::SampleQuality &q = m_report->quality;
    m_size = q.labels.defined() ? q.labels.numel() : 0;
    m_labels = ints(q.labels);
    std::vector<std::string> names = q.classNames;
    if (names.empty() && m_report->data)
        names = m_report->data->info.classNames;
    for (const auto &n : names)
        m_classNames << QString::fromStdString(n);
    int64_t classes = std::max<int64_t>(q.numClasses, int64_t(names.size()));
    for (int l : m_labels)
        classes = std::max<int64_t>(classes, l + 1);
    while (m_classNames.size() < classes)
        m_classNames << QString::number(m_classNames.size());

    const bool labelIssuesKnown = q.labelIssues.likelyError.defined();
    for (const auto &info : engine::allFlags()) {
        FlagDef f;
        f.id = int(info.flag);
        f.name = QString::fromUtf8(info.name);
        f.title = QString::fromUtf8(info.title);
        f.definition = QString::fromUtf8(info.definition);
        f.image = info.image;
        // The label-issue default is calibrated on the data (confident learning's count).
        f.defaultThreshold = (*m_thresholds)[info.flag];
        f.available = size_t(f.id) < q.scores.size() && q.scores[size_t(f.id)].defined()
            && q.scores[size_t(f.id)].numel() == m_size
            && (info.flag != engine::Flag::LabelIssue || labelIssuesKnown);
        if (!f.available) {
            if (info.flag == engine::Flag::TeacherDisagrees && !m_report->teacherNote.empty())
                f.unavailableReason = QString::fromStdString(m_report->teacherNote);
            else if (info.flag == engine::Flag::LowAum)
                f.unavailableReason = QObject::tr(
                    "No AUM stored for this data: score it with the aum method to measure it");
            else
                f.unavailableReason = QObject::tr("Not measured for this data");
        }
        m_flags.push_back(f);
        if (f.available && !f.image)
            m_labelMask |= 1u << f.id;
    }

    m_suggested.resize(size_t(m_size));
    for (int64_t i = 0; i < m_size; ++i)
        m_suggested[size_t(i)] = int(q.suggestedLabel(i));

    m_flagBits.assign(size_t(m_size), 0);
    m_flaggedCounts.assign(m_flags.size(), 0);
    for (const auto &f : m_flags)
        if (f.available)
            evaluateFlag(f.id);

    for (const auto &f : m_flags)
        if (f.available) {
            ScoreColumn c;
            c.kind = ScoreColumn::FlagScore;
            c.key = "score_" + f.name;
            c.title = QObject::tr("%1 score").arg(f.title);
            c.flag = f.id;
            c.values = floats(q.scores[size_t(f.id)], m_size);
            m_columns.push_back(std::move(c));
        }
    for (const auto &s : m_report->scores) {
        if (int64_t(s.values.size()) != m_size)
            continue;
        ScoreColumn c;
        c.kind = ScoreColumn::PruningScore;
        c.key = "score_" + QString::fromStdString(s.method);
        for (int k = 2; std::any_of(m_columns.begin(), m_columns.end(),
                                    [&](const ScoreColumn &o) { return o.key == c.key; });
             ++k)
            c.key = "score_" + QString::fromStdString(s.method) + "_" + QString::number(k);
        c.title = QObject::tr("%1 (pruning score)").arg(QString::fromStdString(s.method));
        c.higherIsWorse = s.higherIsHarder;
        c.values.assign(s.values.begin(), s.values.end());
        m_columns.push_back(std::move(c));
    }
    if (q.labelIssues.selfConfidence.defined()) {
        ScoreColumn c;
        c.kind = ScoreColumn::SelfConfidence;
        c.key = "self_confidence";
        c.title = QObject::tr("Self-confidence p(given label)");
        c.higherIsWorse = false;
        c.values = floats(q.labelIssues.selfConfidence, m_size);
        m_columns.push_back(std::move(c));
    }

    const engine::InjectionTruth &truth = m_report->truth;
    if (truth.defined() && truth.labelFlipped.numel() == m_size) {
        m_flipped = truth.flipped();
        m_originalLabels = ints(truth.originalLabels);
        m_corruption = ints(truth.corruption);
    }

    std::vector<engine::Flag> labelFlags;
    for (const auto &f : m_flags)
        if (f.available && !f.image)
            labelFlags.push_back(engine::Flag(f.id));
    for (const auto &run : m_report->runs) {
        std::vector<bool> kept(size_t(m_size), false);
        for (int64_t i : run.kept)
            if (i >= 0 && i < m_size)
                kept[size_t(i)] = true;
        m_kept.push_back(std::move(kept));
        double truly = NAN;
        if (hasTruth()) {
            try {
                truly = engine::retainedNoise(run, *m_report, labelFlags, *m_thresholds).trulyNoisy;
            } catch (const std::exception &) {
                truly = NAN; // the chart then shows the flagged share alone
            }
        }
        m_trulyNoisy.push_back(truly);
    }
}

SampleTable::~SampleTable() = default;

void SampleTable::evaluateFlag(int flag)
{
    const engine::SampleQuality &q = m_report->quality;
    const uint32_t bit = 1u << flag;
    int64_t count = 0;
    for (int64_t i = 0; i < m_size; ++i) {
        uint32_t &bits = m_flagBits[size_t(i)];
        if (q.flagged(engine::Flag(flag), i, *m_thresholds)) {
            bits |= bit;
            ++count;
        } else {
            bits &= ~bit;
        }
    }
    m_flaggedCounts[size_t(flag)] = count;
}

QString SampleTable::className(int label) const
{
    return label >= 0 && label < m_classNames.size() ? m_classNames[label] : QString::number(label);
}

double SampleTable::threshold(int flag) const
{
    return (*m_thresholds)[engine::Flag(flag)];
}

void SampleTable::setThreshold(int flag, double value)
{
    if (flag < 0 || size_t(flag) >= m_flags.size())
        return;
    (*m_thresholds)[engine::Flag(flag)] = value;
    if (m_flags[size_t(flag)].available)
        evaluateFlag(flag);
}

void SampleTable::restoreDefaultThresholds()
{
    for (const auto &f : m_flags)
        setThreshold(f.id, f.defaultThreshold);
}

std::shared_ptr<SampleTable>
SampleTable::withLabelIssues(const engine::LabelIssueOptions &options) const
{
    // A shallow copy: the tensors are shared, and chooseLabelIssues replaces (never writes into)
    // the label-issue ones.
    auto report = std::make_shared<engine::QualityReport>(*m_report);
    engine::chooseLabelIssues(report->quality, options);
    auto table = std::make_shared<SampleTable>(std::move(report));
    for (const auto &f : m_flags)
        if (threshold(f.id) != table->threshold(f.id))
            table->setThreshold(f.id, threshold(f.id));
    if (!m_truthSource.isEmpty())
        table->setExternalTruth(m_flipped, m_truthSource);
    return table;
}

void SampleTable::setExternalTruth(std::vector<bool> noisy, const QString &source)
{
    m_flipped = std::move(noisy);
    m_flipped.resize(size_t(m_size), false);
    m_originalLabels.clear(); // the file says which labels are wrong, not what they should be
    m_corruption.clear();
    m_truthSource = source;
    for (size_t r = 0; r < m_kept.size(); ++r) {
        int64_t kept = 0, wrong = 0;
        for (int64_t i = 0; i < m_size; ++i)
            if (m_kept[r][size_t(i)]) {
                ++kept;
                wrong += m_flipped[size_t(i)];
            }
        m_trulyNoisy[r] = kept > 0 ? double(wrong) / double(kept) : NAN;
    }
}

std::pair<double, double> SampleTable::precisionRecall(int flag) const
{
    if (!hasTruth())
        return { NAN, NAN };
    int64_t raised = 0, hits = 0, wrong = 0;
    for (int64_t i = 0; i < m_size; ++i) {
        const bool on = flagged(flag, i), bad = m_flipped[size_t(i)];
        raised += on;
        wrong += bad;
        hits += on && bad;
    }
    return { raised > 0 ? double(hits) / double(raised) : NAN,
             wrong > 0 ? double(hits) / double(wrong) : NAN };
}

QString SampleTable::reason(int flag, int64_t i) const
{
    if (flag < 0 || size_t(flag) >= m_flags.size() || i < 0 || i >= m_size)
        return {};
    if (!m_flags[size_t(flag)].available)
        return m_flags[size_t(flag)].unavailableReason;
    return QString::fromStdString(m_report->quality.reason(engine::Flag(flag), i));
}

QStringList SampleTable::flagNames(int64_t i) const
{
    QStringList names;
    const uint32_t bits = flagBits(i);
    for (const auto &f : m_flags)
        if ((bits >> f.id) & 1u)
            names << f.name;
    return names;
}

int SampleTable::columnOfFlag(int flag) const
{
    for (size_t c = 0; c < m_columns.size(); ++c)
        if (m_columns[c].kind == ScoreColumn::FlagScore && m_columns[c].flag == flag)
            return int(c);
    return -1;
}

const engine::KeptSet &SampleTable::run(int r) const
{
    return m_report->runs[size_t(r)];
}

QString SampleTable::runName(int r) const
{
    return QString::fromStdString(m_report->runs[size_t(r)].name);
}

int SampleTable::originalLabel(int64_t i) const
{
    return size_t(i) < m_originalLabels.size() ? m_originalLabels[size_t(i)] : label(i);
}

QString SampleTable::corruption(int64_t i) const
{
    if (size_t(i) >= m_corruption.size() || m_corruption[size_t(i)] < 0)
        return {};
    const std::string_view name
        = engine::corruptionName(engine::Corruption(m_corruption[size_t(i)]));
    return QString::fromUtf8(name.data(), qsizetype(name.size()));
}

bool SampleTable::labelIssueFromCell(int64_t i, int given, int likely) const
{
    return label(i) == given && suggestedLabel(i) == likely
        && flagged(int(engine::Flag::LabelIssue), i);
}

} // namespace ui
