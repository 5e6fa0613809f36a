package org.midihost.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.midihost.api.MidiException;
import org.midihost.api.MmResult;
import org.midihost.api.Technology;
import org.midihost.spi.DataFormat;
import org.midihost.spi.DeviceDescription;
import org.midihost.spi.InDevice;
import org.midihost.spi.Miniport;
import org.midihost.spi.MiniportStream;
import org.midihost.spi.OutDevice;
import org.midihost.spi.StreamState;

/**
 * The conformance suite every {@link Miniport} passes, against the SPI directly (no port driver):
 * devices listed honestly; on every device a stream opens, takes {@link DataFormat#MIDI_1_BYTES},
 * refuses {@link DataFormat#UMP} with {@code MMSYSERR_NOTSUPPORTED}, changes state and closes (twice
 * harmlessly); render bytes reach the device; capture bytes arrive and the port is notified.
 *
 * <p>A miniport's test extends it, supplies the miniport ({@link #newMiniport()}, not yet
 * initialised: the suite calls {@link Miniport#init} with a {@link RecordingPort}) and, where it can,
 * the hooks {@link #awaitRendered} and {@link #arriveAtCapture}; without them the tests that need
 * them skip.
 */
public abstract class MiniportContract {
    /** Note On, a system-exclusive message, Note Off: what the byte tests move. */
    private static final byte[] BYTES = {(byte) 0x90, 0x3C, 0x64, (byte) 0xF0, 0x7E, 0x7F, 0x09, 0x01, (byte) 0xF7,
        (byte) 0x80, 0x3C, 0x00};

    private Miniport miniport;
    private final RecordingPort port = new RecordingPort();

    /**
     * @return a fresh miniport, activated but not yet initialised; one per test
     * @throws Exception if it cannot be made
     */
    protected abstract Miniport newMiniport() throws Exception;

    /**
     * Deactivates the miniport after a test. Does nothing by default.
     *
     * @param m the miniport {@link #newMiniport()} made
     * @throws Exception on failure
     */
    protected void dispose(Miniport m) throws Exception {
    }

    /**
     * Hook: waits for {@code count} bytes to reach render device {@code device} (read from the
     * device's file, for instance), at most {@link #timeout()}. The default skips the test.
     *
     * @param device the device
     * @param count how many bytes
     * @return the bytes
     * @throws Exception on failure or when they do not come in time
     */
    protected byte[] awaitRendered(OutDevice device, int count) throws Exception {
        return abort("the miniport's test gives no way to read what reached a render device");
    }

    /**
     * Hook: makes {@code bytes} arrive at capture device {@code device}, as from outside. The
     * default skips the test.
     *
     * @param device the device
     * @param bytes raw MIDI bytes
     * @throws Exception on failure
     */
    protected void arriveAtCapture(InDevice device, byte[] bytes) throws Exception {
        abort("the miniport's test gives no way to make bytes arrive at a capture device");
    }

    /** @return how long any wait lasts before a test fails */
    protected Duration timeout() {
        return Duration.ofSeconds(10);
    }

    /** @return the miniport under test, initialised */
    protected final Miniport miniport() {
        return miniport;
    }

    /** @return the port the miniport was initialised with */
    protected final RecordingPort port() {
        return port;
    }

    @BeforeEach
    final void createMiniport() throws Exception {
        miniport = newMiniport();
        miniport.init(port);
    }

    @AfterEach
    final void disposeMiniport() throws Exception {
        dispose(miniport);
    }

    private List<OutDevice> renders() {
        List<OutDevice> outs = miniport.renderDevices();
        assumeFalse(outs.isEmpty(), "the miniport has no render device");
        return outs;
    }

    private List<InDevice> captures() {
        List<InDevice> ins = miniport.captureDevices();
        assumeFalse(ins.isEmpty(), "the miniport has no capture device");
        return ins;
    }

    @Test
    void devicesAreListedHonestly() {
        List<OutDevice> outs = miniport.renderDevices();
        List<InDevice> ins = miniport.captureDevices();
        assertThat(outs).isNotNull().isEqualTo(miniport.renderDevices());
        assertThat(ins).isNotNull().isEqualTo(miniport.captureDevices());
        assumeFalse(outs.isEmpty() && ins.isEmpty(), "the miniport has no device");
        assertThat(outs).extracting(OutDevice::id).doesNotHaveDuplicates();
        assertThat(ins).extracting(InDevice::id).doesNotHaveDuplicates();
        for (OutDevice d : outs) {
            checkCommon(d);
            if (d.technology() == Technology.PORT) {
                assertThat(d.voices()).as("%s: a port has no voices", d.id()).isZero();
                assertThat(d.notes()).as("%s: a port has no notes", d.id()).isZero();
            }
            assertThat(d.channelMask()).as("%s channel mask", d.id()).isBetween(1, 0xFFFF);
        }
        for (InDevice d : ins) {
            checkCommon(d);
        }
    }

    private static void checkCommon(DeviceDescription d) {
        assertThat(d.id()).as("device id").isNotBlank().doesNotContainAnyWhitespaces();
        assertThat(d.name()).as("%s name", d.id()).isNotBlank();
    }

    @Test
    void everyRenderStreamTakesMidiBytesRefusesUmpChangesStateAndClosesTwiceHarmlessly() throws MidiException {
        for (int i = 0; i < renders().size(); i++) {
            streamLifeCycle(i, false);
        }
    }

    @Test
    void everyCaptureStreamTakesMidiBytesRefusesUmpChangesStateAndClosesTwiceHarmlessly() throws MidiException {
        for (int i = 0; i < captures().size(); i++) {
            streamLifeCycle(i, true);
        }
    }

    private void streamLifeCycle(int index, boolean capture) throws MidiException {
        String what = (capture ? "capture " : "render ") + index;
        MiniportStream refusing = miniport.newStream(index, capture, new RecordingPort.Group());
        assertThatThrownBy(() -> refusing.setFormat(DataFormat.UMP)).as(what + " UMP")
                .isInstanceOfSatisfying(MidiException.class,
                        e -> assertThat(e.result()).isEqualTo(MmResult.MMSYSERR_NOTSUPPORTED));
        refusing.close();

        MiniportStream s = miniport.newStream(index, capture, new RecordingPort.Group());
        s.setFormat(DataFormat.MIDI_1_BYTES);
        s.setState(StreamState.PAUSE);
        s.setState(StreamState.RUN);
        s.setState(StreamState.PAUSE);
        s.setState(StreamState.STOP);
        s.close();
        s.close();
        // the double close broke nothing: the device opens again
        miniport.newStream(index, capture, new RecordingPort.Group()).close();
    }

    @Test
    void aStreamForAnIndexOutOfRangeFailsWithAMidiException() {
        int renders = miniport.renderDevices().size();
        int captures = miniport.captureDevices().size();
        assertThatThrownBy(() -> miniport.newStream(renders, false, new RecordingPort.Group()))
                .isInstanceOf(MidiException.class);
        assertThatThrownBy(() -> miniport.newStream(captures, true, new RecordingPort.Group()))
                .isInstanceOf(MidiException.class);
        assertThatThrownBy(() -> miniport.newStream(-1, false, new RecordingPort.Group()))
                .isInstanceOf(MidiException.class);
    }

    @Test
    void renderedBytesReachTheDevice() throws Exception {
        List<OutDevice> outs = renders();
        for (int i = 0; i < outs.size(); i++) {
            MiniportStream s = miniport.newStream(i, false, new RecordingPort.Group());
            s.setFormat(DataFormat.MIDI_1_BYTES);
            s.setState(StreamState.RUN);
            int offset = 0;
            long deadline = System.nanoTime() + timeout().toNanos();
            while (offset < BYTES.length) {
                int n = s.write(BYTES, offset, BYTES.length - offset);
                assertThat(n).isBetween(0, BYTES.length - offset);
                offset += n;
                if (n == 0 && !port.awaitNotify(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L))) {
                    throw new AssertionError(outs.get(i).id() + ": no room for the bytes before the deadline");
                }
            }
            assertThat(awaitRendered(outs.get(i), BYTES.length)).as(outs.get(i).id()).containsExactly(BYTES);
            s.close();
        }
    }

    @Test
    void capturedBytesArriveAndThePortIsNotified() throws Exception {
        List<InDevice> ins = captures();
        for (int i = 0; i < ins.size(); i++) {
            MiniportStream s = miniport.newStream(i, true, new RecordingPort.Group());
            s.setFormat(DataFormat.MIDI_1_BYTES);
            s.setState(StreamState.RUN);
            port.clear();
            arriveAtCapture(ins.get(i), BYTES);
            assertThat(port.awaitNotify(timeout().toMillis())).as("%s: Port.notify", ins.get(i).id()).isTrue();
            byte[] got = new byte[BYTES.length];
            int have = 0;
            long deadline = System.nanoTime() + timeout().toNanos();
            while (have < got.length) {
                int n = s.read(got, have, got.length - have);
                if (n > 0) {
                    have += n;
                    continue;
                }
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0 || !port.awaitNotify(left)) {
                    throw new AssertionError(ins.get(i).id() + ": got " + have + " of " + got.length
                            + " bytes before the deadline");
                }
            }
            assertThat(got).as(ins.get(i).id()).containsExactly(BYTES);
            s.setState(StreamState.STOP);
            s.close();
        }
    }
}
