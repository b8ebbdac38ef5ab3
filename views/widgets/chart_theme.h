// SPDX-License-Identifier: Apache-2.0
// Charts take their background, text, axis and grid colours from the widget palette, so they
// read well in a dark theme as in a light one; data colours (palette.h) stay the same.
#pragma once

class QCustomPlot;
class QPalette;

namespace kv::views {

// Applies the plot's palette now and again whenever the palette changes.
void followPalette(QCustomPlot* plot);

// A dark Fusion palette for the whole application (View > Dark Theme).
QPalette darkPalette();

} // namespace kv::views
