package org.midihost.shell;

import java.io.PrintStream;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MidiHost;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;
import org.midihost.api.OpenOptions;
import org.midihost.stream.text.MessageText;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code midi:monitor [-o] ID [--count N] [--timeout S] [{ COMMANDS }]}: open an input and print
 * what arrives, time-stamped and decoded, like {@code receivemidi} or MIDI-OX; with {@code -o}
 * ({@code --out}), spy on an output instead ({@code MidiHost.openSpy}, as MIDI Monitor's "spy on
 * output to destinations") and print what every client sends to it. It ends after N messages,
 * after S seconds, when the shell interrupts it, or when the device goes away.
 *
 * <p>The optional closure runs once the input is listening, so that a script can monitor an
 * input and send to the output that feeds it without a race:
 * {@code midi:monitor 0 --count 1 --timeout 5 { midi:send 0 90 3C 64 }}.
 */
@Component(service = MonitorCommand.class, property = {
        "osgi.command.scope=midi",
        "osgi.command.function=monitor" })
public final class MonitorCommand {
    /** System-exclusive input buffers kept queued, and their size: recycled as soon as they come back. */
    private static final int SYSEX_BUFFERS = 8;
    private static final int SYSEX_BUFFER_SIZE = 64 * 1024;

    private final MidiHost host;

    /**
     * @param host the host whose inputs the command opens
     */
    @Activate
    public MonitorCommand(@Reference MidiHost host) {
        this.host = host;
    }

    /**
     * Monitor an input until the count, the timeout, an interrupt or the input's removal; a
     * closure after the id runs once the input listens.
     *
     * @param session the shell session, for its output
     * @param args {@code [-o] ID [--count N] [--timeout S] [{ COMMANDS }]}, or {@code --help}
     * @throws Exception {@link UsageException} for a missing or bad argument; {@link MidiException}
     *         from opening the input ({@code MMSYSERR_BADDEVICEID}, …); whatever the commands throw
     */
    @Descriptor(Help.MONITOR)
    public void monitor(CommandSession session,
            @Descriptor("[-o] ID [--count N] [--timeout S] [{ COMMANDS }]; --help for the usage") Object... args)
            throws Exception {
        Arguments a = Arguments.orHelp(session, Help.MONITOR_USAGE, args);
        if (a == null) {
            return;
        }
        boolean output = a.flag("--out");
        int count = a.count("--count", 0);
        double timeout = a.seconds("--timeout", 0);
        String id = a.operand("ID");
        Function then = a.closure();
        a.end();
        monitor(session, output, count, timeout, id, then);
    }

    private void monitor(CommandSession session, boolean output, int count, double timeout, String id, Function then)
            throws Exception {
        Listener listener = new Listener();
        OptionalInt deviceId = DeviceIds.deviceId(id);
        MidiIn in;
        if (output) {
            in = deviceId.isPresent() ? host.openSpy(deviceId.getAsInt(), listener, OpenOptions.defaults())
                    : host.openSpy(id, listener, OpenOptions.defaults());
        } else {
            in = deviceId.isPresent() ? host.openIn(deviceId.getAsInt(), listener, OpenOptions.defaults())
                    : host.openIn(id, listener, OpenOptions.defaults());
        }
        PrintStream out = session.getConsole();
        int seen;
        try {
            listener.attach(in);
            in.start();
            out.println("monitoring " + (output ? "out " : "in ") + id + " " + in.caps().endpointId() + " \"" + in.caps().productName() + "\""
                    + (count > 0 ? ", " + count + " message(s)" : "")
                    + (timeout > 0 ? ", " + timeout + " s" : "") + (count == 0 && timeout == 0 ? " until interrupted" : ""));
            out.flush();
            if (then != null) {
                then.execute(session, List.of());
            }
            seen = print(listener.events, out, count, timeout, output);
            listener.stop();
            in.reset();
        } catch (Exception e) {
            listener.stop();
            DeviceCommands.closeAfterFailure(() -> {
                in.reset();
                in.close();
            }, e);
            throw e;
        }
        in.close();
        out.println(seen + " message(s)");
        out.flush();
    }

    /** @return the number of messages printed */
    private static int print(BlockingQueue<Event> events, PrintStream out, int count, double timeout, boolean output) {
        long deadline = timeout > 0 ? System.nanoTime() + (long) (timeout * 1e9) : Long.MAX_VALUE;
        int seen = 0;
        try {
            while (count == 0 || seen < count) {
                long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                Event e = events.poll(left, TimeUnit.NANOSECONDS);
                if (e == null) {
                    break;
                }
                if (e.text == null) {
                    out.println(output ? "output closed" : "input closed");
                    break;
                }
                out.println(String.format("%10.3f  %s", e.millis / 1000.0, e.text));
                out.flush();
                if (e.counts) {
                    seen++;
                }
            }
        } catch (InterruptedException e) {
            // the shell stops the command (^C): end quietly, closing the input
            Thread.currentThread().interrupt();
        }
        return seen;
    }

    /** One line to print; {@code text == null} marks the end of input. */
    private record Event(long millis, String text, boolean counts) {
    }

    /**
     * The input's callbacks (delivered on the handle's host thread): decode, queue for the
     * command's thread, and give sysex buffers back to the input.
     */
    private static final class Listener implements MidiInCallback {
        final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        /** The long message being received; only the callback thread touches it. */
        private final SysexSummary sysex = new SysexSummary();
        // guards: stopped, and the addBuffer calls that must not happen once stop() returned
        // (else close would find a buffer queued)
        private final Object bufferLock = new Object();
        private boolean stopped;
        private volatile MidiIn in;

        void attach(MidiIn handle) throws MidiException {
            this.in = handle;
            for (int i = 0; i < SYSEX_BUFFERS; i++) {
                MidiHeader h = new MidiHeader(new byte[SYSEX_BUFFER_SIZE]);
                handle.prepareHeader(h);
                handle.addBuffer(h);
            }
        }

        void stop() {
            synchronized (bufferLock) {
                stopped = true;
            }
        }

        @Override
        public void onData(MidiIn handle, int message, long millis, long nanos) {
            events.add(new Event(millis, MessageText.shortMessage(message), true));
        }

        @Override
        public void onLongData(MidiIn handle, MidiHeader header, long millis, long nanos) {
            int n = header.bytesRecorded();
            if (n > 0) {
                // a long message comes in buffer-sized pieces: one line when its F7 arrives
                sysex.append(header.data(), n);
                if (header.data()[n - 1] == (byte) 0xF7) {
                    events.add(new Event(millis, sysex.text(), true));
                    sysex.clear();
                }
            }
            requeue(header);
        }

        @Override
        public void onError(MidiIn handle, int message, long millis, long nanos) {
            events.add(new Event(millis, "error " + MessageText.hex(message, 3), true));
        }

        @Override
        public void onLongError(MidiIn handle, MidiHeader header, long millis, long nanos) {
            sysex.append(header.data(), header.bytesRecorded());
            events.add(new Event(millis, "sysex error: cut short after " + sysex.text(), true));
            sysex.clear();
            requeue(header);
        }

        @Override
        public void onOverflow(MidiIn handle, long lost) {
            events.add(new Event(0, "overflow: " + lost + " message(s) lost", false));
        }

        @Override
        public void onClose(MidiIn handle) {
            events.add(new Event(0, null, false));
        }

        private void requeue(MidiHeader header) {
            synchronized (bufferLock) {
                if (stopped || in == null) {
                    return;
                }
                try {
                    in.addBuffer(header);
                } catch (MidiException e) {
                    // the handle is closing or its driver went: the end marker follows
                }
            }
        }
    }
}
