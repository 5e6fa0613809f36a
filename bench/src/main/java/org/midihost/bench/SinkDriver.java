package org.midihost.bench;

import java.util.List;
import java.util.function.IntConsumer;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MmResult;
import org.midihost.spi.InDevice;
import org.midihost.spi.InInstance;
import org.midihost.spi.MidiDriver;
import org.midihost.spi.OutClient;
import org.midihost.spi.OutDevice;
import org.midihost.spi.OutInstance;

/**
 * The cheapest driver there is: one multi-client output, {@code sink/0}, whose instances hand
 * every short message to an {@link IntConsumer} (a JMH blackhole in the benchmark) and every
 * header straight back. It makes the host's own cost visible next to calling the driver directly.
 */
public final class SinkDriver implements MidiDriver {
    /** The driver id. */
    public static final String ID = "sink";

    private static final List<OutDevice> OUTS = List.of(OutDevice.port("0", "Sink").withMultiClient(true));

    private final IntConsumer consumer;

    /** @param consumer what every short message is handed to; called on the sender's thread */
    public SinkDriver(IntConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public List<OutDevice> outDevices() {
        return OUTS;
    }

    @Override
    public List<InDevice> inDevices() {
        return List.of();
    }

    @Override
    public OutInstance openOut(String deviceId, OutClient client) throws MidiException {
        if (!"0".equals(deviceId)) {
            throw new MidiException(MmResult.MMSYSERR_BADDEVICEID, "sink output '" + deviceId + "'");
        }
        return new OutInstance() {
            @Override
            public void shortMsg(int message) {
                consumer.accept(message);
            }

            @Override
            public void longMsg(MidiHeader header) {
                client.done(header);
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
    public InInstance openIn(String deviceId, org.midihost.spi.InClient client) throws MidiException {
        throw new MidiException(MmResult.MMSYSERR_BADDEVICEID, "the sink has no inputs");
    }
}
