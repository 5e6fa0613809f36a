package org.midihost.host;

/**
 * The part of the device table a handle sees: the waiting list of handles that asked to
 * reconnect when their endpoint returns. Every method takes the table lock briefly and calls no
 * handle while holding it, except {@link #awaitReconnect}, which reattaches after releasing it.
 */
interface Reconnects {
    /** A handle that can be reattached to its endpoint's next device. */
    interface Waiter {
        /**
         * Reattach to the endpoint's new device; OPEN follows.
         *
         * @return whether it attached (false: closed meanwhile, or it waits again)
         */
        boolean reattach(Device d);

        /** @return the device the handle was last attached to: its endpoint is what it waits for */
        Device lastDevice();
    }

    /**
     * A detached handle waits for the endpoint of {@code old}, or reattaches at once if another
     * device with that endpoint is already present.
     *
     * @return false if nothing will come back: the host is closing
     */
    boolean awaitReconnect(Waiter h, Device old);

    /** A handle whose reattach failed waits for the endpoint's next arrival. */
    void queueReconnect(Waiter h, Device d);

    /** A handle closed while waiting stops waiting. */
    void forgetReconnect(Waiter h);
}
