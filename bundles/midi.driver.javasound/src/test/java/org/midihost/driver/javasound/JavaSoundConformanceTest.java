package org.midihost.driver.javasound;

import com.example.fakemidi.FakeHardware;
import com.example.fakemidi.FakePort;
import javax.sound.midi.ShortMessage;
import org.midihost.spi.MidiDriver;
import org.midihost.testkit.Configs;
import org.midihost.testkit.MidiDriverContract;
import org.midihost.testkit.RecordingInClient;

/**
 * The javasound driver passes the driver conformance suite, on two fake hardware ports listed by a
 * real Java Sound provider ({@code com.example.fakemidi.FakeProvider}): one output and input, one
 * output only. What reaches an output is what the fake port's receiver got; input arrives when the
 * fake port's transmitter sends (on the caller's thread); listing again plugs in a third port and
 * rescans.
 */
class JavaSoundConformanceTest extends MidiDriverContract {
    private JavaSoundPorts ports;

    @Override
    protected MidiDriver newDriver() {
        FakeHardware.reset();
        FakeHardware.plug(FakePort.both("Conformance A", "Fake Audio"),
                new FakePort("Conformance B", "Fake Audio", "out only", "1.0", true, false));
        ports = new JavaSoundPorts(Settings.of(Configs.of(JavaSoundDriver.Config.class)), p -> { });
        ports.rescan();
        return ports;
    }

    @Override
    protected void dispose(MidiDriver d) {
        ports.close();
        FakeHardware.reset();
    }

    private FakePort fake(String deviceId) {
        return ports.ports().stream().filter(p -> p.id().equals(deviceId)).map(p -> (FakePort) p.device())
                .findFirst().orElseThrow();
    }

    @Override
    protected RecordingInClient observeOutput(String outDeviceId) {
        RecordingInClient seen = new RecordingInClient();
        fake(outDeviceId).observe((bytes, timeStamp) -> {
            if ((bytes[0] & 0xFF) == 0xF0) {
                seen.sysex(bytes, 0, bytes.length, true, System.nanoTime());
            } else {
                int m = 0;
                for (int i = 0; i < bytes.length && i < 3; i++) {
                    m |= (bytes[i] & 0xFF) << (8 * i);
                }
                seen.data(m, System.nanoTime());
            }
        });
        return seen;
    }

    @Override
    protected void arriveAtInput(String inDeviceId, int message) throws Exception {
        fake(inDeviceId).arrive(new ShortMessage(message & 0xFF, message >>> 8 & 0xFF, message >>> 16 & 0xFF), -1);
    }

    @Override
    protected void relist() {
        FakeHardware.plug(FakePort.both("Conformance C", "Fake Audio"));
        ports.rescan();
    }
}
