package org.midihost.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.midihost.api.DriverState;
import org.midihost.spi.MidiDriver;

/** Which driver holds an id, which waits for it, which was refused: what midi:drivers shows. */
class DriverStatesTest {
    final Host host = new Host();

    @AfterEach
    void close() {
        host.close();
    }

    private static Map<String, Object> props(String id, long serviceId, long bundleId) {
        Map<String, Object> p = new HashMap<>();
        if (id != null) {
            p.put(MidiDriver.ID, id);
        }
        p.put("service.id", serviceId);
        p.put("service.bundleid", bundleId);
        return p;
    }

    @Test
    void aDriverWaitingForAnIdNamesTheOneThatHoldsIt() {
        TestDriver first = new TestDriver("x", 10, 1, 0, true);
        TestDriver second = new TestDriver("x", 10, 1, 0, true);
        TestDriver nameless = new TestDriver("y", 10, 1, 0, true);
        host.addDriver(first, props("x", 40, 7));
        host.addDriver(second, props("x", 41, 8));
        host.addDriver(nameless, props(null, 42, 9));
        assertThat(host.drivers()).containsExactly(
                new DriverState("x", 40, 7, DriverState.Status.BOUND, -1),
                new DriverState("x", 41, 8, DriverState.Status.WAITING, 40),
                new DriverState("", 42, 9, DriverState.Status.REFUSED, -1));

        host.removeDriver(first); // the waiting one takes over
        assertThat(host.drivers()).containsExactly(
                new DriverState("x", 41, 8, DriverState.Status.BOUND, -1),
                new DriverState("", 42, 9, DriverState.Status.REFUSED, -1));
    }
}
