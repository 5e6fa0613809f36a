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

    Handles(Reconnects reconnects, Executor callbackExecutor, ScheduledExecutorService timers) {
        this.reconnects = reconnects;
        this.callbackExecutor = callbackExecutor;
        this.timers = timers;
    }

    MidiOut openOut(Device d, MidiOutCallback callback, OpenOptions options) throws MidiException {
        checkArgs(callback, options);
        OutHandle h = new OutHandle(reconnects, callbackExecutor, timers, d, callback, options);
        h.attach(d);
        return h;
    }

    MidiIn openIn(Device d, MidiInCallback callback, OpenOptions options) throws MidiException {
        checkArgs(callback, options);
        InHandle h = new InHandle(reconnects, callbackExecutor, timers, d, callback, options);
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
