package org.midihost.route.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.midihost.api.MidiException;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.MmResult;
import org.midihost.api.OpenOptions;
import org.midihost.driver.loopback.LoopbackDriver;
import org.midihost.host.Host;
import org.midihost.route.RouteInfo;
import org.midihost.spi.MidiDriver;
import org.midihost.testkit.Configs;

/**
 * Routes through the real host on loopback cables: what goes into cable 0 comes in at input 0, the
 * route takes it to output 1, and it comes in at input 1, transformed. A driver swap makes the
 * route wait and then carry again; a cycle is refused.
 */
@Timeout(60)
class RouterTest {
    final Host host = new Host();
    LoopbackDriver loopback = cables(2);
    Router router;
    final List<RouteComponent> components = new java.util.ArrayList<>();
    final LinkedBlockingQueue<Integer> atInput1 = new LinkedBlockingQueue<>();
    MidiIn in1;
    MidiOut out0;

    static LoopbackDriver cables(int n) {
        return new LoopbackDriver(Configs.of(LoopbackDriver.Config.class, "cables", n));
    }

    @BeforeEach
    void setUp() throws MidiException {
        host.addDriver(loopback, Map.of(MidiDriver.ID, "loopback"));
        router = new Router(host);
        openEnds();
    }

    private void openEnds() throws MidiException {
        in1 = host.openIn("loopback/1", new MidiInCallback() {
            @Override
            public void onData(MidiIn in, int message, long millis, long nanos) {
                atInput1.add(message);
            }
        }, OpenOptions.direct().reconnect(true));
        in1.start();
        out0 = host.openOut("loopback/0", MidiOutCallback.NONE, OpenOptions.direct().reconnect(true));
    }

    @AfterEach
    void tearDown() {
        components.forEach(RouteComponent::deactivate);
        router.close();
        host.close();
    }

    private RouteComponent route(Object... keysAndValues) {
        Map<String, Object> props = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            props.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        RouteComponent c = new RouteComponent(props, router, host);
        components.add(c);
        return c;
    }

    private RouteInfo info(String name) {
        return router.route(name).orElseThrow();
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as(what + " within 10 s").isNegative();
            Thread.sleep(5); // polling with a bound: the router opens ends on its own thread
        }
    }

    @Test
    void aRouteCarriesTransformedMessagesAndCountsThem() throws Exception {
        route("name", "split", "from", "loopback/0", "to", "loopback/1", "notes", "60-127", "transpose", "12",
                "channel.map", "1=2");
        await("route active", () -> info("split").state() == RouteInfo.State.ACTIVE);
        out0.shortMsg(0x643C90); // C4 on, channel 1: passes, up an octave, to channel 2
        out0.shortMsg(0x643B90); // B3: below the split, filtered
        out0.shortMsg(0x003C80); // C4 off
        assertThat(atInput1.poll(5, TimeUnit.SECONDS)).isEqualTo(0x644891);
        assertThat(atInput1.poll(5, TimeUnit.SECONDS)).isEqualTo(0x004881);
        RouteInfo i = info("split");
        assertThat(i.passed()).isEqualTo(2);
        assertThat(i.filtered()).isEqualTo(1);
        assertThat(i.dropped()).isZero();
        assertThat(atInput1.poll(100, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void aRouteThatWouldCloseACycleIsRefusedNamingIt() {
        assertThatThrownBy(() -> route("name", "loop", "from", "loopback/0", "to", "loopback/0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("route 'loop' would close a cycle: loopback/0 (in) \u2192 loopback/0 (out) \u2192 loopback/0 (in)");
        route("name", "a", "from", "loopback/0", "to", "loopback/1");
        assertThatThrownBy(() -> router.check("loopback/1", List.of("loopback/0"))).isInstanceOf(MidiException.class)
                .hasMessageContaining("loopback/1 (in) \u2192 loopback/0 (out) \u2192 loopback/0 (in) \u2192 loopback/1 (out)")
                .extracting(e -> ((MidiException) e).result()).isEqualTo(MmResult.MMSYSERR_INVALPARAM);
        assertThat(router.routes()).extracting(RouteInfo::name).containsExactly("a");
    }

    @Test
    void badConfigurationsAreRefusedInOneLine() {
        assertThatThrownBy(() -> route("name", "x", "to", "loopback/1")).hasMessage("route 'x': no 'from' (the input endpoint id)");
        assertThatThrownBy(() -> route("name", "x", "from", "loopback/0")).hasMessage("route 'x': no 'to' (output endpoint ids)");
        assertThatThrownBy(() -> route("name", "x", "from", "loopback/0", "to", "loopback/1", "channels", "17"))
                .hasMessageStartingWith("route 'x': ").hasMessageContaining("17");
        assertThatThrownBy(() -> route("name", "x", "from", "loopback/0", "to", "loopback/1", "rate", "fast"))
                .hasMessageContaining("rate 'fast'");
        assertThat(router.routes()).isEmpty();
    }

    @Test
    void aRouteWaitsWhileItsDriverIsGoneAndCarriesAgainWhenTheSameEndpointsComeBack() throws Exception {
        route("name", "thru", "from", "loopback/0", "to", "loopback/1");
        await("route active", () -> info("thru").state() == RouteInfo.State.ACTIVE);
        out0.shortMsg(0x643C90);
        assertThat(atInput1.poll(5, TimeUnit.SECONDS)).isEqualTo(0x643C90);

        host.removeDriver(loopback);
        await("route waiting", () -> info("thru").state() == RouteInfo.State.WAITING);
        assertThat(info("thru").waitingFor()).containsExactly("loopback/0", "loopback/1");
        // Another driver takes the device numbers: nothing the route holds may reach it.
        RecordingDriver other = new RecordingDriver();
        host.addDriver(other, Map.of(MidiDriver.ID, "other"));
        assertThat(host.outCaps(1).endpointId()).isEqualTo("other/1");

        loopback = cables(2);
        host.addDriver(loopback, Map.of(MidiDriver.ID, "loopback"));
        await("route active again", () -> info("thru").state() == RouteInfo.State.ACTIVE);
        await("test's own ends back", () -> {
            try {
                out0.shortMsg(0x643D90);
                return true;
            } catch (MidiException e) {
                return false;
            }
        });
        assertThat(atInput1.poll(5, TimeUnit.SECONDS)).isEqualTo(0x643D90);
        assertThat(other.received()).isEmpty();
    }

    @Test
    void aRouteToAnEndpointNotYetPresentWaitsForIt() throws Exception {
        route("name", "later", "from", "loopback/0", "to", "loopback/2");
        await("route registered", () -> router.route("later").isPresent());
        assertThat(info("later").state()).isEqualTo(RouteInfo.State.WAITING);
        assertThat(info("later").waitingFor()).containsExactly("loopback/2");
        LinkedBlockingQueue<Integer> atInput2 = new LinkedBlockingQueue<>();
        host.removeDriver(loopback);
        loopback = cables(3);
        host.addDriver(loopback, Map.of(MidiDriver.ID, "loopback"));
        await("route active", () -> info("later").state() == RouteInfo.State.ACTIVE);
        MidiIn in2 = host.openIn("loopback/2", new MidiInCallback() {
            @Override
            public void onData(MidiIn in, int message, long millis, long nanos) {
                atInput2.add(message);
            }
        }, OpenOptions.direct());
        in2.start();
        MidiOut o = host.openOut("loopback/0", MidiOutCallback.NONE, OpenOptions.direct());
        o.shortMsg(0x7F07B0);
        assertThat(atInput2.poll(5, TimeUnit.SECONDS)).isEqualTo(0x7F07B0);
        o.close();
        in2.reset();
        in2.close();
    }

    @Test
    void aRouteOverItsRateDropsAndCountsTheRest() throws Exception {
        route("name", "slow", "from", "loopback/0", "to", "loopback/1", "rate", "100");
        await("route active", () -> info("slow").state() == RouteInfo.State.ACTIVE);
        for (int i = 0; i < 5000; i++) {
            out0.shortMsg(0x7F07B0);
        }
        RouteInfo i = info("slow");
        assertThat(i.throttled()).isGreaterThan(4000);
        assertThat(i.passed() + i.dropped()).isEqualTo(5000);
        assertThat(i.dropped()).isEqualTo(i.throttled());
    }
}
