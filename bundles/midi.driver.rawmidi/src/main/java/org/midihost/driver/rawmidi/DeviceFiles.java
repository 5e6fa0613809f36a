package org.midihost.driver.rawmidi;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.midihost.api.MidiException;
import org.midihost.api.MmResult;

/** Opening a device file so that neither the open nor a later close can hang. */
final class DeviceFiles {
    /** {@code S_IFMT} and {@code S_IFIFO} of {@code st_mode}. */
    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;

    private DeviceFiles() {
    }

    /**
     * Opens one direction of a device file as a {@link FileChannel}: a thread blocked in its
     * {@code read} or {@code write} is released by closing the channel, which a plain
     * {@code FileInputStream} does not promise.
     *
     * <ul>
     * <li>A named pipe is opened read-write. Opening one end of a FIFO alone blocks until the other
     * end is opened, which would hang the host's {@code newStream}; read-write never blocks on
     * Linux. It also means the reader never sees end-of-file when a writer outside comes and goes,
     * and a render FIFO with nobody reading fills up (and then holds the writer thread) instead
     * of failing.</li>
     * <li>A character device (an ALSA rawmidi file, a tty or pty) is opened for the one direction
     * only: ALSA opens a substream per direction, and opening the same file read-write for both
     * streams would take both substreams twice.</li>
     * <li>A regular file as an output is appended to (recording the raw bytes).</li>
     * </ul>
     *
     * @param path the file
     * @param capture true to read from it, false to write to it
     * @return the open channel
     * @throws MidiException {@link MmResult#MMSYSERR_NODRIVER} if the file is gone,
     *         {@link MmResult#MMSYSERR_ALLOCATED} if the device is busy, {@link MmResult#MMSYSERR_ERROR}
     *         otherwise; the message names the file and the reason
     */
    static FileChannel open(Path path, boolean capture) throws MidiException {
        try {
            if (isFifo(path)) {
                return FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            }
            if (capture) {
                return FileChannel.open(path, StandardOpenOption.READ);
            }
            if (Files.isRegularFile(path)) {
                return FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            }
            return FileChannel.open(path, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            throw new MidiException(MmResult.MMSYSERR_NODRIVER, path + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new MidiException(MmResult.MMSYSERR_ERROR, path + ": permission denied", e);
        } catch (FileSystemException e) {
            String reason = e.getReason() == null ? e.toString() : e.getReason();
            MmResult code = reason.contains("busy") ? MmResult.MMSYSERR_ALLOCATED : MmResult.MMSYSERR_ERROR;
            throw new MidiException(code, path + ": " + reason, e);
        } catch (IOException e) {
            throw new MidiException(MmResult.MMSYSERR_ERROR, path + ": " + e.getMessage(), e);
        }
    }

    private static boolean isFifo(Path path) throws IOException {
        try {
            Object mode = Files.getAttribute(path, "unix:mode");
            return mode instanceof Integer m && (m & S_IFMT) == S_IFIFO;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            // No "unix" attribute view (not Linux/macOS): no FIFOs to worry about.
            return false;
        }
    }
}
