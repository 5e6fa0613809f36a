package org.midihost.shell;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A plain text table with a header row and left-aligned columns two spaces apart. */
final class TextTable {
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    /**
     * @param header the column titles
     */
    TextTable(String... header) {
        this.columns = header.length;
        rows.add(header);
    }

    /**
     * @param cells one value per column
     */
    void row(Object... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException(cells.length + " cells for " + columns + " columns");
        }
        String[] r = new String[columns];
        for (int i = 0; i < columns; i++) {
            r[i] = String.valueOf(cells[i]);
        }
        rows.add(r);
    }

    /**
     * @param out where the table goes
     */
    void print(PrintStream out) {
        int[] widths = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                sb.append(r[i]);
                if (i < columns - 1) {
                    sb.append(" ".repeat(widths[i] - r[i].length() + 2));
                }
            }
            out.println(sb.toString().stripTrailing());
        }
    }
}
