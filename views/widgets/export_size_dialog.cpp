// SPDX-License-Identifier: Apache-2.0
#include "widgets/export_size_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QSpinBox>

namespace kv::views {

ExportSizeDialog::ExportSizeDialog(QSize initial, QWidget* parent)
    : QDialog(parent)
    , m_width(new QSpinBox(this))
    , m_height(new QSpinBox(this))
{
    setWindowTitle(tr("Chart size"));
    for (QSpinBox* box : { m_width, m_height }) {
        box->setRange(200, 10000);
        box->setSuffix(tr(" px"));
        box->setSingleStep(50);
    }
    m_width->setValue(initial.width());
    m_height->setValue(initial.height());
    // Sizes people paste into slides and papers.
    auto* presets = new QComboBox(this);
    presets->addItem(tr("Custom"));
    const QSize sizes[] = { { 1200, 700 }, { 1920, 1080 }, { 800, 500 }, { 2400, 1400 } };
    for (const QSize& sz : sizes)
        presets->addItem(tr("%1 x %2").arg(sz.width()).arg(sz.height()), sz);
    connect(presets, &QComboBox::activated, this, [this, presets](int i) {
        if (const QSize sz = presets->itemData(i).toSize(); sz.isValid()) {
            m_width->setValue(sz.width());
            m_height->setValue(sz.height());
        }
    });
    auto* form = new QFormLayout(this);
    form->addRow(tr("Preset"), presets);
    form->addRow(tr("Width"), m_width);
    form->addRow(tr("Height"), m_height);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

QSize ExportSizeDialog::chosenSize() const
{
    return { m_width->value(), m_height->value() };
}

} // namespace kv::views
