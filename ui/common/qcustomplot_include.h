#pragma once

// Debian's qcustomplot.h uses the `signals` and `foreach` keywords that QT_NO_KEYWORDS removes;
// they are restored around the include only. Files that include this carry no torch headers.
#ifdef QT_NO_KEYWORDS
#define signals Q_SIGNALS
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef foreach
#else
#include <qcustomplot.h>
#endif
