#pragma once

#include <QImage>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <vector>

namespace engine {
struct FlagThresholds;
struct LabelIssueOptions;
struct KeptSet;
struct QualityReport;
} // namespace engine

namespace ui {

/// One flag as the browser shows it (engine::allFlags() with what this report can measure).
struct FlagDef
{
    int id = 0; ///< engine::Flag, also the bit in SampleTable::flagBits
    QString name; ///< "label_issue": CSV columns, colours, codes
    QString title;
    QString definition;
    bool image = false;
    bool available = false;
    double defaultThreshold = 0;
    QString unavailableReason; ///< why a missing flag cannot be raised
};

/// A numeric column of the browser: a flag's score, a stored pruning score or the self-confidence.
struct ScoreColumn
{
    enum Kind { FlagScore, PruningScore, SelfConfidence };
    Kind kind = FlagScore;
    QString key; ///< CSV column and settings key: "score_label_issue", "score_el2n"
    QString title; ///< "Label issue score", "EL2N score"
    int flag = -1; ///< for FlagScore
    bool higherIsWorse = true; ///< higher means more suspect (or harder, for pruning scores)
    std::vector<float> values; ///< NaN where missing
};

/// The pixels of the training images, shareable with thumbnail threads: it keeps the report
/// alive and only reads its image tensor, which nobody writes.
class SampleImages
{
public:
    SampleImages() = default;
    explicit SampleImages(std::shared_ptr<const engine::QualityReport> report);

    int64_t count() const { return m_count; }
    QSize size() const { return QSize(m_width, m_height); }
    /// The image at full resolution (Grayscale8, or RGB888 for three channels); null if out of
    /// range.
    QImage image(int64_t index) const;
    /// Scaled with nearest neighbour to fit a square of side pixels; enlarged by a whole factor
    /// so every source pixel stays a sharp square of equal size.
    QImage thumbnail(int64_t index, int pixels) const;

private:
    std::shared_ptr<const void> m_hold; ///< the report, or a contiguous copy of its images
    const uint8_t *m_pixels = nullptr;
    int64_t m_count = 0;
    int m_channels = 0, m_height = 0, m_width = 0;
};

/// A report flattened for the browser: labels, scores, flags at the current thresholds and
/// run membership as plain vectors, so filtering and counting 60,000 samples stays instant on the
/// GUI thread. Build it off the GUI thread (a teacher's suggestions take a tensor op per sample);
/// afterwards it is used from the GUI thread only.
class SampleTable
{
public:
    explicit SampleTable(std::shared_ptr<const engine::QualityReport> report);
    ~SampleTable();

    const engine::QualityReport &report() const { return *m_report; }
    const std::shared_ptr<const engine::QualityReport> &reportPointer() const { return m_report; }
    const SampleImages &images() const { return m_images; }
    int64_t size() const { return m_size; }
    int numClasses() const { return int(m_classNames.size()); }
    const QStringList &classNames() const { return m_classNames; }
    QString className(int label) const;
    int label(int64_t i) const { return m_labels[size_t(i)]; }
    int suggestedLabel(int64_t i) const { return m_suggested[size_t(i)]; }

    /// Every flag, in the engine's order (FlagDef::id == position).
    const std::vector<FlagDef> &flags() const { return m_flags; }
    double threshold(int flag) const;
    const engine::FlagThresholds &thresholds() const { return *m_thresholds; }
    /// Re-evaluates that flag for every sample.
    void setThreshold(int flag, double value);
    void restoreDefaultThresholds();
    /// The same samples with the label issues chosen again (no training: the out-of-sample
    /// probabilities are kept) and every threshold as here.
    std::shared_ptr<SampleTable> withLabelIssues(const engine::LabelIssueOptions &options) const;
    uint32_t flagBits(int64_t i) const { return m_flagBits[size_t(i)]; }
    bool flagged(int flag, int64_t i) const { return (m_flagBits[size_t(i)] >> flag) & 1u; }
    /// Bits of the available flags that concern labels (not images).
    uint32_t labelFlagMask() const { return m_labelMask; }
    int64_t flaggedCount(int flag) const { return m_flaggedCounts[size_t(flag)]; }
    QString reason(int flag, int64_t i) const;
    QStringList flagNames(int64_t i) const;

    const std::vector<ScoreColumn> &columns() const { return m_columns; }
    int columnOfFlag(int flag) const;

    int runCount() const { return int(m_kept.size()); }
    const engine::KeptSet &run(int r) const;
    QString runName(int r) const;
    bool kept(int r, int64_t i) const { return m_kept[size_t(r)][size_t(i)]; }
    /// Share of run r's kept samples that are truly corrupted (NaN without injection); it does
    /// not depend on the thresholds.
    double trulyNoisyShare(int r) const { return m_trulyNoisy[size_t(r)]; }

    bool hasTruth() const { return !m_flipped.empty(); }
    /// Ground truth read from a file (the indices of wrongly labelled samples) for data whose
    /// noise was not injected here: it replaces the injection's, and the label flags' precision
    /// and recall are measured against it. `source` names the file.
    void setExternalTruth(std::vector<bool> noisy, const QString &source);
    /// The file the truth came from; empty for an injection's truth (or none).
    const QString &truthSource() const { return m_truthSource; }
    /// Precision and recall of a flag's raised samples against the wrong labels (NaN without
    /// truth or when nothing is raised).
    std::pair<double, double> precisionRecall(int flag) const;
    bool labelFlipped(int64_t i) const { return hasTruth() && m_flipped[size_t(i)]; }
    int originalLabel(int64_t i) const;
    QString corruption(int64_t i) const; ///< "" when untouched or without injection
    bool trulyNoisy(int64_t i) const { return labelFlipped(i) || !corruption(i).isEmpty(); }
    /// Sample i is a label issue taken from the noise matrix's cell (given, likely): labelled
    /// `given`, flagged as a label issue, its suggested label `likely`.
    bool labelIssueFromCell(int64_t i, int given, int likely) const;

private:
    void evaluateFlag(int flag);

    std::shared_ptr<const engine::QualityReport> m_report;
    SampleImages m_images;
    int64_t m_size = 0;
    QStringList m_classNames;
    QString m_truthSource;
    std::vector<int> m_labels, m_suggested;
    std::vector<FlagDef> m_flags;
    std::unique_ptr<engine::FlagThresholds> m_thresholds;
    std::vector<uint32_t> m_flagBits;
    std::vector<int64_t> m_flaggedCounts;
    uint32_t m_labelMask = 0;
    std::vector<ScoreColumn> m_columns;
    std::vector<std::vector<bool>> m_kept;
    std::vector<double> m_trulyNoisy;
    std::vector<bool> m_flipped;
    std::vector<int> m_originalLabels, m_corruption;
};

} // namespace ui
