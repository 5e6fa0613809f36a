package org.midihost.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.midihost.api.MidiHost;
import org.midihost.api.MidiOut;
import org.midihost.api.MmResult;
import org.midihost.api.OpenOptions;
import org.midihost.api.Technology;
import org.midihost.spi.OutDevice;

/** The MIDI mapper never stands for an output it cannot open while another one works. */
class MapperFallbackTest {
    final Host host = new Host();

    @AfterEach
    void close() {
        host.close();
    }

    @Test
    void aTakenSynthIsPassedOverForTheNextOutputAndTheFirstErrorComesWhenNoneOpens() throws Exception {
        TestDriver d = new TestDriver("d", 10, 0, 0, false);
        d.outs = List.of(OutDevice.port("port", "Port"),
                OutDevice.port("synth", "Synth").asSynth(Technology.SWSYNTH, 32, 32, Set.of()));
        host.addDriver(d, d.props());
        assertThat(host.mapperEndpoint()).isEqualTo("d/synth");

        MidiOut first = host.openOut(MidiHost.MIDI_MAPPER, new Recorder(), OpenOptions.direct());
        assertThat(first.caps().endpointId()).isEqualTo("d/synth");
        MidiOut second = host.openOut(MidiHost.MIDI_MAPPER, new Recorder(), OpenOptions.direct());
        assertThat(second.caps().endpointId()).as("the synth is taken: the next output").isEqualTo("d/port");
        HostTest.assertCode(() -> host.openOut(MidiHost.MIDI_MAPPER, new Recorder(), OpenOptions.direct()),
                MmResult.MMSYSERR_ALLOCATED);
        second.close();
        first.close();
    }
}
