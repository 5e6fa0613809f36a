package org.midihost.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jline.reader.Candidate;
import org.midihost.api.DeviceCaps;
import org.midihost.api.MidiHost;

/**
 * Completion of the device argument of the {@code midi:} commands in the console: the device ids
 * ({@code 0}, {@code 1}, …) and endpoint ids ({@code loopback/0}) of the outputs for
 * {@code midi:send}, {@code midi:reset} and {@code midi:caps}, of the inputs for
 * {@code midi:monitor} and {@code midi:caps -i}. Only the first argument is a device: the words
 * after it (bytes, a closure) get nothing. Asked at each TAB, so the list is the host's current one.
 */
final class DeviceIdCompletion {
    /** Which device list a word on the command line is an id of. */
    enum Target {
        OUTPUT, INPUT, NONE
    }

    /** The options of midi:monitor that take a value (the word after them is not the device). */
    private static final Set<String> MONITOR_VALUED = Set.of("-n", "--count", "-t", "--timeout");

    private DeviceIdCompletion() {
    }

    /**
     * @param words the words of the command line, the command first
     * @param wordIndex the index of the word being completed
     * @return which device list the word names, if it is a {@code midi:} command's device argument
     */
    static Target target(List<String> words, int wordIndex) {
        if (words.isEmpty() || wordIndex < 1 || wordIndex > words.size()) {
            return Target.NONE;
        }
        String command = words.get(0);
        int colon = command.indexOf(':');
        if (colon >= 0 && !command.substring(0, colon).equals("midi")) {
            return Target.NONE;
        }
        String name = command.substring(colon + 1);
        Set<String> valued = name.equals("monitor") ? MONITOR_VALUED : Set.of();
        boolean input = name.equals("monitor");
        if (!name.equals("monitor") && !name.equals("send") && !name.equals("reset") && !name.equals("caps")) {
            return Target.NONE;
        }
        int i = 1;
        while (i < wordIndex) {
            String w = words.get(i);
            if (!w.startsWith("-")) {
                return Target.NONE; // the device came before: this is a byte, a closure, …
            }
            if (name.equals("caps") && (w.equals("-i") || w.equals("--input"))) {
                input = true;
            }
            i += valued.contains(w) ? 2 : 1;
        }
        if (i > wordIndex) {
            return Target.NONE; // the value of an option
        }
        return input ? Target.INPUT : Target.OUTPUT;
    }

    /**
     * @param host the host
     * @param words the words of the command line, the command first
     * @param wordIndex the index of the word being completed
     * @return the ids to offer: each device's number and endpoint id, described by its name
     */
    static List<Candidate> candidates(MidiHost host, List<String> words, int wordIndex) {
        Target target = target(words, wordIndex);
        if (target == Target.NONE) {
            return List.of();
        }
        List<? extends DeviceCaps> devices = target == Target.OUTPUT ? host.outDevices().devices() : host.inDevices().devices();
        List<Candidate> candidates = new ArrayList<>();
        for (int id = 0; id < devices.size(); id++) {
            DeviceCaps caps = devices.get(id);
            String number = String.valueOf(id);
            candidates.add(new Candidate(number, number, null, caps.productName() + " " + caps.endpointId(), null, null, true));
            candidates.add(new Candidate(caps.endpointId(), caps.endpointId(), null, caps.productName(), null, null, true));
        }
        return candidates;
    }
}
