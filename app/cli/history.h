// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/history/exporter.h"

#include <QString>

// tether-cli's offline history commands: list, search, import, export. They read and write the
// journal through the engine's jobs, as the window does.
namespace tether::cli {

enum class ListFormat { Text, Json };

int runList(const QString& dataDir, ListFormat format);
int runSearch(const QString& dataDir, const QString& query, int limit, ListFormat format);
int runImport(const QString& dataDir, const QString& path);
// `ids` empty: every conversation. `output` empty: standard output.
int runExport(const QString& dataDir, const QList<qint64>& ids, engine::ExportFormat format,
              const QString& output);

} // namespace tether::cli
