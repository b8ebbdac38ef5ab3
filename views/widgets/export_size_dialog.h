// SPDX-License-Identifier: Apache-2.0
// Asks for the size of an exported chart (pixels for PNG and JPEG, points for SVG and PDF).
#pragma once

#include <QDialog>

class QSpinBox;

namespace kv::views {

class ExportSizeDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ExportSizeDialog(QSize initial, QWidget* parent = nullptr);
    QSize chosenSize() const;

private:
    QSpinBox* m_width;
    QSpinBox* m_height;
};

} // namespace kv::views
