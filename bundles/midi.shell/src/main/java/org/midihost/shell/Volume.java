package org.midihost.shell;

/**
 * The values of {@code midi:volume}: 0..65535 (0xFFFF is full) or a percentage of full, and
 * WinMM's packing of a volume: left in the low 16 bits, right in the high 16.
 */
final class Volume {
    static final int FULL = 0xFFFF;

    private Volume() {
    }

    /**
     * @param usage the command's usage, for the error
     * @param name the operand's name, {@code LEFT}
     * @param arg {@code 0}..{@code 65535}, {@code 0x8000}, or a percentage {@code 0%}..{@code 100%}
     *        (decimals allowed, {@code 12.5%})
     * @return the 16-bit volume
     * @throws UsageException naming the value when it is none of these
     */
    static int parse(Usage usage, String name, String arg) throws UsageException {
        String t = arg.strip();
        try {
            if (t.endsWith("%")) {
                double percent = Double.parseDouble(t.substring(0, t.length() - 1));
                if (percent >= 0 && percent <= 100) {
                    return (int) Math.round(percent * FULL / 100);
                }
            } else {
                int v = t.startsWith("0x") || t.startsWith("0X") ? Integer.parseInt(t.substring(2), 16) : Integer.parseInt(t);
                if (v >= 0 && v <= FULL) {
                    return v;
                }
            }
        } catch (NumberFormatException e) {
            // named below
        }
        throw usage.error(name + " '" + arg + "' is not a volume 0..65535 or 0%..100%");
    }

    /** @return left in the low 16 bits, right in the high 16 */
    static int pack(int left, int right) {
        return (right & FULL) << 16 | left & FULL;
    }

    /**
     * @param packed a volume as WinMM packs it
     * @param leftAndRight whether the device has separate left and right volumes
     * @return e.g. {@code 32768 (50%)}, or {@code left 65535 (100%), right 0 (0%)}
     */
    static String text(int packed, boolean leftAndRight) {
        int left = packed & FULL;
        int right = packed >>> 16;
        return leftAndRight ? "left " + one(left) + ", right " + one(right) : one(left);
    }

    private static String one(int v) {
        return v + " (" + Math.round(v * 100.0 / FULL) + "%)";
    }
}
