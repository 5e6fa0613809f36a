package org.midihost.shell;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.midihost.api.MidiHost;
import org.midihost.api.MidiIn;
import org.midihost.api.OpenOptions;
import org.midihost.stream.smf.SmfRecorder;
import org.midihost.stream.smf.SmfWriter;

/**
 * {@code midi:record}: an input's messages, with their time stamps, into a type-1 Standard MIDI
 * File, through the stream bundle's {@link SmfRecorder} (a conductor track at 120 beats per
 * minute, 4/4, and one track of what arrived, at {@code ppq} ticks per quarter note).
 */
final class Recording {
    private Recording() {
    }

    /** Commands to run once the input listens. */
    @FunctionalInterface
    interface Then {
        Object run() throws Exception;
    }

    static void run(MidiHost host, String id, Path file, double seconds, int ppq, PrintStream out, Then then)
            throws Exception {
        SmfRecorder r = new SmfRecorder(ppq, Long.MAX_VALUE);
        OptionalInt deviceId = DeviceIds.deviceId(id);
        MidiIn in = deviceId.isPresent() ? host.openIn(deviceId.getAsInt(), r, OpenOptions.defaults())
                : host.openIn(id, r, OpenOptions.defaults());
        boolean interrupted = false;
        String why;
        try {
            r.start(in);
            out.println("recording in " + id + " " + in.caps().endpointId() + " \"" + in.caps().productName() + "\" to "
                    + file + (seconds > 0 ? " for " + seconds + " s" : " until ^C") + " (" + ppq
                    + " ticks per quarter note, 120 beats per minute)");
            out.flush();
            if (then != null) {
                then.run();
            }
            try {
                boolean gone = seconds > 0 ? r.awaitEnd((long) Math.ceil(seconds * 1e3)) : r.awaitEnd(Long.MAX_VALUE);
                why = gone ? "the input went away" : seconds + " s";
            } catch (InterruptedException e) {
                interrupted = true;
                why = "interrupted";
            }
            r.stop();
            if (in.isOpen()) {
                in.reset();
                in.close();
            }
        } catch (Exception e) {
            r.stop();
            DeviceCommands.closeAfterFailure(() -> {
                in.reset();
                in.close();
            }, e);
            throw e;
        }
        try {
            new SmfWriter().write(r.toSmf(in.caps().productName()), file);
            out.println("recorded " + r.events() + " message(s), " + FileCommands.time(r.lengthMillis()) + ", to "
                    + file.toAbsolutePath() + " (" + why + ")"
                    + (r.errors() > 0 ? "; " + r.errors() + " malformed message(s) left out" : "")
                    + (r.lost() > 0 ? "; " + r.lost() + " message(s) lost to overflow" : ""));
            out.flush();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
