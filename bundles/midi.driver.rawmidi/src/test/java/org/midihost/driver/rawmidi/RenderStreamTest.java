package org.midihost.driver.rawmidi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.midihost.driver.rawmidi.TestFiles.mkfifo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

/** The render side against a named pipe read by outside processes and test threads. */
@Timeout(60)
class RenderStreamTest {
    @TempDir
    Path dir;
    Path fifo;
    RecordingPort port = new RecordingPort();
    RawMidiMiniport miniport;
    MiniportStream stream;

    @BeforeEach
    void open() throws Exception {
        fifo = mkfifo(dir.resolve("out"));
        miniport = new RawMidiMiniport(Settings.of(Configs.of(RawMidiDriver.Config.class, "output", fifo.toString(), "name", "Synth cable")), p -> { });
        miniport.init(port);
        assertThat(miniport.renderDevices()).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo("0");
            assertThat(d.name()).isEqualTo("Synth cable");
        });
        assertThat(miniport.captureDevices()).isEmpty();
        stream = miniport.newStream(0, false, new RecordingPort.Group());
    }

    @AfterEach
    void close() {
        miniport.close();
    }

    @Test
    void bytesGivenToWriteComeOutOfTheFifoToAnOutsideProcess() throws Exception {
        stream.setState(StreamState.RUN);
        byte[] noteOn = {(byte) 0x90, 0x3C, 0x64};
        assertThat(stream.write(noteOn, 0, 3)).isEqualTo(3);

        // head opens the FIFO for reading; the driver already holds it open, so nothing waits.
        assertThat(TestFiles.run("head", "-c", "3", fifo.toString())).containsExactly(0x90, 0x3C, 0x64);
    }

    @Test
    void aFullStreamTakesFewerBytesAndNotifiesWhenThereIsRoom() throws Exception {
        stream.setState(StreamState.RUN);
        // Before the writes: the notify for room may come as soon as a write takes fewer bytes (the
        // writer thread can drain the ring before the pipe is full), so clearing after the loop
        // could drop it.
        port.clear();
        // Nobody reads yet: the pipe's buffer (64 KiB on Linux) and then the ring fill up.
        byte[] sent = TestFiles.pattern(256 * 1024);
        int offset = 0;
        long deadline = System.nanoTime() + TestFiles.DEADLINE_MILLIS * 1_000_000L;
        while (true) {
            int n = stream.write(sent, offset, Math.min(1000, sent.length - offset));
            offset += n;
            if (n < 1000) {
                break;
            }
            assertThat(System.nanoTime() - deadline).as("the stream never filled up").isNegative();
        }
        assertThat(offset).as("accepted before full").isLessThan(sent.length);

        CompletableFuture<byte[]> reader = CompletableFuture.supplyAsync(() -> readFifo(sent.length));
        assertThat(port.awaitNotify(TestFiles.DEADLINE_MILLIS)).as("room came and was announced").isTrue();
        while (offset < sent.length) {
            int n = stream.write(sent, offset, sent.length - offset);
            offset += n;
            if (n == 0) {
                assertThat(port.awaitNotify(TestFiles.DEADLINE_MILLIS)).isTrue();
            }
        }
        assertThat(reader.get(TestFiles.DEADLINE_MILLIS, TimeUnit.MILLISECONDS)).isEqualTo(sent);
    }

    @Test
    void stopDiscardsPendingBytes() throws Exception {
        stream.setState(StreamState.PAUSE);
        assertThat(stream.write(new byte[] {(byte) 0x90, 0x40, 0x7F}, 0, 3)).isEqualTo(3);
        stream.setState(StreamState.STOP);
        stream.setState(StreamState.RUN);
        byte[] later = {(byte) 0xC0, 0x13};
        assertThat(stream.write(later, 0, 2)).isEqualTo(2);

        assertThat(readFifo(2)).as("only what came after STOP").containsExactly(0xC0, 0x13);
    }

    @Test
    void closeInRunWritesWhatWasAccepted() throws Exception {
        stream.setState(StreamState.RUN);
        byte[] allOff = {(byte) 0xB0, 0x7B, 0x00};
        assertThat(stream.write(allOff, 0, 3)).isEqualTo(3);
        // The test's reader keeps the FIFO's contents alive after the driver closes its end.
        try (FileChannel in = FileChannel.open(fifo, StandardOpenOption.READ)) {
            stream.close();
            ByteBuffer b = ByteBuffer.allocate(3);
            while (b.hasRemaining()) {
                assertThat(in.read(b)).as("end of file before all bytes came").isPositive();
            }
            assertThat(b.array()).containsExactly(0xB0, 0x7B, 0x00);
        }
        assertThat(((RenderStream) stream).ioThreadAlive()).isFalse();
        assertThatThrownBy(() -> stream.write(allOff, 0, 3)).isInstanceOf(MidiException.class)
                .extracting(e -> ((MidiException) e).result()).isEqualTo(MmResult.MMSYSERR_INVALHANDLE);
    }

    @Test
    void aVanishedFileFailsWritesWithNoDriver() throws Exception {
        stream.setState(StreamState.RUN);
        port.clear();
        Files.delete(fifo);
        assertThat(miniport.rescan()).isTrue();
        assertThat(miniport.renderDevices()).isEmpty();
        assertThat(port.awaitNotify(TestFiles.DEADLINE_MILLIS)).as("the failure is announced").isTrue();

        assertThatThrownBy(() -> stream.write(new byte[] {(byte) 0xF8}, 0, 1)).isInstanceOf(MidiException.class)
                .hasMessageContaining("was removed")
                .extracting(e -> ((MidiException) e).result()).isEqualTo(MmResult.MMSYSERR_NODRIVER);
        assertThat(((RenderStream) stream).awaitIoThreadEnd(TestFiles.DEADLINE_MILLIS)).isTrue();
    }

    @Test
    void aRenderStreamHasNothingToRead() {
        assertThatThrownBy(() -> stream.read(new byte[1], 0, 1)).isInstanceOf(MidiException.class)
                .extracting(e -> ((MidiException) e).result()).isEqualTo(MmResult.MMSYSERR_NOTSUPPORTED);
    }

    @Test
    void aRegularFileAsOutputIsAppendedTo() throws Exception {
        Path file = Files.write(dir.resolve("take.raw"), new byte[] {0x01});
        RawMidiMiniport toFile = new RawMidiMiniport(Settings.of(Configs.of(RawMidiDriver.Config.class, "output", file.toString())), p -> { });
        try {
            toFile.init(port);
            MiniportStream s = toFile.newStream(0, false, new RecordingPort.Group());
            s.setState(StreamState.RUN);
            assertThat(s.write(new byte[] {(byte) 0xFA, (byte) 0xFC}, 0, 2)).isEqualTo(2);
            s.close();
            assertThat(Files.readAllBytes(file)).containsExactly(0x01, 0xFA, 0xFC);
        } finally {
            toFile.close();
        }
    }

    private byte[] readFifo(int count) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (FileChannel in = FileChannel.open(fifo, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(8192);
            while (got.size() < count) {
                b.clear();
                b.limit(Math.min(b.capacity(), count - got.size()));
                int n = in.read(b);
                if (n < 0) {
                    break;
                }
                got.write(b.array(), 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return got.toByteArray();
    }
}
