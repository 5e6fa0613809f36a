package org.midihost.spi;

import java.util.List;
import org.midihost.api.MidiException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A byte-level MIDI driver, WDM's {@code IMiniportMidi}: it knows its hardware's ports and moves
 * raw bytes; the host's port driver makes them ordinary numbered devices and does all the MIDI
 * work (parsing, running status, system-exclusive assembly into client buffers, time stamps,
 * back-pressure). Register it as an OSGi service with the same {@link MidiDriver#ID} and
 * {@link MidiDriver#ORDER} properties as a {@link MidiDriver} ({@link MidiDriverProperties}).
 *
 * <p>The host calls {@link #init(Port)} once, before anything else; lists the devices when the
 * service appears and again when its properties change (a miniport whose devices come and go
 * registers its service itself and changes a service property to say so: Declarative Services
 * gives a component no standard way to change its own service properties); opens one stream per device in use (it
 * shares the stream among the device's clients) and closes it when the last client goes. After the
 * service has gone and the host's unbind has returned, the host makes no call to the miniport and
 * ignores its notifications.
 */
@ConsumerType
public interface Miniport {
    /**
     * {@code IMiniportMidi::Init}: the port this miniport reports to.
     *
     * @param port where to {@link Port#notify notify}, from any thread
     * @throws MidiException if the hardware cannot be used; the miniport is then left out
     */
    void init(Port port) throws MidiException;

    /**
     * The render (output) devices, in the miniport's own order. {@link OutDevice#multiClient()}
     * says whether several clients may share one.
     *
     * @return the devices, not {@code null}
     */
    List<OutDevice> renderDevices();

    /**
     * The capture (input) devices, in the miniport's own order.
     *
     * @return the devices, not {@code null}
     */
    List<InDevice> captureDevices();

    /**
     * {@code IMiniportMidi::NewStream}: open the byte stream of one device. The stream starts in
     * {@link StreamState#STOP}.
     *
     * @param index the index in {@link #renderDevices()} or {@link #captureDevices()}
     * @param capture true for a capture device, false for a render device
     * @param group what to pass to {@link Port#notify} for this stream
     * @return the stream
     * @throws MidiException if it cannot be opened ({@code MMSYSERR_ALLOCATED},
     *         {@code MMSYSERR_NODRIVER} when the hardware went away, …)
     */
    MiniportStream newStream(int index, boolean capture, ServiceGroup group) throws MidiException;

    /**
     * Whether the host may leave out repeated status bytes (running status) when it writes to
     * render device {@code index}. Off by default: every message goes out whole.
     *
     * @param index the index in {@link #renderDevices()}
     * @return true to compress with running status
     */
    default boolean runningStatus(int index) {
        return false;
    }

    /**
     * {@code IMiniportMidi::Service}: the port's service routine calls it on the port's service
     * thread each time the port is notified, before it drains the capture streams; the miniport
     * does there what its "interrupt" left for later. Never concurrently with itself. Does nothing
     * by default.
     *
     * @since 1.2
     */
    default void service() {
    }
}
