package org.midihost.stream.smf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.midihost.api.TimeDivision;

/** The writer's bytes, and reading back what it writes. */
@Timeout(10)
class SmfWriterTest {
    @Test
    void bytesWithRunningStatusCancelledByMetaAndSysex() {
        Smf smf = Smf.of(1, TimeDivision.ppq(96), List.of(new SmfTrack(List.of(
                SmfEvent.channel(0, 0x90, 60, 100),
                SmfEvent.channel(0, 0x90, 64, 100),
                SmfEvent.text(0, SmfEvent.META_MARKER, "A"),
                SmfEvent.channel(200, 0x90, 60, 0),
                SmfEvent.channel(200, 0xC0, 5, 0),
                SmfEvent.sysex(200, new byte[] {(byte) 0xF0, 0x7E, (byte) 0xF7}),
                SmfEvent.channel(200, 0xC0, 6, 0)), 300_000)));
        byte[] track = {
            0, (byte) 0x90, 60, 100,
            0, 64, 100,
            0, (byte) 0xFF, 0x06, 1, 'A',
            (byte) 0x81, 0x48, (byte) 0x90, 60, 0,
            0, (byte) 0xC0, 5,
            0, (byte) 0xF0, 2, 0x7E, (byte) 0xF7,
            0, (byte) 0xC0, 6,
            (byte) 0x92, (byte) 0xA6, 0x18, (byte) 0xFF, 0x2F, 0};
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(SmfBytes.header(1, 1, 96).ascii("MTrk").u32(track.length).toBytes());
        expected.writeBytes(track);
        assertThat(new SmfWriter().toBytes(smf)).isEqualTo(expected.toByteArray());
        assertThat(new SmfWriter(false).toBytes(smf)).hasSize(expected.size() + 1); // the second note's status
    }

    @Test
    void roundTripOfAGeneratedTypeOneFile(@TempDir Path dir) throws Exception {
        Smf smf = generated(new Random(7), TimeDivision.ppq(480));
        for (SmfWriter writer : List.of(new SmfWriter(), new SmfWriter(false))) {
            Path file = dir.resolve("generated.mid");
            writer.write(smf, file);
            Smf read = new SmfReader().read(file);
            assertThat(read.warnings()).isEmpty();
            assertThat(read.tracks()).hasSameSizeAs(smf.tracks());
            for (int t = 0; t < smf.tracks().size(); t++) {
                assertThat(read.tracks().get(t).events()).as("track %d", t).containsExactlyElementsOf(smf.tracks().get(t).events());
            }
            assertThat(read).isEqualTo(smf);
        }
        assertThat(new SmfWriter().toBytes(smf).length).isLessThan(new SmfWriter(false).toBytes(smf).length);
    }

    @Test
    void roundTripOfSmpteAndFormatsZeroAndTwo() throws Exception {
        Smf smpte = generated(new Random(8), TimeDivision.smpte(29, 80));
        assertThat(new SmfReader().read(new SmfWriter().toBytes(smpte))).isEqualTo(smpte);
        Smf zero = Smf.of(0, TimeDivision.ppq(96), List.of(smpte.tracks().get(1)));
        assertThat(new SmfReader().read(new SmfWriter().toBytes(zero))).isEqualTo(zero);
        Smf two = Smf.of(2, TimeDivision.ppq(96), smpte.tracks());
        assertThat(new SmfReader().read(new SmfWriter().toBytes(two))).isEqualTo(two);
    }

    /** A conductor track and four parts with every kind of event, at random ticks. */
    static Smf generated(Random random, TimeDivision division) {
        List<SmfTrack> tracks = new ArrayList<>();
        List<SmfEvent> conductor = new ArrayList<>(List.of(SmfEvent.text(0, SmfEvent.META_TRACK_NAME, "conductor"),
                SmfEvent.timeSignature(0, 4, 4, 24, 8), SmfEvent.keySignature(0, -2, false)));
        long tick = 0;
        for (int i = 0; i < 50; i++) {
            tick += random.nextInt(2000);
            conductor.add(SmfEvent.tempo(tick, 300_000 + random.nextInt(500_000)));
        }
        tracks.add(new SmfTrack(conductor, tick + 10));
        for (int part = 0; part < 4; part++) {
            List<SmfEvent> events = new ArrayList<>();
            events.add(SmfEvent.text(0, SmfEvent.META_TRACK_NAME, "part " + part));
            tick = 0;
            for (int i = 0; i < 500; i++) {
                tick += random.nextInt(10) < 3 ? 0 : random.nextInt(1 << (1 + random.nextInt(22)));
                int r = random.nextInt(100);
                if (r < 80) {
                    int status = (0x8 + random.nextInt(7)) << 4 | part;
                    events.add(SmfEvent.channel(tick, status, random.nextInt(128), SmfEvent.dataLength(status) == 2 ? random.nextInt(128) : 0));
                } else if (r < 88) {
                    byte[] sysex = new byte[2 + random.nextInt(300)];
                    for (int j = 1; j < sysex.length - 1; j++) {
                        sysex[j] = (byte) random.nextInt(128);
                    }
                    sysex[0] = (byte) 0xF0;
                    sysex[sysex.length - 1] = (byte) 0xF7;
                    events.add(SmfEvent.sysex(tick, sysex));
                } else if (r < 92) {
                    byte[] raw = new byte[random.nextInt(4)];
                    random.nextBytes(raw);
                    events.add(SmfEvent.escape(tick, raw));
                } else {
                    int type = random.nextInt(0x80);
                    byte[] data = new byte[random.nextInt(200)];
                    random.nextBytes(data);
                    events.add(type == SmfEvent.META_END_OF_TRACK ? SmfEvent.text(tick, SmfEvent.META_LYRIC, "la")
                            : SmfEvent.meta(tick, type, data));
                }
            }
            tracks.add(new SmfTrack(events, tick + random.nextInt(1000)));
        }
        return Smf.of(1, division, tracks);
    }
}
