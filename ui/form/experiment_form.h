#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QWidget>

#include "engine/data/dataset_info.h"
#include "engine/data/dataset_loader.h"
#include "engine/experiment/spec.h"
#include "storage/run_row.h"
#include "ui/runs/run_events.h"

#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <set>

class QAction;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QToolButton;
class QTableWidget;
class QTimer;

namespace ui {

class ClusterTargetBox;
class MethodSettingsEditor;
class PaceEstimator;

/// The experiment form: boxes in the order a researcher decides (data, pruning, teacher,
/// distillation, training, seeds), validated as the user types with the reason under each field,
/// the loss formula with the current α and τ, and the runs and time the spec will take. Fields the
/// form does not show are kept from the loaded preset, so a preset round-trips unchanged.
class ExperimentForm : public QWidget
{
    Q_OBJECT

public:
    explicit ExperimentForm(QWidget *parent = nullptr);
    ~ExperimentForm() override;

    /// The spec the form describes, as JSON (what the Queue button sends).
    QString specJson() const;
    /// Fills the form from a spec; returns the problems it has (also shown in the form).
    QStringList loadSpec(const QString &json);
    /// Problems of the current values ("field: message"), empty when the spec can be queued.
    QStringList problems() const { return m_problems; }
    /// Known runs, to count those already stored and estimate the time from measured ones.
    void setKnownRuns(const RunRows &runs);
    void setTeachers(const std::vector<storage::TeacherRow> &teachers);
    /// Switches α to an α(f) schedule with these points (from the heat map's fit).
    void setSchedule(const std::vector<engine::AlphaPoint> &schedule);
    /// The default sweep on the embedded Fashion-MNIST.
    void resetToDefault();
    /// Records that the current values were queued (the form shows when it differs again).
    void markQueued();
    /// Validates now instead of after the typing pause (tests).
    void validateNow();
    QAction *queueAction() const { return m_queueAction; }
    /// The run count, the first problem (a link that scrolls to its field and focuses it) and
    /// the Queue button: the window pins it under the scrolled form, always visible.
    QWidget *actionBar() const { return m_actionBar; }
    /// Scrolls the form to the field with this spec path ("pruning.fractions") and focuses it.
    void focusField(const QString &path);
    /// The spec path of the field the first problem is shown under, empty when none.
    QString firstProblemField() const { return m_firstProblemField; }
    /// Where the runs go: this computer's queue or a Slurm cluster.
    ClusterTargetBox *clusterTarget() const { return m_target; }
    QString summaryText() const;
    /// The error shown under the field with this spec path ("pruning.fractions"), empty if none.
    QString fieldError(const QString &path) const;
    /// The equivalent prunescope-cli command line.
    QString commandLine(const QString &storePath) const;
    void savePresetTo(const QString &path);

Q_SIGNALS:
    void queueRequested(const QString &specJson);
    /// Queue pressed with "Run on: Slurm cluster": submit the spec with clusterTarget()'s fields.
    void clusterSubmitRequested(const QString &specJson);
    void message(const QString &text);

private:
    // The boxes, in the order a researcher decides (form_boxes_*.cpp).
    QGroupBox *buildDataBox();
    QGroupBox *buildPruningBox();
    QGroupBox *buildTeacherBox();
    QGroupBox *buildDistillationBox();
    QGroupBox *buildTrainingBox();
    QGroupBox *buildRunBox();
    void buildQueueButton();
    /// Every edit revalidates after a short pause.
    void connectEdits();
    QWidget *field(QFormLayout *form, const QString &label, QWidget *editor, const QString &path,
                   const QString &tip, QLabel **note = nullptr);
    void scheduleValidation();
    void updateCorruptionLabel();
    void validate();
    /// The notes under the fields (dataset, parameters, method, recipe, fractions) for a spec.
    void updateFieldNotes(const engine::ParsedSpec &parsed);
    void inspectDataset();
    void updateFormula();
    void updateDependentStates();
    /// Checks an imported teacher file against the dataset off the GUI thread (probe batch and
    /// test accuracy) and shows the result under the file field.
    void checkImportedTeacher(const engine::ExperimentSpec &spec);
    bool importsTeacher() const;
    bool imageFolderSelected() const;
    engine::ImageFolderOptions imageOptions() const;
    /// The dataset path, format and image options: a dataset is read again when it changes.
    QString datasetKey() const;
    nlohmann::json currentJson() const;
    void fillFrom(const nlohmann::json &spec);
    /// Whether the chosen method reads the teacher (so its fields matter without distillation).
    bool methodUsesTeacher() const;

    std::unique_ptr<nlohmann::json> m_base;
    QString m_lastQueued;
    QStringList m_problems;
    std::set<std::string> m_storedKeys; ///< identity keys of finished runs
    std::vector<storage::TeacherRow> m_teachers;
    std::optional<engine::DatasetInfo> m_dataset;
    QString m_datasetError;
    QString m_inspectedKey;
    /// The Images channels were chosen (by the user or a loaded spec): no longer proposed from
    /// the folder's content.
    bool m_channelsChosen = false;
    int m_inspectGeneration = 0;
    bool m_filling = false;
    bool m_distils = true; ///< some α > 0: the teacher fields matter
    bool m_ready = false; ///< no problems and the dataset read: Queue is on
    QElapsedTimer m_errorAge;
    QHash<QWidget *, QString> m_tips; ///< tooltips of fields disabled with a reason

    QHash<QString, QLabel *> m_errors; ///< spec path → error label
    MethodSettingsEditor *m_settings;
    PaceEstimator *m_pace;
    QComboBox *m_direction;
    QSpinBox *m_proxySteps;
    // Image folders: resolution, channels, unreadable files.
    QSpinBox *m_imageSize;
    QComboBox *m_imageChannels;
    QCheckBox *m_skipCorrupt;
    // dataset.inject: label noise and image corruptions with their seed
    QDoubleSpinBox *m_labelNoise, *m_corruptEach;
    QComboBox *m_labelMode;
    QSpinBox *m_injectSeed;
    QToolButton *m_corruptKinds;
    // dataset.validation: −1 = the default; a share read from a spec is kept until edited.
    QSpinBox *m_validation, *m_validationSeed;
    std::optional<double> m_validationShare;
    // Imported teachers: the source switch, the file and its pixel convention.
    QComboBox *m_teacherSource, *m_teacherInput;
    QLineEdit *m_teacherFile, *m_teacherMean, *m_teacherStd;
    QLabel *m_teacherFileInfo;
    QString m_teacherCheckKey; ///< file|input|dataset of the last check
    QString m_teacherCheckError;
    int m_teacherCheckGeneration = 0;
    QLabel *m_summary, *m_datasetInfo, *m_studentInfo, *m_methodDefinition, *m_fractionsEcho,
        *m_teacherInfo, *m_teacherRecipe, *m_formula, *m_runsEcho;
    QLineEdit *m_name, *m_datasetPath, *m_fractions, *m_alphas, *m_seeds;
    QComboBox *m_datasetFormat, *m_student, *m_method, *m_teacher, *m_storedTeacher, *m_budgetUnit,
        *m_schedule, *m_flip, *m_device, *m_runsAtOnce, *m_teacherBudgetUnit;
    QCheckBox *m_classBalanced, *m_tauSquared, *m_nesterov, *m_baseline;
    QRadioButton *m_alphaList, *m_alphaSchedule;
    QTableWidget *m_scheduleTable;
    QPushButton *m_addPoint, *m_removePoint;
    QSpinBox *m_teacherSeed, *m_teacherEpochs, *m_budget, *m_batch, *m_crop;
    QDoubleSpinBox *m_tau, *m_lr, *m_momentum, *m_weightDecay;
    QPushButton *m_queue;
    QWidget *m_actionBar;
    QLabel *m_problemLink;
    QString m_firstProblemField;
    ClusterTargetBox *m_target;
    QAction *m_queueAction;
    /// The last keystroke in a line edit: a new error of the field being typed in waits for a
    /// pause, so error lines do not come and go (moving the fields below) with every key.
    static constexpr int kTypingPauseMs = 1200;
    QElapsedTimer m_lastKey;
    QTimer *m_typingPause = nullptr;
    QTimer *m_debounce;
};

} // namespace ui
