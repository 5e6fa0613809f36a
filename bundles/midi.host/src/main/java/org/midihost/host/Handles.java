package org.midihost.host;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import org.midihost.api.MidiException;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.MmResult;
import org.midihost.api.OpenOptions;

/**
 * Opens handles on devices: what a handle needs from the host (the reconnect waiting list and the
 * host's callback executor), given once.
 */
final class Handles {
    private final Reconnects reconnects;
    private final Executor callbackExecutor;
    private final ScheduledExecutorService timers;
    private final Relay relay;
    final Thru thru;

    Handles(Reconnects reconnects, Executor callbackExecutor, ScheduledExecutorService timers, Relay relay, Thru thru) {
        this.reconnects = reconnects;
        this.callbackExecutor = callbackExecutor;
        this.timers = timers;
        this.relay = relay;
        this.thru = thru;
    }

    MidiOut openOut(Device d, MidiOutCallback callback, OpenOptions options) throws MidiException {
        checkArgs(callback, options);
        OutHandle h = new OutHandle(reconnects, callbackExecutor, timers, d, callback, options, thru);
        h.attach(d);
        return h;
    }

    MidiIn openIn(Device d, MidiInCallback callback, OpenOptions options) throws MidiException {
        checkArgs(callback, options);
        InHandle h = new InHandle(reconnects, callbackExecutor, timers, d, callback, options, false, thru);
        h.attach(d);
        return h;
    }

    /**
     * A spy on output {@code d}: an input handle fed by the output's senders. Its callbacks go
     * through the {@link Relay} to the options' executor or the host's, never DIRECT: the senders
     * only queue, holding the output's gate.
     */
    MidiIn openSpy(Device d, MidiInCallback callback, OpenOptions options) throws MidiException {
        checkArgs(callback, options);
        Executor target = options.executor() != null ? options.executor() : callbackExecutor;
        OpenOptions relayed = options.executor(relay.wrap(target));
        InHandle h = new InHandle(reconnects, callbackExecutor, timers, d, callback, relayed, true, thru);
        h.attach(d);
        return h;
    }

    static void checkArgs(Object callback, OpenOptions options) throws MidiException {
        if (callback == null || options == null) {
            throw new MidiException(MmResult.MMSYSERR_INVALPARAM, callback == null ? "callback is null"
                    : "options are null");
        }
    }
}
