#include "ui/window/user_guide.h"

#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>

namespace ui {

QStringList userGuideCandidates()
{
    const QDir bin(QCoreApplication::applicationDirPath());
    return { bin.absoluteFilePath("../share/doc/prunescope/user-guide.md"),
             QStringLiteral(PRUNESCOPE_SOURCE_DIR "/docs/user-guide.md") };
}

QString findUserGuide()
{
    for (const QString &path : userGuideCandidates())
        if (QFileInfo(path).isReadable())
            return QFileInfo(path).canonicalFilePath();
    return {};
}

void showUserGuide(QWidget *parent)
{
    const QString path = findUserGuide();
    if (path.isEmpty()) {
        QMessageBox::warning(parent, QObject::tr("User guide"),
                             QObject::tr("The user guide was not found. Looked for:\n%1")
                                 .arg(userGuideCandidates().join('\n')));
        return;
    }
    auto *dialog = new QDialog(parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setObjectName("userGuide");
    dialog->setWindowTitle(QObject::tr("Prunescope user guide"));
    auto *browser = new QTextBrowser(dialog);
    browser->setOpenExternalLinks(true);
    // Relative links and screenshots resolve against the guide's folder.
    browser->setSource(QUrl::fromLocalFile(path), QTextDocument::MarkdownResource);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(browser);
    layout->addWidget(buttons);
    dialog->resize(900, 700);
    dialog->show();
}

} // namespace ui
