package org.midihost.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.midihost.api.MidiInCaps;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.OpenOptions;
import org.midihost.driver.loopback.LoopbackDriver;
import org.midihost.host.Host;
import org.midihost.spi.MidiDriver;
import org.midihost.testkit.Configs;

/**
 * {@link TrafficTap} on the real host and a loopback cable: a browser that does not read makes the
 * tap drop (and count) rather than grow or block the host; the cable's driver going and coming
 * back gives {@code closed} and {@code reopened} and the tap hears again; closing releases the input.
 */
@Timeout(60)
class TrafficTapHostTest {
    final Host host = new Host();
    final LoopbackDriver loopback = new LoopbackDriver(Configs.of(LoopbackDriver.Config.class, "cables", 1));

    @AfterEach
    void tearDown() {
        host.close();
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(5); // bounded polling of the tap's counter
        }
    }

    private List<String> drain(TrafficTap tap) throws InterruptedException {
        List<String> all = new ArrayList<>();
        List<String> batch;
        while (!(batch = tap.take(0, TimeUnit.MILLISECONDS)).isEmpty()) {
            all.addAll(batch);
        }
        return all;
    }

    @Test
    void aBrowserThatDoesNotReadGetsADroppedCountNotAStalledHost() throws Exception {
        host.addDriver(loopback, Map.of(MidiDriver.ID, "loopback"));
        TrafficTap tap = new TrafficTap(host);
        tap.openInput("loopback/0");
        int sent = TrafficTap.QUEUE_CAPACITY + 904;
        try (MidiOut out = host.openOut("loopback/0", MidiOutCallback.NONE, OpenOptions.direct())) {
            for (int i = 0; i < sent; i++) {
                out.shortMsg(0x643C90);
            }
        }
        await("every message heard", () -> tap.heard() == sent);
        List<String> tick = tap.tick(1.0);
        assertThat(tick).contains("event: dropped\ndata: {\"count\":904}\n\n",
                "event: rate\ndata: {\"endpoint\":\"loopback/0\",\"dir\":\"in\",\"perSecond\":" + sent + "}\n\n");
        List<String> frames = drain(tap);
        assertThat(frames).hasSize(TrafficTap.QUEUE_CAPACITY).allMatch(f -> f.startsWith("event: midi\n"));
        assertThat(tap.tick(1.0)).as("reported once").noneMatch(f -> f.startsWith("event: dropped"));

        MidiInCaps in = host.inDevices().devices().get(0);
        assertThat(host.openHandles(in)).isEqualTo(1);
        tap.close();
        tap.close();
        assertThat(host.openHandles(in)).as("closing the tap closes the input").isZero();
    }

    @Test
    void theDriverGoingAndComingBackGivesClosedAndReopenedAndTheTapHearsAgain() throws Exception {
        host.addDriver(loopback, Map.of(MidiDriver.ID, "loopback"));
        try (TrafficTap tap = new TrafficTap(host)) {
            tap.openInput("loopback/0");
            tap.spyOutput("loopback/0");
            host.removeDriver(loopback);
            List<String> closed = new ArrayList<>();
            await("closed for both", () -> {
                try {
                    closed.addAll(tap.take(0, TimeUnit.MILLISECONDS));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return closed.stream().filter(f -> f.startsWith("event: closed\n")).count() == 2;
            });
            assertThat(closed).contains("event: closed\ndata: {\"endpoint\":\"loopback/0\",\"dir\":\"in\"}\n\n",
                    "event: closed\ndata: {\"endpoint\":\"loopback/0\",\"dir\":\"out\"}\n\n");

            host.addDriver(loopback, Map.of(MidiDriver.ID, "loopback"));
            List<String> ticks = new ArrayList<>();
            await("reopened for both", () -> {
                ticks.addAll(tap.tick(1.0));
                return ticks.stream().filter(f -> f.startsWith("event: reopened\n")).count() == 2;
            });
            try (MidiOut out = host.openOut("loopback/0", MidiOutCallback.NONE, OpenOptions.direct())) {
                out.shortMsg(0x003C80);
            }
            await("the note off heard at both ends", () -> tap.heard() == 2);
            assertThat(drain(tap)).anyMatch(f -> f.contains("\"dir\":\"in\"") && f.contains("\"hex\":\"80 3C 00\""))
                    .anyMatch(f -> f.contains("\"dir\":\"out\"") && f.contains("\"hex\":\"80 3C 00\""));
        }
    }
}
