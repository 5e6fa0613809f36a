package org.midihost.driver.rawmidi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.midihost.driver.rawmidi.TestFiles.mkfifo;
import static org.midihost.driver.rawmidi.TestFiles.readExactly;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.midihost.api.MidiException;
import org.midihost.api.MmResult;
import org.midihost.spi.MiniportStream;
import org.midihost.spi.StreamState;
import org.midihost.testkit.Configs;
import org.midihost.testkit.RecordingPort;

/** The capture side against a named pipe that outside processes and test threads write to. */
@Timeout(60)
class CaptureStreamTest {
    @TempDir
    Path dir;
    Path fifo;
    RecordingPort port = new RecordingPort();
    RawMidiMiniport miniport;
    MiniportStream stream;

    @BeforeEach
    void open() throws Exception {
        fifo = mkfifo(dir.resolve("in"));
        miniport = new RawMidiMiniport(Settings.of(Configs.of(RawMidiDriver.Config.class, "input", fifo.toString())), paths -> { });
        miniport.init(port);
        assertThat(miniport.captureDevices()).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo("0");
            assertThat(d.name()).isEqualTo("in");
        });
        assertThat(miniport.renderDevices()).isEmpty();
        stream = miniport.newStream(0, true, new RecordingPort.Group());
    }

    @AfterEach
    void close() {
        miniport.close();
    }

    @Test
    void bytesWrittenByAnOutsideProcessComeOutOfReadAfterNotify() throws Exception {
        stream.setState(StreamState.RUN);
        // dash's printf knows octal escapes only: 0x90 0x3C 0x64, note on, middle C, velocity 100.
        TestFiles.run("sh", "-c", "printf '\\220\\074\\144' > \"$1\"", "sh", fifo.toString());

        assertThat(port.awaitNotify(TestFiles.DEADLINE_MILLIS)).isTrue();
        assertThat(readExactly(stream, port, 3)).containsExactly(0x90, 0x3C, 0x64);
        assertThat(stream.read(new byte[8], 0, 8)).isZero();
    }

    @Test
    void moreBytesThanTheRingHoldsArriveWholeAndInOrder() throws Exception {
        stream.setState(StreamState.RUN);
        byte[] sent = TestFiles.pattern(5 * CaptureStream.CAPACITY + 123);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            // The driver holds the FIFO open read-write, so this open does not wait for a reader.
            try (FileChannel out = FileChannel.open(fifo, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(sent);
                while (b.hasRemaining()) {
                    out.write(b);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(readExactly(stream, port, sent.length)).isEqualTo(sent);
        writer.get(TestFiles.DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Test
    void pauseHoldsBytesAndStopDiscardsThem() throws Exception {
        stream.setState(StreamState.PAUSE);
        Files.write(fifo, new byte[] {(byte) 0xB0, 0x07, 0x10});
        assertThat(port.awaitNotify(TestFiles.DEADLINE_MILLIS)).as("held bytes are announced").isTrue();
        assertThat(stream.read(new byte[8], 0, 8)).as("PAUSE hands nothing over").isZero();

        stream.setState(StreamState.STOP);
        stream.setState(StreamState.RUN);
        assertThat(stream.read(new byte[8], 0, 8)).as("STOP discarded the held bytes").isZero();

        Files.write(fifo, new byte[] {(byte) 0xC0, 0x05});
        assertThat(readExactly(stream, port, 2)).containsExactly(0xC0, 0x05);
    }

    @Test
    void bytesHeldInPauseAreAnnouncedAgainAtRun() throws Exception {
        stream.setState(StreamState.PAUSE);
        Files.write(fifo, new byte[] {(byte) 0xF8});
        assertThat(port.awaitNotify(TestFiles.DEADLINE_MILLIS)).isTrue();
        port.clear();

        stream.setState(StreamState.RUN);
        assertThat(port.awaitNotify(TestFiles.DEADLINE_MILLIS)).as("RUN with held bytes notifies").isTrue();
        assertThat(readExactly(stream, port, 1)).containsExactly(0xF8);
    }

    @Test
    void closeStopsTheReaderThreadAndLaterCallsAreInvalid() throws Exception {
        stream.setState(StreamState.RUN);
        CaptureStream capture = (CaptureStream) stream;
        assertThat(capture.ioThreadAlive()).isTrue();

        stream.close();
        assertThat(capture.ioThreadAlive()).isFalse();
        stream.close();
        assertThatThrownBy(() -> stream.read(new byte[1], 0, 1)).isInstanceOf(MidiException.class)
                .extracting(e -> ((MidiException) e).result()).isEqualTo(MmResult.MMSYSERR_INVALHANDLE);

        // The device is free again.
        miniport.newStream(0, true, new RecordingPort.Group()).close();
    }

    @Test
    void aVanishedFileHandsOverWhatCameThenFailsWithNoDriver() throws Exception {
        stream.setState(StreamState.RUN);
        Files.write(fifo, new byte[] {(byte) 0x80, 0x3C, 0x00});
        assertThat(port.awaitNotify(TestFiles.DEADLINE_MILLIS)).isTrue();

        Files.delete(fifo);
        assertThat(miniport.rescan()).isTrue();
        assertThat(miniport.captureDevices()).isEmpty();

        assertThat(readExactly(stream, port, 3)).containsExactly(0x80, 0x3C, 0x00);
        assertThatThrownBy(() -> stream.read(new byte[1], 0, 1)).isInstanceOf(MidiException.class)
                .hasMessageContaining("was removed")
                .extracting(e -> ((MidiException) e).result()).isEqualTo(MmResult.MMSYSERR_NODRIVER);
        assertThat(((CaptureStream) stream).awaitIoThreadEnd(TestFiles.DEADLINE_MILLIS)).isTrue();
    }

    @Test
    void aCaptureStreamTakesNoBytes() {
        assertThatThrownBy(() -> stream.write(new byte[1], 0, 1)).isInstanceOf(MidiException.class)
                .extracting(e -> ((MidiException) e).result()).isEqualTo(MmResult.MMSYSERR_NOTSUPPORTED);
    }

    @Test
    void theServicePropertyListsTheFile() {
        assertThat(miniport.paths()).isEqualTo(List.of(fifo.toAbsolutePath().normalize().toString()));
    }
}
