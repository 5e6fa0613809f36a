package org.midihost.web;

import org.midihost.api.MidiException;

/**
 * The HTTP status for a host error, whose one-line message (cause, then the result code's name)
 * becomes the body: no such device 404, a device another client holds 409, a driver that went
 * away or cannot take the call now 503, bad bytes or a bad parameter 400, anything else 500.
 */
public final class HostErrors {
    private HostErrors() {
    }

    /**
     * @param e the host's exception
     * @return an {@link ApiException} with the status for its result code and its message
     */
    public static ApiException of(MidiException e) {
        int status = switch (e.result()) {
            case MIDIERR_NODEVICE, MMSYSERR_BADDEVICEID -> 404;
            case MMSYSERR_ALLOCATED -> 409;
            case MMSYSERR_NODRIVER, MIDIERR_NOTREADY, MIDIERR_STILLPLAYING -> 503;
            case MMSYSERR_INVALPARAM, MMSYSERR_INVALFLAG, MMSYSERR_NOTSUPPORTED, MIDIERR_BADOPENMODE -> 400;
            default -> 500;
        };
        return new ApiException(status, e.getMessage());
    }
}
