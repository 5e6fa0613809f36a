package org.midihost.driver.rawmidi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.midihost.spi.MiniportStream;
import org.midihost.spi.StreamState;
import org.midihost.testkit.Configs;
import org.midihost.testkit.RecordingPort;

/**
 * One read-write {@code path} on a pseudo-terminal: a character device, opened once per direction
 * as an ALSA rawmidi file is. The "hardware" at the other end is the pty's master side, held by
 * a small Python program (the JDK cannot open a pty pair itself); where there is no python3 the
 * test is skipped, the FIFO tests still run.
 */
@Timeout(60)
class PtyTest {
    /**
     * Opens a pty pair in raw mode (as a MIDI port must be), prints the slave's path, then on
     * "go": writes a note-on to the master (what the device sends), reads 3 bytes from it (what
     * the driver wrote) and prints them in hex.
     */
    private static final String FAR_END = String.join("\n",
            "import os, pty, sys, tty",
            "m, s = pty.openpty()",
            "tty.setraw(s)",
            "print(os.ttyname(s), flush=True)",
            "sys.stdin.readline()",
            "os.write(m, bytes([0x90, 0x3C, 0x0A]))",
            "got = b''",
            "while len(got) < 3:",
            "    got += os.read(m, 3 - len(got))",
            "print(got.hex(), flush=True)",
            "sys.stdin.readline()");

    Process farEnd;
    BufferedReader farOut;
    OutputStream farIn;
    RecordingPort port = new RecordingPort();
    RawMidiMiniport miniport;

    @BeforeEach
    void startFarEnd() throws IOException {
        try {
            farEnd = new ProcessBuilder("python3", "-c", FAR_END).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            assumeThat(e).as("python3 to open a pty pair").isNull();
        }
        farOut = new BufferedReader(new InputStreamReader(farEnd.getInputStream(), StandardCharsets.US_ASCII));
        farIn = farEnd.getOutputStream();
    }

    @AfterEach
    void stop() throws Exception {
        if (miniport != null) {
            miniport.close();
        }
        if (farEnd != null) {
            farEnd.destroy();
            farEnd.waitFor(TestFiles.DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void bytesGoBothWaysThroughOneReadWritePath() throws Exception {
        String slave = farOut.readLine();
        assertThat(slave).startsWith("/dev/");
        assertThat(Files.isRegularFile(Path.of(slave))).isFalse();

        miniport = new RawMidiMiniport(Settings.of(Configs.of(RawMidiDriver.Config.class, "path", slave)), p -> { });
        miniport.init(port);
        assertThat(miniport.renderDevices()).hasSize(1);
        assertThat(miniport.captureDevices()).hasSize(1);
        MiniportStream in = miniport.newStream(0, true, new RecordingPort.Group());
        MiniportStream out = miniport.newStream(0, false, new RecordingPort.Group());
        in.setState(StreamState.RUN);
        out.setState(StreamState.RUN);

        farIn.write("go\n".getBytes(StandardCharsets.US_ASCII));
        farIn.flush();
        // 0x0A is a newline to a tty that is not raw: it arrives unchanged.
        assertThat(TestFiles.readExactly(in, port, 3)).containsExactly(0x90, 0x3C, 0x0A);

        assertThat(out.write(new byte[] {(byte) 0x80, 0x3C, 0x0D}, 0, 3)).isEqualTo(3);
        assertThat(farOut.readLine()).isEqualTo("803c0d");
    }
}
