package org.midihost.host;

import java.util.List;
import org.midihost.api.InDeviceList;
import org.midihost.api.MidiException;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;
import org.midihost.api.MidiInCaps;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.MidiOutCaps;
import org.midihost.api.MmResult;
import org.midihost.api.OpenOptions;

/** The snapshot views of {@link Host#outDevices()} and {@link Host#inDevices()}. */
final class DeviceLists {
    private DeviceLists() {
    }

    private static void checkCurrent(Host host, Table t, int index, int size) throws MidiException {
        if (host.table().generation() != t.generation()) {
            throw new MidiException(MmResult.MMSYSERR_BADDEVICEID,
                    "the device table changed since snapshot generation " + t.generation());
        }
        if (index < 0 || index >= size) {
            throw new MidiException(MmResult.MMSYSERR_BADDEVICEID, "index " + index + " of " + size);
        }
    }

    record Out(Host host, Table table) implements org.midihost.api.OutDeviceList {
        @Override
        public long generation() {
            return table.generation();
        }

        @Override
        public List<MidiOutCaps> devices() {
            return table.outCaps();
        }

        @Override
        public MidiOut open(int index, MidiOutCallback callback, OpenOptions options) throws MidiException {
            Host.checkArgs(callback, options);
            checkCurrent(host, table, index, table.outs().length);
            return host.openOutDevice(table.outs()[index], callback, options);
        }
    }

    record In(Host host, Table table) implements InDeviceList {
        @Override
        public long generation() {
            return table.generation();
        }

        @Override
        public List<MidiInCaps> devices() {
            return table.inCaps();
        }

        @Override
        public MidiIn open(int index, MidiInCallback callback, OpenOptions options) throws MidiException {
            Host.checkArgs(callback, options);
            checkCurrent(host, table, index, table.ins().length);
            return host.openInDevice(table.ins()[index], callback, options);
        }
    }
}
