package org.midihost.itests.probe.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.midihost.api.MidiException;
import org.midihost.api.MmResult;
import org.midihost.itests.probe.ProbeRecorder;
import org.midihost.spi.InClient;
import org.midihost.spi.InDevice;
import org.midihost.spi.InInstance;
import org.midihost.spi.MidiDriver;
import org.midihost.spi.MidiDriverProperties;
import org.midihost.spi.OutClient;
import org.midihost.spi.OutDevice;
import org.midihost.spi.OutInstance;
import org.osgi.service.component.annotations.Component;

/**
 * A test-only driver: two outputs that record what they receive (see {@link ProbeRecorder}), no
 * inputs. It checks nothing itself, so that the tests see what the host lets through.
 */
@Component(service = { MidiDriver.class, ProbeRecorder.class }, immediate = true)
@MidiDriverProperties(id = ProbeRecorder.DRIVER_ID, order = ProbeRecorder.ORDER)
public final class ProbeDriver implements MidiDriver, ProbeRecorder {
    private static final List<OutDevice> OUT_DEVICES = List.of(
            OutDevice.port(RECORDER, RECORDER_NAME).withMultiClient(true),
            OutDevice.port(EXCLUSIVE, EXCLUSIVE_NAME));

    private final Recording recorder = new Recording();
    private final Recording exclusive = new Recording();
    private final AtomicInteger callsAfterClose = new AtomicInteger();
    /** While set, short messages to the exclusive output wait for it inside the driver. */
    private volatile java.util.concurrent.CountDownLatch stall;
    private final AtomicInteger stalled = new AtomicInteger();

    @Override
    public List<OutDevice> outDevices() {
        return OUT_DEVICES;
    }

    @Override
    public List<InDevice> inDevices() {
        return List.of();
    }

    @Override
    public OutInstance openOut(String deviceId, OutClient client) throws MidiException {
        Recording r = switch (deviceId) {
            case RECORDER -> recorder;
            case EXCLUSIVE -> exclusive;
            default -> throw new MidiException(MmResult.MMSYSERR_BADDEVICEID, "probe output '" + deviceId + "'");
        };
        r.opened();
        return new ProbeOutInstance(r, client, callsAfterClose, r == exclusive ? this::stallHere : () -> { });
    }

    @Override
    public InInstance openIn(String deviceId, InClient client) throws MidiException {
        throw new MidiException(MmResult.MMSYSERR_BADDEVICEID, "the probe has no inputs");
    }

    @Override
    public int[] shortMessages(String deviceId) {
        return recording(deviceId).shortMessages();
    }

    @Override
    public int shortMessageCount(String deviceId) {
        return recording(deviceId).shortMessageCount();
    }

    @Override
    public List<byte[]> sysex(String deviceId) {
        return recording(deviceId).sysex();
    }

    @Override
    public int openCount(String deviceId) {
        return recording(deviceId).openCount();
    }

    @Override
    public int maxOpenCount(String deviceId) {
        return recording(deviceId).maxOpenCount();
    }

    @Override
    public int callsAfterClose() {
        return callsAfterClose.get();
    }

    @Override
    public void clear() {
        recorder.clear();
        exclusive.clear();
        callsAfterClose.set(0);
    }

    private Recording recording(String deviceId) {
        return switch (deviceId) {
            case RECORDER -> recorder;
            case EXCLUSIVE -> exclusive;
            default -> throw new IllegalArgumentException("no probe device '" + deviceId + "'");
        };
    }

    @Override
    public void stall() {
        stall = new java.util.concurrent.CountDownLatch(1);
    }

    @Override
    public int stalled() {
        return stalled.get();
    }

    @Override
    public void release() {
        java.util.concurrent.CountDownLatch s = stall;
        stall = null;
        if (s != null) {
            s.countDown();
        }
    }

    /** Inside a short message to the exclusive output: waits while stalled. */
    private void stallHere() {
        java.util.concurrent.CountDownLatch s = stall;
        if (s == null) {
            return;
        }
        stalled.incrementAndGet();
        try {
            s.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stalled.decrementAndGet();
        }
    }
}
