// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTextBrowser>

namespace tether::ui {

// A QTextBrowser for model output: it never fetches or reads anything (only data: resources
// load, see contentsafety.h), and a link opens only after the user confirmed its full URL.
class SafeBrowser : public QTextBrowser {
    Q_OBJECT
public:
    explicit SafeBrowser(QWidget* parent = nullptr);

    QVariant loadResource(int type, const QUrl& name) override;
    int refusedResources() const { return m_refused; }

    static bool isOpenable(const QUrl& url);

Q_SIGNALS:
    // A link Tether itself put into the transcript (contentsafety::internalLink), e.g. Continue.
    void internalLinkActivated(const QUrl& url);

private:
    void confirmAndOpen(const QUrl& url);
    int m_refused = 0;
};

} // namespace tether::ui
