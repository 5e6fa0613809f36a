package org.midihost.driver.loopback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.MmResult;
import org.midihost.api.OpenOptions;
import org.midihost.host.Host;
import org.midihost.spi.MidiDriver;
import org.midihost.testkit.Configs;

/** The loopback through the host: which input an output feeds, thru across cables, a spy on a cable. */
class LoopbackThroughHostTest {
    final Host host = new Host();
    final LoopbackDriver loopback = new LoopbackDriver(Configs.of(LoopbackDriver.Config.class, "cables", 2));

    LoopbackThroughHostTest() {
        host.addDriver(loopback, Map.of(MidiDriver.ID, "loopback", MidiDriver.ORDER, 100));
    }

    @AfterEach
    void close() {
        host.close();
    }

    /** Short messages and ends of sysex, as text, in order. */
    static final class Heard implements MidiInCallback {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        @Override
        public void onData(MidiIn in, int message, long millis, long nanos) {
            events.add(Integer.toHexString(message));
        }

        @Override
        public void onLongData(MidiIn in, MidiHeader header, long millis, long nanos) {
            events.add("sysex " + header.bytesRecorded());
        }

        String next() throws InterruptedException {
            return events.poll(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void outputKFeedsInputK() {
        assertThat(loopback.feeds("0")).isEqualTo("0");
        assertThat(loopback.feeds("1")).isEqualTo("1");
        assertThat(loopback.feeds("2")).isNull();
        assertThat(loopback.feeds("01")).isNull();
        assertThat(loopback.feeds(null)).isNull();
        assertThat(host.feeds("loopback/0")).contains("loopback/0");
        assertThat(host.feeds("loopback/1")).contains("loopback/1");
        assertThat(host.feeds("loopback/2")).isEmpty();
    }

    @Test
    void thruAcrossCablesAndTheLoopItWouldCloseIsRefused() throws Exception {
        Heard at1 = new Heard();
        MidiIn in0 = host.openIn("loopback/0", MidiInCallback.NONE, OpenOptions.direct());
        MidiIn in1 = host.openIn("loopback/1", at1, OpenOptions.defaults());
        MidiHeader buffer = new MidiHeader(new byte[32]);
        in1.prepareHeader(buffer);
        in1.addBuffer(buffer);
        MidiOut out0 = host.openOut("loopback/0", MidiOutCallback.NONE, OpenOptions.direct());
        MidiOut out1 = host.openOut("loopback/1", MidiOutCallback.NONE, OpenOptions.direct());
        assertThatThrownBy(() -> in0.connect(out0)).isInstanceOf(MidiException.class)
                .hasMessageContaining("would loop")
                .satisfies(e -> assertThat(((MidiException) e).result()).isEqualTo(MmResult.MMSYSERR_INVALPARAM));
        in0.connect(out1);
        assertThatThrownBy(() -> in1.connect(out0)).isInstanceOf(MidiException.class)
                .hasMessageContaining("in loopback/1 → out loopback/0 → in loopback/0 → out loopback/1 → in loopback/1");
        in0.start();
        in1.start();

        Heard spied = new Heard();
        MidiIn spy = host.openSpy("loopback/1", spied, OpenOptions.defaults());
        MidiHeader spyBuffer = new MidiHeader(new byte[32]);
        spy.prepareHeader(spyBuffer);
        spy.addBuffer(spyBuffer);
        spy.start();

        out0.shortMsg(0x643C90); // cable 0 → thru → out 1 → cable 1
        MidiHeader sysex = new MidiHeader(new byte[] {(byte) 0xF0, 0x7D, 0x01, 0x02, (byte) 0xF7});
        out0.prepareHeader(sysex);
        out0.longMsg(sysex);
        assertThat(at1.next()).isEqualTo("643c90");
        assertThat(at1.next()).isEqualTo("sysex 5");
        assertThat(spied.next()).as("a spy on out 1 sees what thru sent it").isEqualTo("643c90");
        assertThat(spied.next()).isEqualTo("sysex 5");
        spy.reset();
        spy.close();
        in1.reset();
        in1.close();
        in0.close();
    }
}
