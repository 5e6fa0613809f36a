package org.midihost.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.midihost.api.MidiException;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.MidiOutCaps;
import org.midihost.api.OpenOptions;
import org.midihost.driver.loopback.LoopbackDriver;
import org.midihost.host.Host;

/**
 * Opening, closing and enumerating: the open/close rate on one cable, and with 1,000 loopback
 * cables the cost of binding the driver (numbering 2,000 devices), of one enumeration pass, and
 * of opening each device by index and by endpoint id.
 */
final class DeviceTableBench {
    private DeviceTableBench() {
    }

    /**
     * @param output true for outputs, false for inputs
     * @param options the open options (DIRECT or THREAD delivery of OPEN and CLOSE)
     * @param millis how long to run
     * @return open+close pairs per second on {@code loopback/0}
     */
    static double openCloseRate(boolean output, OpenOptions options, long millis) throws MidiException {
        Host host = new Host();
        try {
            host.addDriver(LoopbackConfigs.driver(1), LoopbackConfigs.props(LoopbackDriver.DEFAULT_ID));
            long start = System.nanoTime();
            long end = start + TimeUnit.MILLISECONDS.toNanos(millis);
            long n = 0;
            do {
                for (int i = 0; i < 100; i++) {
                    if (output) {
                        host.openOut(0, MidiOutCallback.NONE, options).close();
                    } else {
                        host.openIn(0, MidiInCallback.NONE, options).close();
                    }
                }
                n += 100;
            } while (System.nanoTime() < end);
            return n / ((System.nanoTime() - start) / 1e9);
        } finally {
            host.close();
        }
    }

    /** What {@link #cables(int, int)} measured, each a median over the repetitions, in microseconds. */
    record CableCosts(double bindMicros, double unbindMicros, double enumerateMicros, double openByIndexMicros,
            double openByEndpointMicros, int outputs, int inputs) {
    }

    /**
     * @param cables how many loopback cables
     * @param rounds how many times each step is repeated (medians are reported)
     * @return the costs
     */
    static CableCosts cables(int cables, int rounds) throws MidiException {
        double[] bind = new double[rounds];
        double[] unbind = new double[rounds];
        double[] enumerate = new double[rounds];
        double[] byIndex = new double[rounds];
        double[] byEndpoint = new double[rounds];
        int outs = 0;
        int ins = 0;
        long checksum = 0;
        for (int r = 0; r < rounds; r++) {
            LoopbackDriver driver = LoopbackConfigs.driver(cables);
            Host host = new Host();
            try {
                long t0 = System.nanoTime();
                host.addDriver(driver, LoopbackConfigs.props(LoopbackDriver.DEFAULT_ID));
                bind[r] = (System.nanoTime() - t0) / 1e3;

                // One enumeration pass: midiOutGetNumDevs + midiOutGetDevCaps for each, then the inputs.
                t0 = System.nanoTime();
                outs = host.outDeviceCount();
                for (int i = 0; i < outs; i++) {
                    MidiOutCaps caps = host.outCaps(i);
                    checksum += caps.productName().length();
                }
                ins = host.inDeviceCount();
                for (int i = 0; i < ins; i++) {
                    checksum += host.inCaps(i).productName().length();
                }
                enumerate[r] = (System.nanoTime() - t0) / 1e3;

                t0 = System.nanoTime();
                for (int i = 0; i < outs; i++) {
                    host.openOut(i, MidiOutCallback.NONE, OpenOptions.direct()).close();
                }
                byIndex[r] = (System.nanoTime() - t0) / 1e3 / outs;

                String[] endpoints = new String[outs];
                for (int i = 0; i < outs; i++) {
                    endpoints[i] = host.outCaps(i).endpointId();
                }
                t0 = System.nanoTime();
                for (String e : endpoints) {
                    MidiIn in = host.openIn(e, MidiInCallback.NONE, OpenOptions.direct());
                    in.close();
                }
                byEndpoint[r] = (System.nanoTime() - t0) / 1e3 / outs;

                t0 = System.nanoTime();
                host.removeDriver(driver);
                unbind[r] = (System.nanoTime() - t0) / 1e3;
            } finally {
                host.close();
            }
        }
        if (checksum == 0) {
            throw new IllegalStateException("no device names seen");
        }
        return new CableCosts(median(bind), median(unbind), median(enumerate), median(byIndex), median(byEndpoint),
                outs, ins);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
