// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace tether::cli {

// tether-cli sync: one sync with the WebDAV folder of TETHER_SYNC_URL (TETHER_SYNC_USER,
// TETHER_SYNC_PASSWORD, TETHER_SYNC_PASSPHRASE). Exits 0 once everything is sent and applied,
// with a summary on stderr.
int runSync(const QString& dataDir);

} // namespace tether::cli
