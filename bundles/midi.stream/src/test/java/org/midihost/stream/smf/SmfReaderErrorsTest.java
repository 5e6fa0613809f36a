package org.midihost.stream.smf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every file the reader refuses: a clear error naming the offset and the problem, at once. */
@Timeout(10)
class SmfReaderErrorsTest {
    private final SmfReader reader = new SmfReader();

    private SmfException refused(byte[] file) {
        Throwable t = catchThrowable(() -> reader.read(file));
        assertThat(t).isInstanceOf(SmfException.class);
        return (SmfException) t;
    }

    private void refused(byte[] file, long offset, String problem) {
        SmfException e = refused(file);
        assertThat(e.offset()).as(e.getMessage()).isEqualTo(offset);
        assertThat(e.getMessage()).startsWith("offset " + offset + ": ").contains(problem);
    }

    @Test
    void notAStandardMidiFile() {
        refused(new byte[0], 0, "not a Standard MIDI File (no MThd header)");
        refused("RIFF\0\0\0\0RMID".getBytes(), 0, "not a Standard MIDI File (no MThd header)");
    }

    @Test
    void headerLengthUnderSixOrPastTheEnd() {
        refused(new SmfBytes().ascii("MThd").u32(3).u16(1).u16(1).u16(96).toBytes(), 4, "header length 3 is less than 6");
        refused(new SmfBytes().ascii("MThd").u32(6).u16(1).toBytes(), 4, "header length 6 runs past the end of the file (10 bytes)");
    }

    @Test
    void formatNotZeroOneOrTwo() {
        refused(SmfBytes.header(3, 1, 96).track(0, 0xFF, 0x2F, 0).toBytes(), 8, "format 3 is not 0, 1 or 2");
    }

    @Test
    void zeroTracks() {
        refused(SmfBytes.header(1, 0, 96).toBytes(), 10, "the header declares no tracks");
    }

    @Test
    void formatZeroWithSeveralTracks() {
        byte[] file = SmfBytes.header(0, 2, 96).track(0, 0xFF, 0x2F, 0).track(0, 0xFF, 0x2F, 0).toBytes();
        refused(file, 10, "format 0 has exactly one track, but the header declares 2");
    }

    @Test
    void badDivision() {
        refused(SmfBytes.header(1, 1, 0).track(0, 0xFF, 0x2F, 0).toBytes(), 12, "bad time division 0 ticks per quarter note");
        refused(SmfBytes.header(1, 1, 0xE4_04).track(0, 0xFF, 0x2F, 0).toBytes(), 12,
                "bad time division: SMPTE 28 frames per second is not 24, 25, 29 (drop frame) or 30");
    }

    @Test
    void trackLengthPastTheEndOfTheFile() {
        SmfBytes b = SmfBytes.header(1, 1, 96).ascii("MTrk").u32(4_000_000);
        b.bytes(new int[1200 - b.size()]);
        SmfException e = refused(b.toBytes());
        assertThat(e).hasMessage("offset 14: track 1 length 4000000 runs past the end of the file (1200 bytes)");
        assertThat(e.offset()).isEqualTo(14);
        assertThat(e.problem()).isEqualTo("track 1 length 4000000 runs past the end of the file (1200 bytes)");
    }

    @Test
    void unknownChunkPastTheEndOfTheFile() {
        byte[] file = SmfBytes.header(1, 2, 96).track(0, 0xFF, 0x2F, 0).ascii("XFIH").u32(100).bytes(1, 2).toBytes();
        refused(file, 26, "chunk 'XFIH' length 100 runs past the end of the file (36 bytes)");
    }

    @Test
    void hostileLengthsAreNotAllocated() {
        // a track claiming 4 GiB - 1, a sysex and a meta event claiming 256 MiB - 1 (the largest
        // 4-byte quantity), and the 2 GiB track: each refused without allocating what it claims
        byte[][] files = {
            SmfBytes.header(1, 1, 96).ascii("MTrk").u32(0xFFFF_FFFFL).bytes(0, 0x90, 60, 100).toBytes(),
            SmfBytes.header(1, 1, 96).ascii("MTrk").u32(0x8000_0000L).bytes(0, 0x90, 60, 100).toBytes(),
            SmfBytes.header(1, 1, 96).track(0, 0xF0, 0xFF, 0xFF, 0xFF, 0x7F, 1, 2, 3).toBytes(),
            SmfBytes.header(1, 1, 96).track(0, 0xFF, 0x01, 0xFF, 0xFF, 0xFF, 0x7F, 1, 2, 3).toBytes(),
        };
        com.sun.management.ThreadMXBean threads = threads();
        long tid = Thread.currentThread().getId();
        for (byte[] file : files) {
            long before = threads.getThreadAllocatedBytes(tid);
            SmfException e = refused(file);
            long allocated = threads.getThreadAllocatedBytes(tid) - before;
            assertThat(e.getMessage()).containsPattern("length (4294967295|2147483648|268435455) runs past the end of the (file|track)");
            assertThat(allocated).as("bytes allocated reading %s", e.getMessage()).isLessThan(1 << 20);
        }
        refused(files[1], 14, "track 1 length 2147483648 runs past the end of the file (26 bytes)");
        refused(files[2], 24, "track 1: system exclusive event length 268435455 runs past the end of the track (3 bytes left)");
        refused(files[3], 25, "track 1: meta event 01 length 268435455 runs past the end of the track (3 bytes left)");
    }

    private static com.sun.management.ThreadMXBean threads() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeThat(bean).isInstanceOf(com.sun.management.ThreadMXBean.class);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
        return threads;
    }

    @Test
    void eventRunsOffItsTrack() {
        // note on with one data byte, then the chunk ends
        refused(SmfBytes.header(1, 1, 96).track(0, 0x90, 60).toBytes(), 22,
                "track 1: channel message 90 needs 2 data bytes; the track ends after 1");
        // the track's chunk ends inside a delta time, the next chunk's bytes are not borrowed
        refused(SmfBytes.header(1, 2, 96).track(0x81).track(0, 0xFF, 0x2F, 0).toBytes(), 22,
                "track 1: a variable-length quantity runs past the end of the track");
        refused(SmfBytes.header(1, 1, 96).track(0, 0x90, 60, 100, 10).toBytes(), 26,
                "track 1: the track ends after a delta time, with no event");
        refused(SmfBytes.header(1, 1, 96).track(0, 0xFF).toBytes(), 22, "track 1: meta event runs past the end of the track");
    }

    @Test
    void variableLengthQuantityLongerThanFourBytes() {
        refused(SmfBytes.header(1, 1, 96).track(0x81, 0x81, 0x81, 0x81, 0x00, 0x90, 60, 100).toBytes(), 22,
                "track 1: variable-length quantity longer than 4 bytes");
        refused(SmfBytes.header(1, 1, 96).track(0, 0xFF, 0x01, 0x80, 0x80, 0x80, 0x80, 0x01, 0x41).toBytes(), 25,
                "track 1: variable-length quantity longer than 4 bytes");
    }

    @Test
    void runningStatusAfterAMetaEvent() {
        byte[] file = SmfBytes.header(1, 1, 96).track(0, 0x90, 60, 100, 0, 0xFF, 0x01, 1, 'x', 10, 60, 0, 0, 0xFF, 0x2F, 0).toBytes();
        refused(file, 32, "track 1: data byte 0x3C with no status: running status after a meta event");
    }

    @Test
    void runningStatusAfterASysexEvent() {
        byte[] file = SmfBytes.header(1, 1, 96).track(0, 0x90, 60, 100, 0, 0xF0, 2, 0x7E, 0xF7, 10, 60, 0).toBytes();
        refused(file, 32, "track 1: data byte 0x3C with no status: running status after a system exclusive event");
        file = SmfBytes.header(1, 1, 96).track(0, 0x90, 60, 100, 0, 0xF7, 1, 0xF8, 10, 60, 0).toBytes();
        refused(file, 31, "running status after a system exclusive event");
    }

    @Test
    void dataByteAtTheStartOfATrack() {
        byte[] file = SmfBytes.header(1, 2, 96).track(0, 0x90, 60, 100, 0, 0xFF, 0x2F, 0).track(0, 60, 0, 0, 0xFF, 0x2F, 0).toBytes();
        refused(file, 39, "track 2: data byte 0x3C with no status: no running status at the start of a track");
    }

    @Test
    void statusWhereADataByteBelongs() {
        refused(SmfBytes.header(1, 1, 96).track(0, 0x90, 60, 0x80, 64).toBytes(), 25,
                "track 1: channel message 90: data byte expected, found status 0x80");
    }

    @Test
    void statusNotAllowedInAFile() {
        refused(SmfBytes.header(1, 1, 96).track(0, 0xF8, 0, 0xFF, 0x2F, 0).toBytes(), 23,
                "track 1: status 0xF8 is not allowed in a Standard MIDI File");
        refused(SmfBytes.header(1, 1, 96).track(0, 0xFF, 0x80, 0).toBytes(), 24, "track 1: meta type 0x80 is not 0..127");
    }

    @Test
    void noTrackAtAll() {
        refused(SmfBytes.header(1, 2, 96).toBytes(), 14, "no track: the header declares 2 but the file has none");
        refused(SmfBytes.header(1, 1, 96).chunk("XFIH", 1, 2).toBytes(), 24, "no track: the header declares 1 but the file has none");
    }

    @Test
    void moreEventsThanTheLimit() throws Exception {
        byte[] file = SmfBytes.header(1, 1, 96).track(0, 0x90, 60, 100, 0, 61, 100, 0, 62, 100, 0, 63, 100, 0, 0xFF, 0x2F, 0).toBytes();
        assertThat(new SmfReader(1000, 5).read(file).tracks().get(0).events()).hasSize(4);
        SmfException e = catchThrowableOfType(SmfException.class, () -> new SmfReader(1000, 4).read(file));
        assertThat(e).hasMessage("offset 35: more than 4 events (the reader's limit)");
    }

    @Test
    void fileLargerThanTheLimit(@TempDir Path dir) throws Exception {
        byte[] file = SmfBytes.header(1, 1, 96).track(new int[200]).toBytes();
        SmfReader small = new SmfReader(100, 1000);
        assertThatThrownBy(() -> small.read(file)).isInstanceOf(SmfException.class)
                .hasMessage("offset 100: the file of 222 bytes is larger than the limit of 100 bytes");
        assertThatThrownBy(() -> small.read(new ByteArrayInputStream(file))).isInstanceOf(SmfException.class)
                .hasMessage("offset 100: the file is larger than the limit of 100 bytes");
        Path path = Files.write(dir.resolve("big.mid"), file);
        assertThatThrownBy(() -> small.read(path)).isInstanceOf(SmfException.class)
                .hasMessage("offset 100: the file of 222 bytes is larger than the limit of 100 bytes");
    }

    @Test
    void endlessStreamStopsAtTheLimit() {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                Arrays.fill(b, off, off + len, (byte) 0);
                return len;
            }
        };
        assertThatThrownBy(() -> new SmfReader(1 << 20, 1000).read(endless)).isInstanceOf(SmfException.class)
                .hasMessage("offset 1048576: the file is larger than the limit of 1048576 bytes");
    }
}
