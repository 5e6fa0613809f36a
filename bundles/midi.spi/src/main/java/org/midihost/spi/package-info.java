/**
 * The midihost driver SPI: what a MIDI driver bundle implements and registers as an OSGi service.
 *
 * <p>A {@link org.midihost.spi.MidiDriver} is a user-mode driver's {@code modMessage} and
 * {@code midMessage} in Java form: it lists its output and input devices (GETNUMDEVS, GETDEVCAPS),
 * opens a per-client instance for a device (OPEN, with the seeds' {@code dwUser} being the returned
 * {@link org.midihost.spi.OutInstance}/{@link org.midihost.spi.InInstance}), and the instance takes
 * DATA, LONGDATA, RESET, CLOSE, and for input START, STOP and CLOSE. An input has no RESET of its
 * own: the client's input buffers are the host's, so the host does {@code MIDM_RESET} as STOP and
 * hands the buffers back itself. Input flows back through the host's
 * {@link org.midihost.spi.InClient}. Register it with {@link org.midihost.spi.MidiDriverProperties}.
 *
 * <p>Since 1.1: the byte-level shape, WDM's port/miniport split. A {@link org.midihost.spi.Miniport}
 * ({@code IMiniportMidi}) only moves raw MIDI bytes through its
 * {@link org.midihost.spi.MiniportStream}s ({@code IMiniportMidiStream}) and calls
 * {@link org.midihost.spi.Port#notify} ({@code IPortMidi::Notify}) from its "interrupt" when capture
 * data is ready or the render side has room; the host's port driver does the MIDI work: parsing,
 * running status, real-time bytes inside messages, system-exclusive assembly, time stamps,
 * back-pressure.
 *
 * <p>Since 1.2: the host opens a device by the driver's own id ({@link org.midihost.spi.MidiDriver#openOut(String,
 * org.midihost.spi.OutClient)}), never by a list position; one description type for both directions
 * ({@link org.midihost.spi.DeviceDescription}); the seeds' {@code IPortMidi::RegisterServiceGroup}
 * ({@link org.midihost.spi.Port#registerServiceGroup()}), {@code IMiniportMidi::Service}
 * ({@link org.midihost.spi.Miniport#service()}) and {@code IMiniportMidiStream::SetFormat}
 * ({@link org.midihost.spi.MiniportStream#setFormat}); and the lock rule every driver follows
 * (in {@link org.midihost.spi.MidiDriver}).
 *
 * <p>Since 1.4: {@link org.midihost.spi.MidiDriver#feeds(String)}, which input an output feeds (a
 * loopback cable), so that the host and routers can refuse connections that loop.
 */
@Export
@Version("1.4.0")
package org.midihost.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
