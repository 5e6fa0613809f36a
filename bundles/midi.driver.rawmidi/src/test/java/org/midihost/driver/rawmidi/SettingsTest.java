package org.midihost.driver.rawmidi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.midihost.api.MidiException;
import org.midihost.api.MmResult;
import org.midihost.testkit.Configs;
import org.midihost.testkit.RecordingPort;

/** Configuration checks and the miniport's error codes. */
class SettingsTest {
    @Test
    void theDefaultsScanDevSnd() {
        Settings s = Settings.of(Configs.of(RawMidiDriver.Config.class));
        assertThat(s.configured()).isFalse();
        assertThat(s.scanDirectory()).isEqualTo(Path.of("/dev/snd"));
        assertThat(s.scanGlob()).isEqualTo("midiC*D*");
        assertThat(s.scanIntervalMillis()).isEqualTo(1000);
        assertThat(s.driverId()).isEqualTo("rawmidi");
        assertThat(s.runningStatus()).isFalse();
    }

    @Test
    void pathIsBothOutputAndInput() {
        Settings s = Settings.of(Configs.of(RawMidiDriver.Config.class, "path", "/dev/pts/7", "midihost_driver_id", " pty "));
        assertThat(s.output()).isEqualTo(Path.of("/dev/pts/7"));
        assertThat(s.input()).isEqualTo(Path.of("/dev/pts/7"));
        assertThat(s.driverId()).isEqualTo("pty");
    }

    @Test
    void badValuesAreRefusedWithAOneLineMessage() {
        assertThatThrownBy(() -> Settings.of(Configs.of(RawMidiDriver.Config.class, "path", "/a", "output", "/b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("either one read-write path");
        assertThatThrownBy(() -> Settings.of(Configs.of(RawMidiDriver.Config.class, "midihost_driver_id", "raw/midi")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("midihost.driver.id 'raw/midi'");
        assertThatThrownBy(() -> Settings.of(Configs.of(RawMidiDriver.Config.class, "midihost_driver_id", " ")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("midihost.driver.id");
        assertThatThrownBy(() -> Settings.of(Configs.of(RawMidiDriver.Config.class, "scanInterval", 5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("scanInterval 5 ms: must be 10..3600000");
        assertThatThrownBy(() -> Settings.of(Configs.of(RawMidiDriver.Config.class, "scanGlob", "midi[C")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("scanGlob 'midi[C'");
        assertThatThrownBy(() -> Settings.of(Configs.of(RawMidiDriver.Config.class, "scanGlob", "snd/midi*")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("file-name pattern");
        assertThatThrownBy(() -> Settings.of(Configs.of(RawMidiDriver.Config.class, "output", "/tmp/a\0b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("output '/tmp/a");
    }

    @Test
    void runningStatusIsReportedPerRenderDevice() {
        RawMidiMiniport on = new RawMidiMiniport(Settings.of(Configs.of(RawMidiDriver.Config.class, "output", "/nonexistent/x", "runningStatus", true)),
                p -> { });
        RawMidiMiniport off = new RawMidiMiniport(Settings.of(Configs.of(RawMidiDriver.Config.class, "output", "/nonexistent/x")), p -> { });
        assertThat(on.runningStatus(0)).isTrue();
        assertThat(off.runningStatus(0)).isFalse();
        on.close();
        off.close();
    }

    @Test
    void newStreamErrors(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path fifo = TestFiles.mkfifo(dir.resolve("midi"));
        RawMidiMiniport m = new RawMidiMiniport(Settings.of(Configs.of(RawMidiDriver.Config.class, "path", fifo.toString())), p -> { });
        try {
            assertCode(() -> m.newStream(0, false, new RecordingPort.Group()), MmResult.MMSYSERR_ERROR);
            m.init(new RecordingPort());
            assertCode(() -> m.newStream(1, false, new RecordingPort.Group()), MmResult.MMSYSERR_BADDEVICEID);
            assertCode(() -> m.newStream(-1, true, new RecordingPort.Group()), MmResult.MMSYSERR_BADDEVICEID);
            var out = m.newStream(0, false, new RecordingPort.Group());
            var in = m.newStream(0, true, new RecordingPort.Group());
            assertCode(() -> m.newStream(0, false, new RecordingPort.Group()), MmResult.MMSYSERR_ALLOCATED);
            assertCode(() -> m.newStream(0, true, new RecordingPort.Group()), MmResult.MMSYSERR_ALLOCATED);
            out.close();
            in.close();
            m.newStream(0, false, new RecordingPort.Group());
        } finally {
            m.close();
        }
        assertCode(() -> m.newStream(0, false, new RecordingPort.Group()), MmResult.MMSYSERR_NODRIVER);
    }

    private interface Call {
        Object run() throws Exception;
    }

    private static void assertCode(Call call, MmResult code) {
        assertThatThrownBy(call::run).isInstanceOf(MidiException.class)
                .extracting(e -> ((MidiException) e).result()).isEqualTo(code);
    }
}
