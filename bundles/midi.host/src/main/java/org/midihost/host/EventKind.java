package org.midihost.host;

/** What a {@link Dispatcher} delivers: the WinMM callback messages of both handle kinds. */
enum EventKind {
    /** {@code MOM_OPEN} / {@code MIM_OPEN}. */
    OPEN,
    /** {@code MOM_CLOSE} / {@code MIM_CLOSE}. */
    CLOSE,
    /** {@code MIM_DATA} (or {@code MIM_MOREDATA} when more input waits and the client asked). */
    DATA,
    /** {@code MIM_LONGDATA}: an input buffer handed back. */
    LONGDATA,
    /** {@code MIM_ERROR}: an invalid short message. */
    ERROR,
    /** {@code MIM_LONGERROR}: a system-exclusive message cut short. */
    LONGERROR,
    /** {@code MOM_DONE}: an output buffer handed back. */
    DONE,
    /** Input dropped because the client was behind; the message carries how many. */
    OVERFLOW,
    /** The driver was swapped and the handle, held, went on without CLOSE or OPEN. */
    SWAP
}
