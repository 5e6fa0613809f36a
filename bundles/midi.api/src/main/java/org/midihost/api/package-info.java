/**
 * The midihost client API: the WinMM MIDI calls ({@code midiOutGetNumDevs}, {@code midiOutOpen},
 * {@code midiOutShortMsg}, {@code midiInAddBuffer}, …) in Java form.
 *
 * <p>Get the {@link org.midihost.api.MidiHost} service, count and describe devices, open one by
 * its dense device id ({@code uDeviceID}), by its stable endpoint id or by its index within a
 * {@link org.midihost.api.OutDeviceList}/{@link org.midihost.api.InDeviceList} snapshot, and talk
 * to it through the returned {@link org.midihost.api.MidiOut} or {@link org.midihost.api.MidiIn}
 * handle. Every failure is a {@link org.midihost.api.MidiException} carrying an
 * {@link org.midihost.api.MmResult}.
 *
 * <p>Since 1.4: spies on outputs ({@link org.midihost.api.MidiHost#openSpy}), thru connections
 * ({@link org.midihost.api.MidiIn#connect}, {@code midiConnect}) and which input an output feeds
 * ({@link org.midihost.api.MidiHost#feeds}).
 */
@Export
@Version("1.4.0")
package org.midihost.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
