#pragma once

#include <QString>
#include <QStringList>

class QWidget;

namespace ui {

/// Where the user guide may be, in the order looked: installed beside the program
/// (share/doc/prunescope), then the source tree the program was built from.
QStringList userGuideCandidates();

/// The first candidate that exists, empty when none does.
QString findUserGuide();

/// Help ▸ User guide: the Markdown guide with its screenshots in a window of its own (no browser
/// needed), or a message naming where it was looked for.
void showUserGuide(QWidget *parent);

} // namespace ui
