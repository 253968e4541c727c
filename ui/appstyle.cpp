// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/appstyle.h"

#include <QApplication>
#include <QProxyStyle>
#include <QStyle>

namespace tether::ui {

namespace {

class AppStyle : public QProxyStyle {
public:
    using QProxyStyle::QProxyStyle;

    int styleHint(StyleHint hint, const QStyleOption* option, const QWidget* widget,
                  QStyleHintReturn* returnData) const override
    {
        if (hint == SH_DialogButtonBox_ButtonsHaveIcons)
            return 0;
        return QProxyStyle::styleHint(hint, option, widget, returnData);
    }
};

} // namespace

void installAppStyle()
{
    QApplication::setStyle(new AppStyle(QApplication::style()->name()));
}

} // namespace tether::ui
