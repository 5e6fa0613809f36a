package com.example.fakemidi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The "hardware" behind {@link FakeProvider}: the ports plugged in now, in the order the provider
 * lists them. Tests plug, unplug and reorder ports at any time; Java Sound sees the change at its
 * next {@code MidiSystem.getMidiDeviceInfo()}, as it does for a real USB interface.
 *
 * <p>In a package of its own, outside {@code org.midihost.}, because the driver leaves out every
 * device whose info class is one of midihost's.
 */
public final class FakeHardware {
    // Replaced whole; the provider (a new instance at every Java Sound call) reads a snapshot.
    private static volatile List<FakePort> plugged = List.of();
    // Every port ever plugged: the provider must answer getDevice for any info it ever listed.
    private static final CopyOnWriteArrayList<FakePort> KNOWN = new CopyOnWriteArrayList<>();

    private FakeHardware() {
    }

    /** Unplugs everything. */
    public static synchronized void reset() {
        for (FakePort p : plugged) {
            p.close();
        }
        plugged = List.of();
    }

    /** @param ports ports to plug in, after those plugged already */
    public static synchronized void plug(FakePort... ports) {
        List<FakePort> next = new ArrayList<>(plugged);
        for (FakePort p : ports) {
            KNOWN.addIfAbsent(p);
            next.add(p);
        }
        plugged = List.copyOf(next);
    }

    /** @param port a port to unplug; an open one stops working, as a pulled USB cable does */
    public static synchronized void unplug(FakePort port) {
        List<FakePort> next = new ArrayList<>(plugged);
        next.remove(port);
        plugged = List.copyOf(next);
        port.unplugged();
    }

    /** Lists the plugged ports in the reverse order. */
    public static synchronized void reverse() {
        List<FakePort> next = new ArrayList<>(plugged);
        Collections.reverse(next);
        plugged = List.copyOf(next);
    }

    /** @return the ports plugged in now, in list order */
    public static List<FakePort> plugged() {
        return plugged;
    }

    static List<FakePort> known() {
        return KNOWN;
    }

    static boolean isPlugged(FakePort port) {
        return plugged.contains(port);
    }
}
