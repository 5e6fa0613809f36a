package org.midihost.itests.probe;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The probe driver's recordings, an OSGi service registered by the probe driver's component next
 * to its {@code MidiDriver} service. The probe driver has two output devices and no input:
 * <ul>
 * <li>{@value #RECORDER} ({@code "Probe Recorder"}, endpoint id {@code probe/rec}): several
 * clients at once;</li>
 * <li>{@value #EXCLUSIVE} ({@code "Probe Exclusive"}, endpoint id {@code probe/excl}): one client
 * at a time. The driver itself does not refuse a second client: exclusivity is the host's job, and
 * {@link #maxOpenCount(String)} shows whether the host did it.</li>
 * </ul>
 * Every method is thread-safe and returns copies: nothing returned changes afterwards.
 */
@ProviderType
public interface ProbeRecorder {
    /** The probe driver's id ({@code midihost.driver.id}). */
    String DRIVER_ID = "probe";
    /** The probe driver's order ({@code midihost.driver.order}): after the loopback driver's 100. */
    int ORDER = 200;
    /** Device id of the multi-client recorder output. */
    String RECORDER = "rec";
    /** Device id of the one-client-at-a-time output. */
    String EXCLUSIVE = "excl";
    /** Product name of {@link #RECORDER}. */
    String RECORDER_NAME = "Probe Recorder";
    /** Product name of {@link #EXCLUSIVE}. */
    String EXCLUSIVE_NAME = "Probe Exclusive";

    /**
     * @param deviceId {@link #RECORDER} or {@link #EXCLUSIVE}
     * @return every short message the device received since the last {@link #clear()}, in the
     *         order the driver received them, WinMM packing
     * @throws IllegalArgumentException for another device id
     */
    int[] shortMessages(String deviceId);

    /**
     * @param deviceId {@link #RECORDER} or {@link #EXCLUSIVE}
     * @return how many short messages the device received since the last {@link #clear()}
     */
    int shortMessageCount(String deviceId);

    /**
     * @param deviceId {@link #RECORDER} or {@link #EXCLUSIVE}
     * @return every system-exclusive message the device received since the last {@link #clear()},
     *         in order, each the first {@code bufferLength} bytes of the header the driver got
     */
    List<byte[]> sysex(String deviceId);

    /**
     * @param deviceId {@link #RECORDER} or {@link #EXCLUSIVE}
     * @return how many driver instances of the device are open now (opened and not yet closed)
     */
    int openCount(String deviceId);

    /**
     * @param deviceId {@link #RECORDER} or {@link #EXCLUSIVE}
     * @return the most instances of the device that were open at once since the last
     *         {@link #clear()} (or since the start)
     */
    int maxOpenCount(String deviceId);

    /**
     * @return how many calls reached an instance after its {@code close()}: the host must never
     *         make one, so anything but 0 is a host bug
     */
    int callsAfterClose();

    /** Forgets every recording; the highest open count starts again from the current one. */
    void clear();

    /**
     * From now on a short message to {@link #EXCLUSIVE} stays inside the driver until
     * {@link #release()}: a driver stuck in a call, for the host's bound on stuck calls.
     */
    void stall();

    /** @return how many calls are stuck inside the driver now */
    int stalled();

    /** Lets the stuck calls return; later calls no longer stall. */
    void release();
}
