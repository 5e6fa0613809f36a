package org.midihost.stream.smf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.midihost.api.TimeDivision;

/** The committed demo tune is what {@link DemoTune} generates, and is what it says it is. */
@Timeout(30)
class DemoTuneTest {
    /** From the module's folder, where Maven runs the tests. */
    private static final Path COMMITTED = Path.of("../../dist/tunes/demo.mid");

    @Test
    void committedFileIsWhatTheGeneratorWrites() throws Exception {
        assertThat(COMMITTED).as("run DemoTune.main to write it").exists();
        assertThat(Files.readAllBytes(COMMITTED)).isEqualTo(new SmfWriter().toBytes(DemoTune.smf()));
    }

    @Test
    void typeOneAt480PpqOfThirtyToFortySeconds() throws Exception {
        Smf smf = new SmfReader().read(COMMITTED);
        assertThat(smf).isEqualTo(DemoTune.smf());
        assertThat(smf.warnings()).isEmpty();
        assertThat(smf.format()).isEqualTo(1);
        assertThat(smf.division()).isEqualTo(TimeDivision.ppq(480));
        assertThat(smf.tracks().stream().map(t -> t.name().orElse(""))).containsExactly(
                "midihost demo tune", "Melody", "Strings", "Piano", "Bass", "Drums");
        assertThat(TempoMap.of(smf).durationMicros() / 1e6).isBetween(30.0, 40.0);
        assertThat(TempoMap.of(smf).segments()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void statesItsOriginAndLicence() throws Exception {
        List<SmfEvent> conductor = new SmfReader().read(COMMITTED).tracks().get(0).events();
        assertThat(conductor).filteredOn(e -> e.isText() && e.metaType() == SmfEvent.META_COPYRIGHT).extracting(SmfEvent::text)
                .singleElement().asString().contains("midihost").contains("CC0").contains("public domain");
    }

    @Test
    void generalMidiInstrumentsAndDrumsOnChannelTen() throws Exception {
        Smf smf = new SmfReader().read(COMMITTED);
        Set<Integer> programs = smf.tracks().stream().flatMap(t -> t.events().stream()).filter(e -> (e.status() & 0xF0) == 0xC0)
                .map(e -> e.message() >> 8).collect(Collectors.toSet());
        assertThat(programs).contains(73, 68, 48, 0, 32);
        SmfTrack drums = smf.tracks().get(5);
        assertThat(drums.events()).filteredOn(e -> e.kind() == SmfEvent.Kind.CHANNEL).allMatch(e -> (e.status() & 0x0F) == 9);
        assertThat(drums.events()).filteredOn(e -> (e.status() & 0xF0) == 0x90).hasSizeGreaterThan(100);
        // every note that starts also stops, on every channel
        for (SmfTrack track : smf.tracks()) {
            long ons = track.events().stream().filter(e -> (e.status() & 0xF0) == 0x90).count();
            long offs = track.events().stream().filter(e -> (e.status() & 0xF0) == 0x80).count();
            assertThat(ons).isEqualTo(offs);
        }
    }

    @Test
    void theJdkReadsIt() throws Exception {
        Sequence sequence = MidiSystem.getSequence(COMMITTED.toFile());
        assertThat(sequence.getTracks()).hasSize(6);
        assertThat(sequence.getMicrosecondLength() / 1e6).isBetween(30.0, 40.0);
    }
}
