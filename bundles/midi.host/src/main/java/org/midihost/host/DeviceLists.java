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
import org.midihost.api.OutDeviceList;

/** The snapshot views of {@code MidiHost.outDevices()} and {@code inDevices()}. */
final class DeviceLists {
    private DeviceLists() {
    }

    private static void checkCurrent(DeviceTable devices, Table t, int index, int size) throws MidiException {
        if (devices.current().generation() != t.generation()) {
            throw new MidiException(MmResult.MMSYSERR_BADDEVICEID,
                    "the device table changed since snapshot generation " + t.generation());
        }
        if (index < 0 || index >= size) {
            throw new MidiException(MmResult.MMSYSERR_BADDEVICEID, "index " + index + " of " + size);
        }
    }

    record Out(DeviceTable deviceTable, Handles handles, Table table) implements OutDeviceList {
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
            Handles.checkArgs(callback, options);
            checkCurrent(deviceTable, table, index, table.outs().length);
            return handles.openOut(table.outs()[index], callback, options);
        }
    }

    record In(DeviceTable deviceTable, Handles handles, Table table) implements InDeviceList {
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
            Handles.checkArgs(callback, options);
            checkCurrent(deviceTable, table, index, table.ins().length);
            return handles.openIn(table.ins()[index], callback, options);
        }
    }
}
