package org.midihost.shell;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MidiHost;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;
import org.midihost.api.MidiStream;
import org.midihost.api.OpenOptions;
import org.midihost.api.TimeDivision;
import org.midihost.stream.smf.Smf;
import org.midihost.stream.smf.SmfEvent;
import org.midihost.stream.smf.SmfTrack;
import org.midihost.stream.smf.SmfWriter;

/**
 * {@code midi:record}: an input's messages, with their time stamps, into a type-1 Standard MIDI
 * File: a conductor track (tempo 120 beats per minute, 4/4, the input's name) and one track of
 * what arrived, at {@code ppq} ticks per quarter note. System-exclusive messages are kept whole.
 */
final class Recording implements MidiInCallback {
    private static final int SYSEX_BUFFERS = 8;
    private static final int SYSEX_BUFFER_SIZE = 64 * 1024;

    private final double nanosPerTick;
    /** Guards the fields below: the callbacks (on the handle's host thread) and the command thread. */
    private final Object lock = new Object();
    private final List<SmfEvent> events = new ArrayList<>();
    private final ByteArrayOutputStream sysex = new ByteArrayOutputStream();
    private long startNanos;
    private boolean stopped;
    private int errors;
    private long lost;
    private MidiIn in;
    private final CountDownLatch closed = new CountDownLatch(1);

    private Recording(int ppq) {
        this.nanosPerTick = MidiStream.DEFAULT_TEMPO * 1000.0 / ppq;
    }

    /** Commands to run once the input listens. */
    @FunctionalInterface
    interface Then {
        Object run() throws Exception;
    }

    static void run(MidiHost host, String id, Path file, double seconds, int ppq, PrintStream out, Then then)
            throws Exception {
        Recording r = new Recording(ppq);
        OptionalInt deviceId = DeviceIds.deviceId(id);
        MidiIn in = deviceId.isPresent() ? host.openIn(deviceId.getAsInt(), r, OpenOptions.defaults())
                : host.openIn(id, r, OpenOptions.defaults());
        boolean interrupted = false;
        String why;
        try {
            synchronized (r.lock) {
                r.in = in;
                r.startNanos = System.nanoTime();
            }
            for (int i = 0; i < SYSEX_BUFFERS; i++) {
                MidiHeader h = new MidiHeader(new byte[SYSEX_BUFFER_SIZE]);
                in.prepareHeader(h);
                in.addBuffer(h);
            }
            in.start();
            out.println("recording in " + id + " " + in.caps().endpointId() + " \"" + in.caps().productName() + "\" to "
                    + file + (seconds > 0 ? " for " + seconds + " s" : " until ^C") + " (" + ppq
                    + " ticks per quarter note, 120 beats per minute)");
            out.flush();
            if (then != null) {
                then.run();
            }
            try {
                boolean gone = seconds > 0 ? r.closed.await((long) (seconds * 1e9), TimeUnit.NANOSECONDS) : waitForever(r);
                why = gone ? "the input went away" : seconds + " s";
            } catch (InterruptedException e) {
                interrupted = true;
                why = "interrupted";
            }
            synchronized (r.lock) {
                r.stopped = true;
            }
            if (in.isOpen()) {
                in.reset();
                in.close();
            }
        } catch (Exception e) {
            synchronized (r.lock) {
                r.stopped = true;
            }
            DeviceCommands.closeAfterFailure(() -> {
                in.reset();
                in.close();
            }, e);
            throw e;
        }
        try {
            int n = r.write(file, in.caps().productName(), ppq);
            out.println("recorded " + n + " message(s), " + FileCommands.time(r.lengthMillis()) + ", to "
                    + file.toAbsolutePath() + " (" + why + ")"
                    + (r.errors > 0 ? "; " + r.errors + " malformed message(s) left out" : "")
                    + (r.lost > 0 ? "; " + r.lost + " message(s) lost to overflow" : ""));
            out.flush();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean waitForever(Recording r) throws InterruptedException {
        r.closed.await();
        return true;
    }

    private long tick(long nanos) {
        return Math.max(0, Math.round((nanos - startNanos) / nanosPerTick));
    }

    private long lengthMillis() {
        synchronized (lock) {
            return events.isEmpty() ? 0 : Math.round(events.get(events.size() - 1).tick() * nanosPerTick / 1e6);
        }
    }

    private int write(Path file, String name, int ppq) throws IOException {
        List<SmfEvent> recorded;
        synchronized (lock) {
            recorded = List.copyOf(events);
        }
        long end = recorded.isEmpty() ? 0 : recorded.get(recorded.size() - 1).tick();
        List<SmfEvent> conductor = List.of(
                SmfEvent.text(0, SmfEvent.META_TRACK_NAME, "recorded by midihost from " + name),
                SmfEvent.timeSignature(0, 4, 4, 24, 8),
                SmfEvent.tempo(0, MidiStream.DEFAULT_TEMPO));
        List<SmfEvent> track = new ArrayList<>(recorded.size() + 1);
        track.add(SmfEvent.text(0, SmfEvent.META_TRACK_NAME, name));
        track.addAll(recorded);
        Smf smf = Smf.of(1, TimeDivision.ppq(ppq), List.of(new SmfTrack(conductor, end), new SmfTrack(track, end)));
        new SmfWriter().write(smf, file);
        return recorded.size();
    }

    @Override
    public void onData(MidiIn handle, int message, long millis, long nanos) {
        int status = message & 0xFF;
        synchronized (lock) {
            if (stopped) {
                return;
            }
            if (status >= 0x80 && status < 0xF0) {
                events.add(SmfEvent.channel(tick(nanos), message));
            } else {
                // system common and real time: an F7 escape event carries the raw bytes
                int length = status == 0xF2 ? 3 : status == 0xF1 || status == 0xF3 ? 2 : 1;
                byte[] b = new byte[length];
                for (int i = 0; i < length; i++) {
                    b[i] = (byte) (message >> (8 * i));
                }
                events.add(SmfEvent.escape(tick(nanos), b));
            }
        }
    }

    @Override
    public void onLongData(MidiIn handle, MidiHeader header, long millis, long nanos) {
        int n = header.bytesRecorded();
        synchronized (lock) {
            if (n > 0 && !stopped) {
                sysex.write(header.data(), 0, n);
                if (header.data()[n - 1] == (byte) 0xF7) {
                    events.add(SmfEvent.sysex(tick(nanos), sysex.toByteArray()));
                    sysex.reset();
                }
            }
            requeue(header);
        }
    }

    @Override
    public void onError(MidiIn handle, int message, long millis, long nanos) {
        synchronized (lock) {
            errors++;
        }
    }

    @Override
    public void onLongError(MidiIn handle, MidiHeader header, long millis, long nanos) {
        synchronized (lock) {
            errors++;
            sysex.reset();
            requeue(header);
        }
    }

    @Override
    public void onOverflow(MidiIn handle, long count) {
        synchronized (lock) {
            lost += count;
        }
    }

    @Override
    public void onClose(MidiIn handle) {
        closed.countDown();
    }

    /** Gives a buffer back to the input unless recording stopped. Holding {@link #lock}. */
    private void requeue(MidiHeader header) {
        if (stopped || in == null) {
            return;
        }
        try {
            in.addBuffer(header);
        } catch (MidiException e) {
            // the handle is closing or its driver went: CLOSE follows
        }
    }
}
