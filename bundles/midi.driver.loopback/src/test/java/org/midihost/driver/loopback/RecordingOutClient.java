package org.midihost.driver.loopback;

import java.util.ArrayList;
import java.util.List;
import org.midihost.api.MidiHeader;
import org.midihost.spi.OutClient;

/** An OutClient that records the headers handed back, and runs a hook first (to check ordering). */
class RecordingOutClient implements OutClient {
    private final List<MidiHeader> done = new ArrayList<>();
    private volatile Runnable onDone = () -> { };

    @Override
    public synchronized void done(MidiHeader header) {
        onDone.run();
        done.add(header);
    }

    void onDone(Runnable hook) {
        this.onDone = hook;
    }

    synchronized List<MidiHeader> done() {
        return List.copyOf(done);
    }
}
