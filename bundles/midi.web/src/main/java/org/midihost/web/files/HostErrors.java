package org.midihost.web.files;

import org.midihost.api.MidiException;
import org.midihost.web.ApiException;

/** A host's {@link MidiException} as an API error: its status by the result code, the host's text. */
final class HostErrors {
    private HostErrors() {
    }

    /**
     * @param e what the host threw
     * @param what what was being done ({@code opening output synth/0}), leading the message
     * @return 404 for a device that is not there, 409 for one in use, 400 for a bad parameter,
     *         500 otherwise; the message is {@code what: the host's message}
     */
    static ApiException of(MidiException e, String what) {
        int status = switch (e.result()) {
            case MMSYSERR_BADDEVICEID, MIDIERR_NODEVICE, MMSYSERR_NODRIVER -> 404;
            case MMSYSERR_ALLOCATED, MIDIERR_NOTREADY -> 409;
            case MMSYSERR_INVALPARAM, MMSYSERR_INVALFLAG, MIDIERR_BADOPENMODE, MMSYSERR_NOTSUPPORTED -> 400;
            default -> 500;
        };
        return new ApiException(status, what + ": " + e.getMessage());
    }
}
