package org.midihost.spi;

import java.util.List;
import org.midihost.api.MidiException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A MIDI driver: a user-mode driver's {@code modMessage}/{@code midMessage} as an OSGi service.
 * Register it with the {@link #ID} and {@link #ORDER} service properties
 * ({@link MidiDriverProperties}).
 *
 * <p>The host calls {@link #outDevices()} and {@link #inDevices()} when the service appears and
 * again whenever its service properties change (a DS component's {@code @Modified}); a driver whose
 * device set changes at runtime changes a service property to say so. The host serialises the
 * calls for one device: a driver never sees two concurrent calls on one device, but may see
 * concurrent calls on different devices. The host never calls a driver after the driver's
 * service has gone and the host's unbind has returned.
 *
 * <p>Any method may throw {@link MidiException} with a result code (for example
 * {@link org.midihost.api.MmResult#MMSYSERR_ALLOCATED}); a {@link RuntimeException} is logged by the
 * host and reaches the client as {@link org.midihost.api.MmResult#MMSYSERR_ERROR}.
 */
@ConsumerType
public interface MidiDriver {
    /** Service property: the driver id (String). */
    String ID = "midihost.driver.id";
    /** Service property: the driver's place in the numbering (Integer, lower first). */
    String ORDER = "midihost.driver.order";
    /** The order of a driver that gives none. */
    int DEFAULT_ORDER = 100;

    /**
     * {@code MODM_GETNUMDEVS} and {@code MODM_GETDEVCAPS}: the output devices, in the driver's own
     * order (device index 0 first).
     *
     * @return the devices, not {@code null}; device ids unique within the driver
     */
    List<OutDevice> outDevices();

    /**
     * {@code MIDM_GETNUMDEVS} and {@code MIDM_GETDEVCAPS}: the input devices.
     *
     * @return the devices, not {@code null}; device ids unique within the driver
     */
    List<InDevice> inDevices();

    /**
     * {@code MODM_OPEN}: open output device {@code index} for one client. A device that is not
     * {@link OutDevice#multiClient()} is opened by one client at a time (the host sees to that,
     * but the driver may also answer {@code MMSYSERR_ALLOCATED}).
     *
     * @param index the index in {@link #outDevices()}
     * @param client the host's side of this client: where DONE goes
     * @return the per-client instance (the seeds' {@code dwUser})
     * @throws MidiException if the device cannot be opened
     */
    OutInstance openOut(int index, OutClient client) throws MidiException;

    /**
     * {@code MIDM_OPEN}: open input device {@code index} for one client. The instance delivers
     * input to {@code client} only between {@link InInstance#start()} and {@link InInstance#stop()}.
     *
     * @param index the index in {@link #inDevices()}
     * @param client the host's side of this client: where input goes
     * @return the per-client instance
     * @throws MidiException if the device cannot be opened
     */
    InInstance openIn(int index, InClient client) throws MidiException;
}
