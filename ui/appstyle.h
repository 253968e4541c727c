// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace tether::ui {

// The desktop's own style, without what dates it: no tick and cross icons on OK and Cancel.
// Called once the style is chosen (the dark scheme picks Fusion first).
void installAppStyle();

} // namespace tether::ui
