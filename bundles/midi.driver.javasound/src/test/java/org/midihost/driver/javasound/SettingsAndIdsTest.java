package org.midihost.driver.javasound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.sound.midi.MidiDevice;
import org.junit.jupiter.api.Test;
import org.midihost.testkit.Configs;

/** The pieces without Java Sound: the configuration, the slugs, the rule for midihost's own devices. */
class SettingsAndIdsTest {
    private static Settings settings(Object... config) {
        return Settings.of(Configs.of(JavaSoundDriver.Config.class, config));
    }

    @Test
    void badValuesAreRefusedNamingTheProperty() {
        assertThatThrownBy(() -> settings("rescan", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("rescan 0 ms");
        assertThatThrownBy(() -> settings("rescan", 3_600_001)).hasMessageStartingWith("rescan ");
        assertThatThrownBy(() -> settings("midihost_driver_id", "java/sound"))
                .hasMessageStartingWith("midihost.driver.id 'java/sound'");
        assertThat(settings().rescanMillis()).isEqualTo(2000);
        assertThat(settings().driverId()).isEqualTo("javasound");
    }

    @Test
    void globsMatchTheWholeNameOrIdWithoutRegardToCase() {
        Settings s = settings("include", new String[] {"key?", "javasound/pad*"}, "exclude", new String[] {"*#2"});
        assertThat(s.admits("KEYS", "keys-x")).isTrue();
        assertThat(s.admits("Keys 2", "keys-2-x")).isFalse();
        assertThat(s.admits("Drum", "pad-1")).isTrue();
        assertThat(s.admits("Keys", "keys-x#2")).isFalse();
        // Regular expression characters are literal in a glob.
        Settings dots = settings("include", new String[] {"a.b (c)"});
        assertThat(dots.admits("a.b (c)", "x")).isTrue();
        assertThat(dots.admits("axb (c)", "x")).isFalse();
        assertThat(settings().admits("anything", "x")).isTrue();
    }

    @Test
    void slugsAreReadableShortAndDistinct() {
        assertThat(EndpointIds.slug("UM-ONE", "Roland", "UM-ONE", "1.0")).isEqualTo("um-one-roland-1-0");
        assertThat(EndpointIds.slug("Port [hw:1,0,0]", "ALSA (http://www.alsa-project.org)", "", null))
                .isEqualTo("port-hw-1-0-0-alsa-http-www-alsa-project-org");
        assertThat(EndpointIds.slug("Café Synth", "", "", "")).isEqualTo("cafe-synth");
        String japanese = EndpointIds.slug("シンセ", "", "", "");
        assertThat(japanese).matches("device-[0-9a-f]{8}");
        assertThat(EndpointIds.slug("シンセ 2", "", "", "")).isNotEqualTo(japanese).startsWith("2-");
        String longOne = EndpointIds.slug("x".repeat(200), "vendor", "", "");
        assertThat(longOne).hasSizeLessThanOrEqualTo(EndpointIds.MAX_SLUG).matches("x+-[0-9a-f]{8}");
        assertThat(EndpointIds.slug(null, null, null, null)).startsWith("device-");
        assertThat(EndpointIds.id("a", 1)).isEqualTo("a");
        assertThat(EndpointIds.id("a", 2)).isEqualTo("a#2");
        assertThat(EndpointIds.slugOf("a#2")).isEqualTo("a");
    }

    @Test
    void midihostsOwnDevicesAreKnownByVendorOrInfoClass() {
        assertThat(OwnDevices.isMidihostDevice(outside("Loopback 1", "midihost"))).isTrue();
        assertThat(OwnDevices.isMidihostDevice(outside("Loopback 1", " MidiHost "))).isTrue();
        assertThat(OwnDevices.isMidihostDevice(outside("Loopback 1", "midihost fan club"))).isFalse();
        assertThat(OwnDevices.isMidihostDevice(outside("Loopback 1", null))).isFalse();
        assertThat(OwnDevices.isMidihostDevice(outside("UM-ONE", "Roland"))).isFalse();
        // This test's package is midihost's: an info of a class declared here is one of its own.
        assertThat(OwnDevices.isMidihostDevice(new Info("Anything", "Roland"))).isTrue();
    }

    /** An info of a class outside midihost's packages. */
    private static MidiDevice.Info outside(String name, String vendor) {
        return new com.example.fakemidi.FakePort.FakeInfo(name, vendor, "", "");
    }

    static final class Info extends MidiDevice.Info {
        Info(String name, String vendor) {
            super(name, vendor, "", "");
        }
    }
}
