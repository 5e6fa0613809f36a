package org.midihost.driver.rawmidi;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * One driver instance's configuration, checked: either configured ports ({@code path}, or
 * {@code output} and/or {@code input}) or, when none is given, a directory scan. It also knows how
 * to look at the file system and say which devices are present.
 *
 * @param driverId the driver id, for names in logs and threads
 * @param output the render file, or {@code null}
 * @param input the capture file, or {@code null}
 * @param scanDirectory the directory scanned when no port is configured
 * @param scanGlob the file-name pattern of scanned devices
 * @param scanIntervalMillis how often to look again
 * @param name the configured device name, or empty
 * @param runningStatus whether the host may compress render streams with running status
 */
record Settings(String driverId, Path output, Path input, Path scanDirectory, String scanGlob,
        long scanIntervalMillis, String name, boolean runningStatus) {

    /** The smallest scan interval, so that a typo cannot make the scanner spin. */
    static final int MIN_SCAN_INTERVAL = 10;
    /** The largest scan interval. */
    static final int MAX_SCAN_INTERVAL = 3_600_000;

    /**
     * Checks a configuration.
     *
     * @param c the configuration
     * @return the settings
     * @throws IllegalArgumentException naming the bad value
     */
    static Settings of(RawMidiDriver.Config c) {
        String id = c.midihost_driver_id() == null ? "" : c.midihost_driver_id().strip();
        if (id.isEmpty() || id.indexOf('/') >= 0 || id.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("midihost.driver.id '" + c.midihost_driver_id()
                    + "': must be non-empty, without '/' or whitespace");
        }
        Path path = path("path", c.path());
        Path output = path("output", c.output());
        Path input = path("input", c.input());
        if (path != null && (output != null || input != null)) {
            throw new IllegalArgumentException("path " + path + " and output/input given: configure either one "
                    + "read-write path, or an output and/or an input");
        }
        if (path != null) {
            output = path;
            input = path;
        }
        Path dir = path("scanDirectory", c.scanDirectory());
        if (dir == null) {
            throw new IllegalArgumentException("scanDirectory is empty");
        }
        String glob = c.scanGlob() == null ? "" : c.scanGlob().strip();
        if (glob.isEmpty() || glob.indexOf('/') >= 0) {
            throw new IllegalArgumentException("scanGlob '" + c.scanGlob() + "': must be a non-empty file-name pattern");
        }
        try {
            FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("scanGlob '" + glob + "': " + e.getDescription(), e);
        }
        int interval = c.scanInterval();
        if (interval < MIN_SCAN_INTERVAL || interval > MAX_SCAN_INTERVAL) {
            throw new IllegalArgumentException("scanInterval " + interval + " ms: must be " + MIN_SCAN_INTERVAL
                    + ".." + MAX_SCAN_INTERVAL);
        }
        String name = c.name() == null ? "" : c.name().strip();
        return new Settings(id, output, input, dir, glob, interval, name, c.runningStatus());
    }

    private static Path path(String what, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Path.of(value.strip()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(what + " '" + value + "': " + e.getReason(), e);
        }
    }

    /** @return whether ports are configured (else the directory is scanned) */
    boolean configured() {
        return output != null || input != null;
    }

    /**
     * Looks at the file system: a configured port is present while its file exists; in scan mode,
     * every entry of the directory that matches the pattern is one read-write device, in file-name
     * order.
     *
     * @return the devices present now
     * @throws IOException if the directory exists but cannot be read
     */
    DeviceTable scan() throws IOException {
        if (configured()) {
            List<RawDevice> render = new ArrayList<>(1);
            List<RawDevice> capture = new ArrayList<>(1);
            if (output != null && Files.exists(output)) {
                render.add(new RawDevice("0", configuredName(output), output));
            }
            if (input != null && Files.exists(input)) {
                capture.add(new RawDevice("0", configuredName(input), input));
            }
            return new DeviceTable(render, capture);
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + scanGlob);
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(scanDirectory)) {
            for (Path p : entries) {
                Path file = p.getFileName();
                // Device ids may not hold whitespace; such a file is no MIDI device node anyway.
                if (matcher.matches(file) && !Files.isDirectory(p)
                        && file.toString().chars().noneMatch(Character::isWhitespace)) {
                    found.add(p);
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            // No /dev/snd: no sound hardware, so no devices; not an error.
            return DeviceTable.EMPTY;
        }
        found.sort(null);
        List<RawDevice> devices = new ArrayList<>(found.size());
        for (Path p : found) {
            String file = p.getFileName().toString();
            devices.add(new RawDevice(file, name.isEmpty() ? file : name + " " + file, p));
        }
        return DeviceTable.readWrite(devices);
    }

    private String configuredName(Path file) {
        Path f = file.getFileName();
        return !name.isEmpty() ? name : f == null ? file.toString() : f.toString();
    }
}
