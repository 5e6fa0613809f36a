package org.midihost.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The MIDI host, an OSGi service: the WinMM device calls ({@code midiOutGetNumDevs},
 * {@code midiOutGetDevCaps}, {@code midiOutOpen}, and the {@code midiIn} ones) over every driver
 * present.
 *
 * <p>Output and input devices are numbered separately, {@code 0..n-1}, in an order that depends
 * only on the drivers present and their configuration: driver order, then driver id, then the
 * driver's own device index. A device id is valid until the device table changes; the endpoint id
 * in the caps is stable. All methods are thread-safe.
 */
@ProviderType
public interface MidiHost {
    /** {@code MIDI_MAPPER}: the device id of the MIDI mapper, an output that stands for the default output. */
    int MIDI_MAPPER = -1;

    /** @return {@code midiOutGetNumDevs}: the number of output devices now */
    int outDeviceCount();

    /** @return {@code midiInGetNumDevs}: the number of input devices now */
    int inDeviceCount();

    /**
     * {@code midiOutGetDevCaps}.
     *
     * @param id a device id, or {@link #MIDI_MAPPER} for the mapper's caps
     * @return the caps
     * @throws MidiException {@code MMSYSERR_BADDEVICEID} if out of range
     */
    MidiOutCaps outCaps(int id) throws MidiException;

    /**
     * {@code midiInGetDevCaps}.
     *
     * @param id a device id
     * @return the caps
     * @throws MidiException {@code MMSYSERR_BADDEVICEID} if out of range
     */
    MidiInCaps inCaps(int id) throws MidiException;

    /** @return {@code outDeviceCount()} and every {@code outCaps}, as one consistent snapshot */
    OutDeviceList outDevices();

    /** @return {@code inDeviceCount()} and every {@code inCaps}, as one consistent snapshot */
    InDeviceList inDevices();

    /**
     * {@code midiOutOpen}. The OPEN callback comes before any other.
     *
     * @param id a device id, or {@link #MIDI_MAPPER}: the host's configured default output
     *        while it is present, else the first software synthesizer, else output 0
     * @param callback the callbacks, not {@code null} ({@link MidiOutCallback#NONE} for none)
     * @param options the options, not {@code null}
     * @return the open handle
     * @throws MidiException {@code MMSYSERR_BADDEVICEID} if out of range;
     *         {@code MIDIERR_NODEVICE} for the mapper with no output present;
     *         {@code MMSYSERR_ALLOCATED} if the device takes one client and has one;
     *         {@code MMSYSERR_INVALPARAM} for {@code null} arguments; {@code MMSYSERR_ERROR} or the
     *         driver's own code if the driver fails
     */
    MidiOut openOut(int id, MidiOutCallback callback, OpenOptions options) throws MidiException;

    /**
     * {@code midiInOpen}. The OPEN callback comes before any other.
     *
     * @param id a device id
     * @param callback the callbacks, not {@code null} ({@link MidiInCallback#NONE} for none)
     * @param options the options, not {@code null}
     * @return the open handle, stopped
     * @throws MidiException as {@link #openOut(int, MidiOutCallback, OpenOptions)}
     */
    MidiIn openIn(int id, MidiInCallback callback, OpenOptions options) throws MidiException;

    /**
     * Open an output by its stable endpoint id.
     *
     * @param endpointId the endpoint id from the caps, e.g. {@code "loopback/0"}
     * @param callback the callbacks, not {@code null}
     * @param options the options, not {@code null}
     * @return the open handle
     * @throws MidiException {@code MIDIERR_NODEVICE} if no output has that endpoint id now;
     *         otherwise as {@link #openOut(int, MidiOutCallback, OpenOptions)}
     */
    MidiOut openOut(String endpointId, MidiOutCallback callback, OpenOptions options) throws MidiException;

    /**
     * {@code midiStreamOpen}: opens a stream of timed events on an output (or the mapper), played
     * by the {@link MidiScheduler}. The stream starts paused; {@link MidiStream#restart()} plays it.
     *
     * @param id a device id, or {@link #MIDI_MAPPER}
     * @param callback the stream's callbacks, not {@code null}
     * @param options the options of the output handle under the stream
     * @return the stream
     * @throws MidiException {@code MMSYSERR_NODRIVER} if no scheduler is installed (bundle
     *         {@code org.midihost.stream}); otherwise as {@link #openOut(int, MidiOutCallback, OpenOptions)}
     * @since 1.3
     */
    MidiStream openStream(int id, StreamCallback callback, OpenOptions options) throws MidiException;

    /**
     * {@code midiStreamOpen} by endpoint id.
     *
     * @param endpointId the endpoint id of an output
     * @param callback the stream's callbacks, not {@code null}
     * @param options the options of the output handle under the stream
     * @return the stream
     * @throws MidiException as {@link #openStream(int, StreamCallback, OpenOptions)} and
     *         {@link #openOut(String, MidiOutCallback, OpenOptions)}
     * @since 1.3
     */
    MidiStream openStream(String endpointId, StreamCallback callback, OpenOptions options) throws MidiException;

    /**
     * Open an input by its stable endpoint id.
     *
     * @param endpointId the endpoint id from the caps, e.g. {@code "loopback/0"}
     * @param callback the callbacks, not {@code null}
     * @param options the options, not {@code null}
     * @return the open handle, stopped
     * @throws MidiException {@code MIDIERR_NODEVICE} if no input has that endpoint id now;
     *         otherwise as {@link #openIn(int, MidiInCallback, OpenOptions)}
     */
    MidiIn openIn(String endpointId, MidiInCallback callback, OpenOptions options) throws MidiException;

    /**
     * Spy on an output, as macOS MIDI Monitor's "spy on output to destinations": a handle that
     * hears what every client sends to output {@code id}, without opening the output and without
     * taking it from anyone. It works on a single-client output that another client holds, and
     * opening it never gives {@code MMSYSERR_ALLOCATED}; a spy is not one of the output's clients
     * ({@link #openHandles} does not count it).
     *
     * <p>The spy behaves as an input ({@link #openIn(int, MidiInCallback, OpenOptions)}): it opens
     * stopped; after {@link MidiIn#start()} it gets {@link MidiInCallback#onData} with each short
     * message that reaches the output's driver (running status expanded), from every client, in
     * the order the device received them, time-stamped from the start; and each system-exclusive
     * message sent to the output, whole, through the spy's own buffers
     * ({@link MidiIn#addBuffer}, {@link MidiInCallback#onLongData}). A message the driver refused
     * (it threw) is not reported. {@link MidiIn#stop()}, {@link MidiIn#reset()} and
     * {@link MidiIn#close()} work as for an input; the spy gets CLOSE when the output's driver
     * goes, and with {@link OpenOptions#reconnect(boolean)} spies on the output again when the same
     * endpoint returns. {@link MidiIn#caps()} describes the output: its name, ids and (output)
     * endpoint id. {@link MidiIn#connect} is not supported on a spy.
     *
     * <p>Callbacks always come on a host thread, or the options' {@link OpenOptions#executor}:
     * {@link Delivery#DIRECT} is taken as {@link Delivery#THREAD}, because the senders must not run
     * a spy's callback. A sender's short message costs nothing more with no spy attached and
     * allocates nothing with one.
     *
     * <p>The MIDI mapper is not a device and cannot be spied on: it picks an output at each open.
     * Spy on the output it stands for now, {@link #mapperOutput()}.
     *
     * @param id an output device id
     * @param callback the callbacks, not {@code null}
     * @param options the options, not {@code null}
     * @return the spy, stopped
     * @throws MidiException {@code MMSYSERR_BADDEVICEID} if out of range, and for
     *         {@link #MIDI_MAPPER}; {@code MMSYSERR_INVALPARAM} for {@code null} arguments
     * @since 1.4
     */
    MidiIn openSpy(int id, MidiInCallback callback, OpenOptions options) throws MidiException;

    /**
     * {@link #openSpy(int, MidiInCallback, OpenOptions)} by the output's endpoint id.
     *
     * @param endpointId the endpoint id of an output, e.g. {@code "loopback/0"}
     * @param callback the callbacks, not {@code null}
     * @param options the options, not {@code null}
     * @return the spy, stopped
     * @throws MidiException {@code MIDIERR_NODEVICE} if no output has that endpoint id now;
     *         {@code MMSYSERR_BADDEVICEID} for the mapper's endpoint id;
     *         {@code MMSYSERR_INVALPARAM} for {@code null} arguments
     * @since 1.4
     */
    MidiIn openSpy(String endpointId, MidiInCallback callback, OpenOptions options) throws MidiException;

    /**
     * Which input an output feeds: what is sent to the output arrives at that input (a loopback
     * cable's two ends), as the output's driver tells it ({@code MidiDriver.feeds} in the SPI). A
     * router uses it to refuse routes that close a cycle.
     *
     * @param outputEndpointId the endpoint id of an output; the mapper's endpoint id stands for
     *        the output the mapper stands for now ({@link #mapperOutput()})
     * @return the endpoint id of the input, present now, that the output feeds; empty if it feeds
     *         none, if its driver does not know, if no output has that endpoint id now, or for
     *         {@code null}
     * @since 1.4
     */
    java.util.Optional<String> feeds(String outputEndpointId);

    /**
     * How many handles are open on a device now: its clients, as {@code midi:devices} shows them.
     *
     * @param device the caps of an output or an input, as {@link #outDevices()} or
     *        {@link #inDevices()} gave them (the endpoint id and the direction count)
     * @return the open handles; 0 if the device is not present now, and for the MIDI mapper
     *         (mapper handles count on the device they map to)
     * @throws MidiException {@code MMSYSERR_INVALPARAM} if {@code device} is {@code null} (since 1.2)
     * @since 1.1
     */
    int openHandles(DeviceCaps device) throws MidiException;

    /**
     * The output the MIDI mapper ({@link #MIDI_MAPPER}) stands for now: the configured default
     * while it is present, else the first software synthesizer, else output 0. (An open of the
     * mapper takes the next of these if this one does not open.)
     *
     * @return its caps, or empty when there is no output
     * @since 1.2
     */
    java.util.Optional<MidiOutCaps> mapperOutput();

    /**
     * Every driver service the host tracks, bound, waiting for its driver id or refused, in the
     * order they came.
     *
     * @return the drivers
     * @since 1.2
     */
    List<DriverState> drivers();

    /**
     * The devices given up on because a call inside their driver did not return within the host's
     * bound (configuration {@code unbind.timeout.ms}), until that call returns.
     *
     * @return the stuck calls, oldest first; empty when none
     * @since 1.2
     */
    List<StuckCall> stuckCalls();

    /**
     * @param listener hears about every later change; adding it twice has no effect
     */
    void addDeviceListener(DeviceListener listener);

    /**
     * @param listener no longer hears; removing one that is not there has no effect
     */
    void removeDeviceListener(DeviceListener listener);
}
