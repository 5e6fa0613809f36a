package org.midihost.driver.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.midihost.driver.rtp.Participant.await;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.midihost.spi.MidiDriver;
import org.midihost.testkit.Configs;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The component as DS activates it, with a recording stand-in for the framework (no OSGi here): it
 * registers its driver with the configured id and changes {@value RtpDriver#DEVICES} as sessions
 * come and go; deactivation unregisters. The real framework is left to a Pax Exam test (not yet).
 */
@Timeout(60)
class RtpDriverComponentTest {
    /** What one registration went through: its properties, in order, then "unregistered". */
    final List<Object> log = new CopyOnWriteArrayList<>();
    MidiDriver registered;
    /** The RtpSessions registration: its driver id, then "unregistered". */
    final List<Object> sessionsLog = new CopyOnWriteArrayList<>();

    @SuppressWarnings("unchecked")
    private BundleContext context() {
        ServiceRegistration<MidiDriver> registration = (ServiceRegistration<MidiDriver>) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {ServiceRegistration.class}, (p, m, args) -> {
                    switch (m.getName()) {
                        case "setProperties" -> log.add(devices((Dictionary<String, ?>) args[0]));
                        case "unregister" -> log.add("unregistered");
                        default -> throw new UnsupportedOperationException(m.getName());
                    }
                    return null;
                });
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (p, m, args) -> {
                    if (m.getName().equals("registerService") && args[0] == RtpSessions.class) {
                        // the internal service for the shell commands: its id, then its unregistration
                        sessionsLog.add(((Dictionary<String, ?>) args[2]).get(MidiDriver.ID));
                        return Proxy.newProxyInstance(getClass().getClassLoader(),
                                new Class<?>[] {ServiceRegistration.class}, (p2, m2, args2) -> {
                                    if (!m2.getName().equals("unregister")) {
                                        throw new UnsupportedOperationException(m2.getName());
                                    }
                                    sessionsLog.add("unregistered");
                                    return null;
                                });
                    }
                    if (!m.getName().equals("registerService") || args[0] != MidiDriver.class) {
                        throw new UnsupportedOperationException(m.getName());
                    }
                    registered = (MidiDriver) args[1];
                    Dictionary<String, ?> props = (Dictionary<String, ?>) args[2];
                    log.add(props.get(MidiDriver.ID));
                    log.add(devices(props));
                    return registration;
                });
    }

    private static List<String> devices(Dictionary<String, ?> props) {
        return List.of((String[]) props.get(RtpDriver.DEVICES));
    }

    private static Map<String, Object> properties(Object... keysAndValues) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    @Test
    void registersItselfAndChangesItsDevicePropertyWithTheSessions() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        int port = Participant.freePair(lo);
        RtpDriver driver = new RtpDriver(Configs.of(RtpDriver.Config.class, "name", "here", "port", port,
                "midihost.driver.id", "rtp-here"), context(), properties("midihost.driver.id", "rtp-here"));
        assertThat(log).containsExactly("rtp-here", List.of());
        try (RtpDevices there = new RtpDevices(Settings.of(Configs.of(RtpDriver.Config.class, "name", "there",
                "port", Participant.freePair(lo), "peers", new String[] {"127.0.0.1:" + port})), p -> { })) {
            await("the session up", () -> log.contains(List.of("rtp there")));
            assertThat(registered.outDevices()).extracting(d -> d.id()).containsExactly("there");
            assertThat(driver.sessions().sessions()).hasSize(1);
            assertThat(driver.sessions().end("there")).isTrue();
            await("the devices gone", () -> log.get(log.size() - 1).equals(List.of()));
        }
        driver.deactivate();
        assertThat(log.get(log.size() - 1)).isEqualTo("unregistered");
        assertThat(sessionsLog).containsExactly("rtp-here", "unregistered");
    }

    @Test
    void aBadConfigurationOrABusyPortFailsTheActivationNamingIt() throws Exception {
        assertThatThrownBy(() -> new RtpDriver(Configs.of(RtpDriver.Config.class, "peers", new String[] {"nohost"}),
                context(), Map.of())).hasMessageContaining("peers 'nohost'");
        assertThatThrownBy(() -> new RtpDriver(Configs.of(RtpDriver.Config.class, "port", 70000), context(), Map.of()))
                .hasMessageContaining("port 70000");
        int port = Participant.freePair(InetAddress.getByName("127.0.0.1"));
        RtpDriver first = new RtpDriver(Configs.of(RtpDriver.Config.class, "port", port), context(), Map.of());
        try {
            assertThatThrownBy(() -> new RtpDriver(Configs.of(RtpDriver.Config.class, "port", port), context(),
                    Map.of())).hasMessageContaining("cannot bind 127.0.0.1:" + port);
        } finally {
            first.deactivate();
        }
    }
}
