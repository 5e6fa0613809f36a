package org.midihost.route.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.midihost.api.MidiException;
import org.midihost.api.MmResult;
import org.midihost.api.MidiHeader;
import org.midihost.spi.InDevice;
import org.midihost.spi.InInstance;
import org.midihost.spi.InClient;
import org.midihost.spi.MidiDriver;
import org.midihost.spi.OutClient;
import org.midihost.spi.OutDevice;
import org.midihost.spi.OutInstance;

/** A driver with outputs "0" and "1" that records every short message it gets. */
final class RecordingDriver implements MidiDriver {
    private final List<Integer> received = new CopyOnWriteArrayList<>();

    List<Integer> received() {
        return received;
    }

    @Override
    public List<OutDevice> outDevices() {
        return List.of(OutDevice.port("0", "Other 0"), OutDevice.port("1", "Other 1"));
    }

    @Override
    public List<InDevice> inDevices() {
        return List.of();
    }

    @Override
    public OutInstance openOut(String deviceId, OutClient client) throws MidiException {
        return new OutInstance() {
            @Override
            public void shortMsg(int message) {
                received.add(message);
            }

            @Override
            public void longMsg(MidiHeader header) {
                received.add(-1);
            }

            @Override
            public void reset() {
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public InInstance openIn(String deviceId, InClient client) throws MidiException {
        throw new MidiException(MmResult.MMSYSERR_BADDEVICEID, "no input");
    }
}
