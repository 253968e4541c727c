// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QIcon>

namespace tether::ui::icons {

// The desktop's icon (freedesktop names) where its theme has one; otherwise a drawn one in the
// palette's text colour, so that Windows, macOS and bare Linux desktops show the same shapes.
QIcon send();     // go-up / mail-send
QIcon stop();     // media-playback-stop
QIcon attach();   // mail-attachment
QIcon newChat();  // document-new
QIcon search();   // edit-find
QIcon settings(); // preferences-system
QIcon pin();      // a pinned conversation
// The Send button sits on the accent colour: its arrow is drawn in the accent's text colour.
QIcon sendOnAccent();

} // namespace tether::ui::icons
