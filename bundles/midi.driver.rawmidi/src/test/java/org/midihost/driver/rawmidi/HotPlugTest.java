package org.midihost.driver.rawmidi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.midihost.driver.rawmidi.TestFiles.mkfifo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.midihost.api.MidiException;
import org.midihost.api.MmResult;
import org.midihost.spi.InDevice;
import org.midihost.spi.MiniportStream;
import org.midihost.spi.OutDevice;
import org.midihost.spi.StreamState;
import org.midihost.testkit.Configs;
import org.midihost.testkit.RecordingPort;

/**
 * Hot plug: the periodic scan of a directory (standing in for {@code /dev/snd}) adds a device when
 * a matching file appears and removes it when it vanishes, and tells the listener (the
 * component's service property) each time.
 */
@Timeout(60)
class HotPlugTest {
    @TempDir
    Path dir;
    RecordingPort port = new RecordingPort();
    LinkedBlockingQueue<List<String>> published = new LinkedBlockingQueue<>();
    RawMidiMiniport miniport;

    @AfterEach
    void close() {
        if (miniport != null) {
            miniport.close();
        }
    }

    private void scan(Object... config) {
        miniport = new RawMidiMiniport(Settings.of(Configs.of(RawMidiDriver.Config.class, config)), published::add);
        miniport.init(port);
        miniport.startScanning();
    }

    /** Waits for the scanner to publish {@code expected}, skipping earlier lists. */
    private void awaitPublished(String... expected) throws InterruptedException {
        List<String> want = List.of(expected);
        long deadline = System.nanoTime() + TestFiles.DEADLINE_MILLIS * 1_000_000L;
        List<String> last = null;
        while (true) {
            long left = deadline - System.nanoTime();
            List<String> got = left > 0 ? published.poll(left, TimeUnit.NANOSECONDS) : null;
            if (got == null) {
                throw new AssertionError("scanner never published " + want + "; last was " + last);
            }
            last = got;
            if (got.equals(want)) {
                return;
            }
        }
    }

    @Test
    void aFifoAppearingAddsADeviceAndVanishingRemovesIt() throws Exception {
        scan("scanDirectory", dir.toString(), "scanInterval", 20);
        assertThat(miniport.renderDevices()).isEmpty();

        Path c1 = mkfifo(dir.resolve("midiC1D0"));
        Files.writeString(dir.resolve("notes.txt"), "not a device: the glob does not match");
        awaitPublished(c1.toString());
        assertThat(miniport.renderDevices()).extracting(OutDevice::id).containsExactly("midiC1D0");
        assertThat(miniport.captureDevices()).extracting(InDevice::id).containsExactly("midiC1D0");
        assertThat(miniport.captureDevices()).extracting(InDevice::name).containsExactly("midiC1D0");

        Path c0 = mkfifo(dir.resolve("midiC0D0"));
        awaitPublished(c0.toString(), c1.toString());
        assertThat(miniport.renderDevices()).extracting(OutDevice::id).as("file-name order")
                .containsExactly("midiC0D0", "midiC1D0");

        Files.delete(c1);
        awaitPublished(c0.toString());
        assertThat(miniport.renderDevices()).extracting(OutDevice::id).containsExactly("midiC0D0");
        assertThat(miniport.captureDevices()).extracting(InDevice::id).containsExactly("midiC0D0");
    }

    @Test
    void anOpenStreamOfAVanishedDeviceFailsWithNoDriver() throws Exception {
        Path c2 = mkfifo(dir.resolve("midiC2D0"));
        scan("scanDirectory", dir.toString(), "scanInterval", 20, "name", "USB");
        assertThat(miniport.captureDevices()).extracting(InDevice::name).containsExactly("USB midiC2D0");
        MiniportStream in = miniport.newStream(0, true, new RecordingPort.Group());
        MiniportStream out = miniport.newStream(0, false, new RecordingPort.Group());
        in.setState(StreamState.RUN);
        out.setState(StreamState.RUN);

        Files.delete(c2);
        awaitPublished();
        assertThatThrownBy(() -> in.read(new byte[4], 0, 4)).isInstanceOf(MidiException.class)
                .extracting(e -> ((MidiException) e).result()).isEqualTo(MmResult.MMSYSERR_NODRIVER);
        assertThatThrownBy(() -> out.write(new byte[] {(byte) 0xFE}, 0, 1)).isInstanceOf(MidiException.class)
                .extracting(e -> ((MidiException) e).result()).isEqualTo(MmResult.MMSYSERR_NODRIVER);
        assertThatThrownBy(() -> miniport.newStream(0, true, new RecordingPort.Group()))
                .isInstanceOf(MidiException.class)
                .extracting(e -> ((MidiException) e).result()).isEqualTo(MmResult.MMSYSERR_BADDEVICEID);
        in.close();
        out.close();

        // It comes back under the same device id, and opens again.
        mkfifo(c2);
        awaitPublished(c2.toString());
        assertThat(miniport.captureDevices()).extracting(InDevice::id).containsExactly("midiC2D0");
        miniport.newStream(0, true, new RecordingPort.Group()).close();
    }

    @Test
    void aConfiguredPortIsPresentWhileItsFileExists() throws Exception {
        Path pty = dir.resolve("ttyMIDI");
        scan("path", pty.toString(), "scanInterval", 20);
        assertThat(miniport.renderDevices()).isEmpty();
        assertThat(miniport.captureDevices()).isEmpty();

        mkfifo(pty);
        awaitPublished(pty.toString());
        assertThat(miniport.renderDevices()).extracting(OutDevice::id).containsExactly("0");
        assertThat(miniport.captureDevices()).extracting(InDevice::id).containsExactly("0");

        Files.delete(pty);
        awaitPublished();
    }

    @Test
    void noScanDirectoryMeansNoDevicesAndNoError() {
        // What the default instance finds on a machine without sound hardware (no /dev/snd).
        miniport = new RawMidiMiniport(Settings.of(Configs.of(RawMidiDriver.Config.class, "scanDirectory", dir.resolve("snd").toString())),
                published::add);
        assertThat(miniport.renderDevices()).isEmpty();
        assertThat(miniport.rescan()).isFalse();
        assertThat(published).isEmpty();
    }

    @Test
    void closeStopsTheScanner() throws Exception {
        scan("scanDirectory", dir.toString(), "scanInterval", 20, "midihost_driver_id", "closetest");
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .contains("rawmidi-scan closetest");
        miniport.close();
        // close() waits for the scanner's work to end; the pool thread itself exits just after,
        // so look for it with a bound rather than at once.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("rawmidi-scan closetest"))
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .doesNotContain("rawmidi-scan closetest");
        assertThatThrownBy(() -> miniport.newStream(0, true, new RecordingPort.Group()))
                .isInstanceOf(MidiException.class);
    }
}
