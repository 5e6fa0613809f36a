package org.midihost.api;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The output devices as they were at one moment (one generation of the host's device table).
 * Opening by index within the snapshot never opens the wrong device: once the table has changed,
 * {@link #open} fails with {@link MmResult#MMSYSERR_BADDEVICEID}.
 */
@ProviderType
public interface OutDeviceList {
    /** @return the generation of the device table this snapshot shows */
    long generation();

    /** @return the caps of devices {@code 0..n-1}, in device id order; unmodifiable */
    List<MidiOutCaps> devices();

    /**
     * Open device {@code index} of this snapshot.
     *
     * @param index the index within {@link #devices()}
     * @param callback the callbacks, not {@code null} ({@link MidiOutCallback#NONE} for none)
     * @param options the options, not {@code null}
     * @return the open handle
     * @throws MidiException {@code MMSYSERR_BADDEVICEID} if the index is out of range or the
     *         table changed since this snapshot; otherwise as {@link MidiHost#openOut(int,
     *         MidiOutCallback, OpenOptions)}
     */
    MidiOut open(int index, MidiOutCallback callback, OpenOptions options) throws MidiException;
}
