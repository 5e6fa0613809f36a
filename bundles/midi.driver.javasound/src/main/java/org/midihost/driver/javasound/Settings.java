package org.midihost.driver.javasound;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One driver instance's configuration, checked.
 *
 * @param driverId the driver id, the first half of the endpoint ids
 * @param include globs of the devices to list; empty = every device
 * @param exclude globs of the devices to leave out, applied after {@code include}
 * @param rescanMillis how often Java Sound's list is looked at again
 */
record Settings(String driverId, List<Pattern> include, List<Pattern> exclude, long rescanMillis) {

    /** The smallest rescan interval, so that a typo cannot make the scanner spin. */
    static final int MIN_RESCAN = 10;
    /** The largest rescan interval. */
    static final int MAX_RESCAN = 3_600_000;

    Settings {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
    }

    /**
     * Checks a configuration.
     *
     * @param c the configuration
     * @return the settings
     * @throws IllegalArgumentException naming the bad property and value
     */
    static Settings of(JavaSoundDriver.Config c) {
        String id = c.midihost_driver_id() == null ? "" : c.midihost_driver_id().strip();
        if (id.isEmpty() || id.indexOf('/') >= 0 || id.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("midihost.driver.id '" + c.midihost_driver_id()
                    + "': must be non-empty, without '/' or whitespace");
        }
        int rescan = c.rescan();
        if (rescan < MIN_RESCAN || rescan > MAX_RESCAN) {
            throw new IllegalArgumentException("rescan " + rescan + " ms: must be " + MIN_RESCAN + ".." + MAX_RESCAN);
        }
        return new Settings(id, globs(c.include()), globs(c.exclude()), rescan);
    }

    /**
     * The patterns of one property. Each value may hold several globs separated by commas (as one
     * string in a {@code .cfg} file); blank ones are ignored.
     */
    private static List<Pattern> globs(String[] values) {
        List<Pattern> patterns = new ArrayList<>();
        if (values == null) {
            return patterns;
        }
        for (String value : values) {
            if (value == null) {
                continue;
            }
            for (String glob : value.split(",")) {
                String g = glob.strip();
                if (!g.isEmpty()) {
                    patterns.add(glob(g));
                }
            }
        }
        return patterns;
    }

    /**
     * A glob as a case-insensitive pattern over the whole text: {@code *} any run of characters,
     * {@code ?} one character, everything else literal.
     */
    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char ch = glob.charAt(i);
            if (ch == '*' || ch == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(ch == '*' ? ".*" : ".");
            } else {
                literal.append(ch);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }

    /**
     * Whether the configuration lets a device be listed: it matches an {@code include} glob (or
     * there is none) and no {@code exclude} glob. A glob matches when it matches the device's name,
     * its device id or its endpoint id ({@code driverId/deviceId}).
     *
     * @param name the device name
     * @param deviceId the device id within the driver
     * @return whether to list it
     */
    boolean admits(String name, String deviceId) {
        String endpoint = driverId + "/" + deviceId;
        return (include.isEmpty() || matchesAny(include, name, deviceId, endpoint))
                && !matchesAny(exclude, name, deviceId, endpoint);
    }

    private static boolean matchesAny(List<Pattern> patterns, String... texts) {
        for (Pattern p : patterns) {
            for (String t : texts) {
                if (p.matcher(t).matches()) {
                    return true;
                }
            }
        }
        return false;
    }
}
