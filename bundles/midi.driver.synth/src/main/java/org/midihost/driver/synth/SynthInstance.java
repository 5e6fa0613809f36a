package org.midihost.driver.synth;

import java.util.Arrays;
import javax.sound.midi.InvalidMidiDataException;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MmResult;
import org.midihost.spi.OutClient;
import org.midihost.spi.OutInstance;

/**
 * One client's open synthesizer (the seeds' {@code dwUser}). Every client plays the one shared
 * synthesizer; the host has already expanded each client's running status. The instance remembers
 * which notes its client holds down, so that closing it releases them: a client that goes away
 * leaves no note sounding for the others. Volume is the device's, shared by all clients, as a
 * WinMM synthesizer's is. The instance belongs to the audio session that was running when it
 * opened; its close tells the driver, and the last close starts the session's tail.
 *
 * <p>The host calls an instance one call at a time (its device gate), so {@link #held} and
 * {@link #closed} need no lock of their own.
 */
final class SynthInstance implements OutInstance {
    private static final int NOTE_OFF = 0x80;
    private static final int NOTE_ON = 0x90;

    private final AudioSession session;
    private final Gervill gervill;
    private final Volume volume;
    private final OutClient client;
    private final SynthDriver driver;
    /** Notes held down by this client: bit {@code key % 64} of word {@code channel * 2 + key / 64}. */
    private final long[] held = new long[32];
    private boolean closed;

    SynthInstance(AudioSession session, Volume volume, OutClient client, SynthDriver driver) {
        this.session = session;
        this.gervill = session.gervill();
        this.volume = volume;
        this.client = client;
        this.driver = driver;
    }

    /** {@code MODM_DATA}: to the synthesizer, allocation-free. */
    @Override
    public void shortMsg(int message) throws MidiException {
        checkOpen();
        int status = message & 0xFF;
        int data1 = message >>> 8 & 0xFF;
        int data2 = message >>> 16 & 0xFF;
        try {
            gervill.shortMsg(status, data1, data2);
        } catch (InvalidMidiDataException e) {
            throw new MidiException(MmResult.MMSYSERR_INVALPARAM, "not a short message: " + e.getMessage(), e);
        }
        track(status, data1, data2);
    }

    private void track(int status, int key, int velocity) {
        int command = status & 0xF0;
        if (command != NOTE_ON && command != NOTE_OFF || status >= 0xF0) {
            return;
        }
        int word = (status & 0x0F) * 2 + (key >>> 6);
        long bit = 1L << (key & 63);
        if (command == NOTE_ON && velocity > 0) {
            held[word] |= bit;
        } else {
            held[word] &= ~bit;
        }
    }

    /** {@code MODM_LONGDATA}: the system-exclusive message to the synthesizer (GM reset, master volume, …); done at once. */
    @Override
    public void longMsg(MidiHeader header) throws MidiException {
        checkOpen();
        try {
            gervill.sysex(header.data(), header.bufferLength());
        } catch (InvalidMidiDataException e) {
            throw new MidiException(MmResult.MMSYSERR_INVALPARAM, "not a system-exclusive message: " + e.getMessage(), e);
        }
        client.done(header);
    }

    /**
     * {@code MODM_RESET}: silences every note on every channel of the synthesizer, whichever client
     * played it (the synthesizer is one instrument). No header is ever held.
     */
    @Override
    public void reset() throws MidiException {
        checkOpen();
        gervill.allSoundOff();
        Arrays.fill(held, 0L);
    }

    /** {@code MODM_GETVOLUME}: the device's volume, left in the low 16 bits, right in the high. */
    @Override
    public int volume() throws MidiException {
        checkOpen();
        return volume.get();
    }

    /**
     * {@code MODM_SETVOLUME}: scales the rendered output, left by the low 16 bits, right by the
     * high 16 ({@code 0xFFFF} full, 0 silent), for every client of the device.
     */
    @Override
    public void setVolume(int volume) throws MidiException {
        checkOpen();
        this.volume.set(volume);
    }

    /**
     * {@code MODM_CLOSE}: releases the notes this client still holds; the last client's close
     * starts the session's tail. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            releaseNotes();
        } finally {
            driver.release(session);
        }
    }

    private void releaseNotes() {
        for (int word = 0; word < held.length; word++) {
            long bits = held[word];
            while (bits != 0) {
                int key = (word & 1) * 64 + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                try {
                    gervill.shortMsg(NOTE_OFF | word / 2, key, 0);
                } catch (InvalidMidiDataException e) {
                    throw new IllegalStateException("a note-off was refused", e); // valid bytes by construction
                } catch (IllegalStateException synthClosed) {
                    return; // the synthesizer itself is closed: nothing sounds any more
                }
            }
            held[word] = 0;
        }
    }

    private void checkOpen() throws MidiException {
        if (closed) {
            throw new MidiException(MmResult.MMSYSERR_INVALHANDLE, "synth instance is closed");
        }
    }
}
