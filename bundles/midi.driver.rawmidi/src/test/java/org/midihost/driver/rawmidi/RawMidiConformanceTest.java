package org.midihost.driver.rawmidi;

import static org.midihost.driver.rawmidi.TestFiles.mkfifo;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.midihost.spi.InDevice;
import org.midihost.spi.Miniport;
import org.midihost.spi.OutDevice;
import org.midihost.testkit.Configs;
import org.midihost.testkit.MiniportContract;

/**
 * The rawmidi miniport passes the miniport conformance suite: one configured port whose output and
 * input are two named pipes. The test reads what reached the output pipe and writes to the input
 * pipe, as outside processes would (the driver holds both pipes open read-write, so the test's
 * opens never wait).
 */
class RawMidiConformanceTest extends MiniportContract {
    @TempDir
    Path dir;
    private Path out;
    private Path in;

    @Override
    protected Miniport newMiniport() throws Exception {
        out = mkfifo(dir.resolve("out"));
        in = mkfifo(dir.resolve("in"));
        return new RawMidiMiniport(Settings.of(Configs.of(RawMidiDriver.Config.class,
                "output", out.toString(), "input", in.toString(), "name", "Conformance")), paths -> { });
    }

    @Override
    protected void dispose(Miniport m) {
        ((RawMidiMiniport) m).close();
    }

    @Override
    protected byte[] awaitRendered(OutDevice device, int count) throws Exception {
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try (FileChannel ch = FileChannel.open(out, StandardOpenOption.READ)) {
                ByteBuffer b = ByteBuffer.allocate(count);
                while (b.hasRemaining() && ch.read(b) >= 0) {
                    // read on until the count is there
                }
                return b.array();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return read.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void arriveAtCapture(InDevice device, byte[] bytes) throws Exception {
        try (FileChannel ch = FileChannel.open(in, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
    }
}
