package org.midihost.stream.smf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.SysexMessage;
import javax.sound.midi.Track;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.midihost.api.TimeDivision;

/**
 * Files written by an independent implementation, the JDK's {@code javax.sound.midi}, read by
 * ours; and ours read by the JDK.
 */
@Timeout(30)
class JdkInteropTest {
    @Test
    void readsAFileTheJdkWrote(@TempDir Path dir) throws Exception {
        Sequence sequence = new Sequence(Sequence.PPQ, 480);
        Track conductor = sequence.createTrack();
        conductor.add(new MidiEvent(new MetaMessage(0x03, "conductor".getBytes(), 9), 0));
        conductor.add(new MidiEvent(new MetaMessage(0x51, new byte[] {0x07, (byte) 0xA1, 0x20}, 3), 0));
        conductor.add(new MidiEvent(new MetaMessage(0x51, new byte[] {0x09, 0x27, (byte) 0xC0}, 3), 1920));
        conductor.add(new MidiEvent(new MetaMessage(0x58, new byte[] {3, 2, 24, 8}, 4), 0));
        Track part = sequence.createTrack();
        part.add(new MidiEvent(new SysexMessage(new byte[] {(byte) 0xF0, 0x7E, 0x7F, 0x09, 0x01, (byte) 0xF7}, 6), 0));
        part.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, 2, 19, 0), 0));
        int[] melody = {60, 62, 64, 65, 67, 65, 64, 62, 60};
        for (int i = 0; i < melody.length; i++) {
            part.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 2, melody[i], 90), i * 480L));
            part.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 2, melody[i] - 12, 70), i * 480L));
            part.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, 2, melody[i], 0), i * 480L + 400));
            part.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 2, melody[i] - 12, 0), i * 480L + 400));
            part.add(new MidiEvent(new MetaMessage(0x05, ("la" + i).getBytes(), 3), i * 480L + 1));
        }
        part.add(new MidiEvent(new ShortMessage(ShortMessage.PITCH_BEND, 2, 0, 0x40), 5000));
        Path file = dir.resolve("jdk.mid");
        MidiSystem.write(sequence, 1, file.toFile());

        Smf smf = new SmfReader().read(file);
        assertThat(smf.warnings()).isEmpty();
        assertThat(smf.format()).isEqualTo(1);
        assertThat(smf.division()).isEqualTo(TimeDivision.ppq(480));
        assertThat(smf.tracks()).hasSize(2);
        for (int t = 0; t < 2; t++) {
            Track jdk = sequence.getTracks()[t];
            assertThat(smf.tracks().get(t).events()).as("track %d", t).containsExactlyElementsOf(ours(jdk));
            assertThat(smf.tracks().get(t).endTick()).isEqualTo(jdk.ticks());
        }
        assertThat(smf.tracks().get(0).name()).contains("conductor");
        assertThat(TempoMap.of(smf).micros(1920 + 480)).isEqualTo(4 * 500_000.0 + 600_000.0);
    }

    @Test
    void theJdkReadsAFileWeWrote(@TempDir Path dir) throws Exception {
        Smf smf = SmfWriterTest.generated(new java.util.Random(3), TimeDivision.ppq(480));
        Path file = dir.resolve("ours.mid");
        new SmfWriter().write(smf, file);

        Sequence sequence = MidiSystem.getSequence(file.toFile());
        assertThat(sequence.getDivisionType()).isEqualTo(Sequence.PPQ);
        assertThat(sequence.getResolution()).isEqualTo(480);
        assertThat(sequence.getTracks()).hasSameSizeAs(smf.tracks());
        for (int t = 0; t < smf.tracks().size(); t++) {
            Track jdk = sequence.getTracks()[t];
            SmfTrack track = smf.tracks().get(t);
            List<String> theirs = new ArrayList<>();
            for (int i = 0; i < jdk.size() - 1; i++) {
                theirs.add(jdk.get(i).getTick() + " " + Arrays.toString(jdk.get(i).getMessage().getMessage()));
            }
            List<String> mine = new ArrayList<>();
            for (SmfEvent e : track.events()) {
                mine.add(e.tick() + " " + Arrays.toString(messageBytes(e)));
            }
            assertThat(theirs).as("track %d", t).containsExactlyElementsOf(mine);
            assertThat(jdk.ticks()).isEqualTo(track.endTick());
        }
    }

    @Test
    void readsWhatTheJdkRefusesOrLoses() throws Exception {
        // format 2: the JDK (17) refuses it; we read it
        byte[] formatTwo = SmfBytes.header(2, 2, 96).track(0, 0x90, 60, 100, 96, 60, 0, 0, 0xFF, 0x2F, 0).track(0, 0xFF, 0x2F, 0).toBytes();
        assertThatThrownBy(() -> MidiSystem.getSequence(new ByteArrayInputStream(formatTwo))).isInstanceOf(InvalidMidiDataException.class);
        assertThat(new SmfReader().read(formatTwo).tracks()).hasSize(2);
        // a track whose length runs past the end: the JDK silently gives no tracks; we say what is wrong
        byte[] truncated = SmfBytes.header(1, 1, 96).ascii("MTrk").u32(200).bytes(0, 0x90, 60, 100, 0, 0xFF, 0x2F, 0).toBytes();
        assertThat(MidiSystem.getSequence(new ByteArrayInputStream(truncated)).getTracks()).isEmpty();
        assertThatThrownBy(() -> new SmfReader().read(truncated)).isInstanceOf(SmfException.class)
                .hasMessage("offset 14: track 1 length 200 runs past the end of the file (30 bytes)");
    }

    /** The JDK's track as our events, its End of Track left out. */
    private static List<SmfEvent> ours(Track track) {
        List<SmfEvent> events = new ArrayList<>();
        for (int i = 0; i < track.size(); i++) {
            MidiEvent event = track.get(i);
            MidiMessage m = event.getMessage();
            if (m instanceof MetaMessage meta) {
                if (meta.getType() != SmfEvent.META_END_OF_TRACK) {
                    events.add(SmfEvent.meta(event.getTick(), meta.getType(), meta.getData()));
                }
            } else if (m instanceof SysexMessage) {
                events.add(SmfEvent.sysex(event.getTick(), m.getMessage()));
            } else {
                ShortMessage s = (ShortMessage) m;
                events.add(SmfEvent.channel(event.getTick(), s.getStatus(), s.getData1(), s.getData2()));
            }
        }
        return events;
    }

    /** Our event as the JDK's {@code MidiMessage.getMessage()} gives it. */
    private static byte[] messageBytes(SmfEvent e) {
        return switch (e.kind()) {
            case CHANNEL -> {
                byte[] b = {(byte) e.status(), (byte) (e.message() >> 8), (byte) (e.message() >> 16)};
                yield Arrays.copyOf(b, 1 + SmfEvent.dataLength(e.status()));
            }
            case SYSEX -> e.data();
            case ESCAPE -> {
                byte[] b = new byte[e.data().length + 1];
                b[0] = (byte) 0xF7;
                System.arraycopy(e.data(), 0, b, 1, e.data().length);
                yield b;
            }
            case META -> {
                byte[] len = vlq(e.data().length);
                byte[] b = new byte[2 + len.length + e.data().length];
                b[0] = (byte) 0xFF;
                b[1] = (byte) e.metaType();
                System.arraycopy(len, 0, b, 2, len.length);
                System.arraycopy(e.data(), 0, b, 2 + len.length, e.data().length);
                yield b;
            }
        };
    }

    private static byte[] vlq(int v) {
        if (v < 0x80) {
            return new byte[] {(byte) v};
        }
        return new byte[] {(byte) (0x80 | v >> 7), (byte) (v & 0x7F)};
    }
}
