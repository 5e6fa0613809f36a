package org.midihost.spi;

import java.util.List;
import org.midihost.api.MidiException;
import org.midihost.api.MmResult;
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
 * <p><b>The lock rule</b> (one for every driver): a driver never calls a client ({@link InClient},
 * {@link OutClient}) while holding a lock that its {@code start}, {@code stop}, {@code close} or
 * {@code reset} may take (a lock taken only inside the host's call for that same device, such as
 * a per-device send lock in {@code shortMsg}, adds no cycle and is allowed). The
 * host calls into a driver holding the device's gate, and a client's callback may call back into
 * the host on the driver's thread (a DIRECT callback that stops or closes its own input): a driver
 * lock held across the client call and taken again by {@link InInstance#stop()} would deadlock
 * the two threads. So {@link InInstance#stop()} and {@link InInstance#close()} do not wait for a
 * delivery already under way on another thread; the host discards what arrives after them.
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
     * {@code MODM_OPEN}: open output device {@code deviceId} for one client. A device that is not
     * {@link OutDevice#multiClient()} is opened by one client at a time (the host sees to that,
     * but the driver may also answer {@code MMSYSERR_ALLOCATED}).
     *
     * <p>The host opens by the driver's own id, never by a position in a list: the driver's list
     * may have changed since the host read it (hot plug), and a position could then name another
     * device. The default finds the id in {@link #outDevices()} and calls the 1.1 index form, for
     * drivers written against 1.1; a driver written now overrides this method only.
     *
     * @param deviceId the {@link OutDevice#id()} of the device
     * @param client the host's side of this client: where DONE goes
     * @return the per-client instance (the seeds' {@code dwUser})
     * @throws MidiException if the device cannot be opened; {@code MMSYSERR_BADDEVICEID} if the
     *         driver has no such device (any more)
     * @since 1.2
     */
    default OutInstance openOut(String deviceId, OutClient client) throws MidiException {
        List<OutDevice> devices = outDevices();
        for (int i = 0; i < devices.size(); i++) {
            if (devices.get(i).id().equals(deviceId)) {
                return openOut(i, client);
            }
        }
        throw new MidiException(MmResult.MMSYSERR_BADDEVICEID, "no output device '" + deviceId + "'");
    }

    /**
     * {@code MIDM_OPEN}: open input device {@code deviceId} for one client. The instance delivers
     * input to {@code client} only between {@link InInstance#start()} and {@link InInstance#stop()}.
     * As for {@link #openOut(String, OutClient)}, a driver written now overrides this form only.
     *
     * @param deviceId the {@link InDevice#id()} of the device
     * @param client the host's side of this client: where input goes
     * @return the per-client instance
     * @throws MidiException if the device cannot be opened; {@code MMSYSERR_BADDEVICEID} if the
     *         driver has no such device (any more)
     * @since 1.2
     */
    default InInstance openIn(String deviceId, InClient client) throws MidiException {
        List<InDevice> devices = inDevices();
        for (int i = 0; i < devices.size(); i++) {
            if (devices.get(i).id().equals(deviceId)) {
                return openIn(i, client);
            }
        }
        throw new MidiException(MmResult.MMSYSERR_BADDEVICEID, "no input device '" + deviceId + "'");
    }

    /**
     * Which of this driver's inputs receives what is sent to an output: a loopback cable, a
     * virtual port whose output comes back in. The host answers {@code MidiHost.feeds} with it, and
     * refuses a thru connection ({@code MidiIn.connect}) that would send an input's messages back
     * into itself; a router uses it to refuse routes that close a cycle. Called with no host lock
     * held, on any thread; it should answer from the driver's current configuration without
     * blocking.
     *
     * @param outDeviceId the {@link OutDevice#id()} of one of this driver's outputs
     * @return the {@link InDevice#id()} of the input that output feeds, or {@code null} if it
     *         feeds none of this driver's inputs, the driver does not know, or it has no such
     *         output; the default returns {@code null}
     * @since 1.4
     */
    default String feeds(String outDeviceId) {
        return null;
    }

    /**
     * The 1.1 form of {@link #openOut(String, OutClient)}, by position in {@link #outDevices()}.
     * The host no longer calls it; it is called only by the default of the id form.
     *
     * @param index the index in {@link #outDevices()}
     * @param client the host's side of this client
     * @return the per-client instance
     * @throws MidiException {@code MMSYSERR_NOTSUPPORTED} unless the driver overrides it
     * @deprecated since 1.2: override {@link #openOut(String, OutClient)}
     */
    @Deprecated
    default OutInstance openOut(int index, OutClient client) throws MidiException {
        throw new MidiException(MmResult.MMSYSERR_NOTSUPPORTED, getClass().getName() + " implements no openOut");
    }

    /**
     * The 1.1 form of {@link #openIn(String, InClient)}, by position in {@link #inDevices()}.
     *
     * @param index the index in {@link #inDevices()}
     * @param client the host's side of this client
     * @return the per-client instance
     * @throws MidiException {@code MMSYSERR_NOTSUPPORTED} unless the driver overrides it
     * @deprecated since 1.2: override {@link #openIn(String, InClient)}
     */
    @Deprecated
    default InInstance openIn(int index, InClient client) throws MidiException {
        throw new MidiException(MmResult.MMSYSERR_NOTSUPPORTED, getClass().getName() + " implements no openIn");
    }
}
