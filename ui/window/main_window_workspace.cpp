#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QResizeEvent>
#include <QScreen>
#include <QScrollArea>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QThread>
#include <QTimer>
#include <QToolButton>

#include "engine/experiment/runner.h"
#include "engine/train/device.h"
#include "storage/store.h"
#include "ui/common/plot_export.h"
#include "ui/form/experiment_form.h"
#include "ui/results/results_panel.h"
#include "ui/runs/run_queue_panel.h"
#include "ui/runs/run_session.h"
#include "ui/runs/run_table_model.h"
#include "ui/samples/sample_detail_pane.h"
#include "ui/samples/samples_panel.h"
#include "ui/window/log_pane.h"
#include "ui/window/main_window.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <sstream>

// The workspace file: open, new, recent, and the window's layout saved and restored with it.

namespace ui {

void MainWindow::openWorkspace(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    m_readStore.reset(); // reopened when the worker announces the workspace
    m_dataVersion = -1;
    m_session->open(absolute);
    m_workspace = absolute;
    setWorkspaceForExports(absolute);
    m_samples->setStorePath(absolute);
    m_workspaceLabel->setText(QFileInfo(absolute).fileName());
    m_workspaceLabel->setToolTip(absolute);
    addRecent(absolute);
    updateQueueIndicator();
}

void MainWindow::newWorkspace()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("New workspace"),
                                                      QDir::homePath() + "/workspace.db",
                                                      tr("Prunescope workspace (*.db)"));
    if (!path.isEmpty())
        openWorkspace(path.endsWith(".db") ? path : path + ".db");
}

void MainWindow::chooseWorkspace()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open workspace"), QString(),
                                                      tr("Prunescope workspace (*.db)"));
    if (!path.isEmpty())
        openWorkspace(path);
}

void MainWindow::addRecent(const QString &path)
{
    QSettings settings;
    QStringList recent = settings.value("workspaces/recent").toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > 8)
        recent.removeLast();
    settings.setValue("workspaces/recent", recent);
    settings.setValue("workspaces/last", path);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    const QStringList recent = QSettings().value("workspaces/recent").toStringList();
    for (const QString &path : recent)
        m_recentMenu->addAction(path, this, [this, path] { openWorkspace(path); });
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    const QRect available = screen() ? screen()->availableGeometry() : QRect(0, 0, 1500, 950);
    if (!restoreGeometry(settings.value("window/geometry").toByteArray()))
        resize(std::min(1500, available.width() * 19 / 20),
               std::min(950, available.height() * 19 / 20));
    restoreState(settings.value("window/state").toByteArray());
    // A geometry saved on a larger screen, or at another scale factor, would put Export…, the
    // Log and the status bar off this one: the window is fitted into what the screen offers.
    if (!isMaximized() && !isFullScreen()) {
        const QRect frame = frameGeometry();
        const int extraW = frame.width() - width(), extraH = frame.height() - height();
        const QSize fits(std::min(width(), available.width() - extraW),
                         std::min(height(), available.height() - extraH));
        if (fits != size())
            resize(fits);
        QRect placed = frameGeometry();
        placed.moveLeft(std::clamp(placed.left(), available.left(),
                                   std::max(available.left(), available.right() - placed.width())));
        placed.moveTop(std::clamp(placed.top(), available.top(),
                                  std::max(available.top(), available.bottom() - placed.height())));
        move(placed.topLeft());
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_session->isOpen() && m_session->isBusy() && !m_session->isClosing()) {
        CloseAnswer answer = m_closeAnswer;
        if (answer == CloseAnswer::Ask) {
            QMessageBox box(QMessageBox::Question, tr("Training in progress"),
                            tr("Runs are training or queued. Resume them the next time this "
                               "workspace opens, or "
                               "stop them now?"),
                            QMessageBox::NoButton, this);
            auto *resumeButton = box.addButton(tr("Resume next time"), QMessageBox::AcceptRole);
            auto *stopButton = box.addButton(tr("Stop them"), QMessageBox::DestructiveRole);
            box.addButton(QMessageBox::Cancel);
            box.setDefaultButton(resumeButton);
            box.exec();
            if (box.clickedButton() == static_cast<QAbstractButton *>(resumeButton))
                answer = CloseAnswer::Resume;
            else if (box.clickedButton() == static_cast<QAbstractButton *>(stopButton))
                answer = CloseAnswer::Stop;
            else {
                event->ignore();
                return;
            }
        }
        // Stop without blocking the GUI thread: the window hides and closes when the worker has
        // ended.
        saveSettings();
        hide();
        connect(m_session, &RunSession::closed, this, &QWidget::close, Qt::SingleShotConnection);
        m_session->beginClose(answer == CloseAnswer::Resume);
        event->ignore();
        return;
    }
    if (m_session->isClosing()) {
        event->ignore(); // closes once the worker has ended
        return;
    }
    if (isVisible())
        saveSettings();
    m_session->close(true);
    event->accept();
}

void MainWindow::saveSettings()
{
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/state", saveState());
    settings.setValue("form/spec", m_form->specJson());
}

} // namespace ui
