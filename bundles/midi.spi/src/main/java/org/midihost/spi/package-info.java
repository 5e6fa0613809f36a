/**
 * The midihost driver SPI: what a MIDI driver bundle implements and registers as an OSGi service.
 *
 * <p>A {@link org.midihost.spi.MidiDriver} is a user-mode driver's {@code modMessage} and
 * {@code midMessage} in Java form: it lists its output and input devices (GETNUMDEVS, GETDEVCAPS),
 * opens a per-client instance for a device (OPEN, with the seeds' {@code dwUser} being the returned
 * {@link org.midihost.spi.OutInstance}/{@link org.midihost.spi.InInstance}), and the instance takes
 * DATA, LONGDATA, RESET, CLOSE, and for input START, STOP, RESET. Input flows back through the
 * host's {@link org.midihost.spi.InClient}. Register it with {@link org.midihost.spi.MidiDriverProperties}.
 */
@Export
@Version("1.0.0")
package org.midihost.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
