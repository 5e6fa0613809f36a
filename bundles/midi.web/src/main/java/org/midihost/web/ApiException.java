package org.midihost.web;

/**
 * A failed API request: the HTTP status and the one-line message that {@link ApiServlet} sends as
 * {@code {"error":"…"}}. Thrown by the servlets' handlers and by {@link Json#read}.
 */
public final class ApiException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    /**
     * @param status the HTTP status, 4xx or 5xx
     * @param message what went wrong, for the user: one line, leading with the cause
     */
    public ApiException(int status, String message) {
        super(message, null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("not an error status: " + status);
        }
        this.status = status;
    }

    /** @return the HTTP status */
    public int status() {
        return status;
    }
}
