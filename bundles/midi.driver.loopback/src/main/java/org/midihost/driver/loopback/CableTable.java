package org.midihost.driver.loopback;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.midihost.api.MidiException;
import org.midihost.api.MmResult;
import org.midihost.spi.InDevice;
import org.midihost.spi.OutDevice;

/**
 * The device table of one driver instance: its cables and their device descriptions, as one
 * immutable snapshot built from a configuration. A new configuration makes a new table that reuses
 * the {@link Cable}s of the old one at the same indices.
 */
final class CableTable {
    static final int MIN_CABLES = 1;
    static final int MAX_CABLES = 1024;

    /** No cables: the table before activation and after deactivation. */
    static final CableTable EMPTY = new CableTable(new Cable[0], List.of(), List.of(), false);

    private final Cable[] cables;
    private final List<OutDevice> outs;
    private final List<InDevice> ins;
    private final boolean exclusive;

    private CableTable(Cable[] cables, List<OutDevice> outs, List<InDevice> ins,
            boolean exclusive) {
        this.cables = cables;
        this.outs = outs;
        this.ins = ins;
        this.exclusive = exclusive;
    }

    /**
     * Checks {@code config} whole, then builds its table; nothing changes if a check fails.
     *
     * @param config the configuration
     * @param previous the table it replaces: its cables at indices that remain are kept
     * @return the new table
     * @throws IllegalArgumentException naming the offending value
     */
    /**
     * The names as given: an array (Configuration Admin, metatype consoles, Karaf's
     * {@code config:property-set} with a list) or one comma-separated string, as a {@code .cfg}
     * file gives it ({@code names=Piano,Drums}). So a name cannot contain a comma.
     */
    static String[] splitNames(String[] given) {
        if (given == null) {
            return new String[0];
        }
        List<String> names = new ArrayList<>();
        for (String g : given) {
            if (g == null) {
                names.add(null);
                continue;
            }
            for (String part : g.split(",", -1)) {
                names.add(part.strip());
            }
        }
        return names.toArray(new String[0]);
    }

    private static String safeId(LoopbackDriver.Config config) {
        try {
            return config.midihost_driver_id();
        } catch (RuntimeException e) {
            return "?";
        }
    }

    static CableTable of(LoopbackDriver.Config config, CableTable previous) {
        int count;
        try {
            count = config.cables();
        } catch (RuntimeException e) { // DS converts the property when it is read: "many" fails here
            throw new IllegalArgumentException("loopback '" + safeId(config) + "': cables is not a number ("
                    + e.getMessage() + ")", e);
        }
        if (count < MIN_CABLES || count > MAX_CABLES) {
            throw new IllegalArgumentException(
                    "loopback cables = " + count + " is outside " + MIN_CABLES + ".." + MAX_CABLES);
        }
        String[] names = splitNames(config.names());
        if (names.length > MAX_CABLES) {
            throw new IllegalArgumentException(
                    "loopback names has " + names.length + " entries, more than " + MAX_CABLES + " cables");
        }
        checkDriverId(config.midihost_driver_id());
        count = Math.max(count, names.length);
        boolean exclusive = config.exclusive();

        Cable[] cables = Arrays.copyOf(previous.cables, count);
        List<OutDevice> outs = new ArrayList<>(count);
        List<InDevice> ins = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (cables[i] == null) {
                cables[i] = new Cable(i);
            }
            String id = Integer.toString(i);
            String name = i < names.length && names[i] != null && !names[i].isBlank()
                    ? names[i].strip()
                    : "Loopback " + (i + 1);
            outs.add(OutDevice.port(id, name).withMultiClient(!exclusive));
            ins.add(InDevice.port(id, name).withMultiClient(!exclusive));
        }
        return new CableTable(cables, List.copyOf(outs), List.copyOf(ins), exclusive);
    }

    // The host refuses such ids too, but later and less clearly: better no driver than one that
    // registers under an id nobody can use.
    private static void checkDriverId(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("loopback midihost.driver.id is empty");
        }
        if (id.indexOf('/') >= 0 || id.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(
                    "loopback midihost.driver.id = '" + id + "' has a '/' or whitespace");
        }
    }

    int size() {
        return cables.length;
    }

    Cable cable(int index) {
        return cables[index];
    }

    /**
     * @param deviceId a device id: the cable's index in decimal, as {@link #outDevices()} gives it
     * @param what "output" or "input", for the message
     * @return the cable
     * @throws MidiException {@link MmResult#MMSYSERR_BADDEVICEID} if no cable has that id
     */
    Cable cable(String deviceId, String what) throws MidiException {
        int index = -1;
        try {
            index = Integer.parseInt(deviceId);
        } catch (NumberFormatException e) {
            // not an index: no such cable
        }
        // Only the canonical form names a cable ("1", not "01" or "+1").
        if (index < 0 || index >= cables.length || !Integer.toString(index).equals(deviceId)) {
            throw new MidiException(MmResult.MMSYSERR_BADDEVICEID,
                    "loopback " + what + " '" + deviceId + "', have 0.." + (cables.length - 1));
        }
        return cables[index];
    }

    List<OutDevice> outDevices() {
        return outs;
    }

    List<InDevice> inDevices() {
        return ins;
    }

    boolean exclusive() {
        return exclusive;
    }

    @Override
    public String toString() {
        return "[cables=" + cables.length + ", exclusive=" + exclusive + "]";
    }
}
