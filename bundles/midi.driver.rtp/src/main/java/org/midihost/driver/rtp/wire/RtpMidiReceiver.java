package org.midihost.driver.rtp.wire;

import java.nio.ByteBuffer;
import org.midihost.driver.rtp.wire.JournalReceiver.Arrival;

/**
 * Takes the RTP-MIDI packets of one received stream and hands on what to play: drops late
 * packets, repairs from the journal after a loss (before the packet's own commands), decodes the
 * MIDI list, reassembles system exclusive. The glue the driver's session will use for each
 * datagram on the data port. Allocates nothing after construction. Not thread-safe.
 */
public final class RtpMidiReceiver {

    /** What the receiver hands on. */
    public interface Output {
        /** A command to play (packed as in {@link MidiListSink#message}); {@code repair} when it comes from a journal. */
        void message(int message, boolean repair);

        /** A complete system-exclusive message, F0 … F7; read {@code b} during the call only. */
        void sysex(byte[] b, int off, int len);
    }

    /** The largest UDP payload (IPv4). */
    public static final int MAX_DATAGRAM = 65_507;

    private final RtpHeader header = new RtpHeader();
    private byte[] scratch;
    private final MidiCommandSection section = new MidiCommandSection();
    private final JournalReceiver journal = new JournalReceiver();
    private final SysexReassembler sysex;
    private final Output output;
    private long late;
    private long malformed;
    private long unrepaired;

    private final MidiListSink sink = new MidiListSink() {
        @Override
        public void message(long time, int message) {
            journal.played(message);
            output.message(message, false);
        }

        @Override
        public void sysex(long time, byte[] b, int off, int len) {
            if (sysex.accept(b, off, len) == SysexReassembler.Status.COMPLETE) {
                output.sysex(sysex.buffer(), 0, sysex.length());
            }
        }
    };
    private final JournalReceiver.Repair repair;

    /** @param maxSysex the longest system-exclusive message put together */
    public RtpMidiReceiver(int maxSysex, Output output) {
        this.sysex = new SysexReassembler(maxSysex);
        this.output = output;
        this.repair = m -> output.message(m, true);
    }

    /**
     * Takes one RTP packet.
     *
     * @return how it arrived
     * @throws WireException when it is malformed (nothing of it was played unless the MIDI list
     *         broke half-way: the commands before the fault were)
     */
    public Arrival receive(byte[] b, int off, int len) throws WireException {
        try {
            header.parse(b, off, len);
            int payload = off + header.headerLength();
            int sectionLength = section.parse(b, payload, header.payloadLength(), null);
            boolean hasJournal = section.journal();
            Arrival arrival = journal.arrive(header.sequence());
            if (arrival == Arrival.LATE) {
                late++;
                return arrival;
            }
            if (arrival == Arrival.LOSS || arrival == Arrival.FIRST) {
                if (arrival == Arrival.LOSS) {
                    sysex.lost();
                }
                if (hasJournal) {
                    journal.repair(b, payload + sectionLength, header.payloadLength() - sectionLength, repair);
                } else if (arrival == Arrival.LOSS) {
                    unrepaired++;
                }
            }
            section.parse(b, payload, header.payloadLength(), sink);
            return arrival;
        } catch (WireException e) {
            malformed++;
            throw e;
        }
    }

    /**
     * Takes one RTP packet from {@code buffer}'s position to its limit; the position is not
     * moved. A direct buffer is copied into a scratch array of the largest UDP payload, made on
     * first use.
     *
     * @throws WireException as {@link #receive(byte[], int, int)}
     */
    public Arrival receive(ByteBuffer buffer) throws WireException {
        int len = buffer.remaining();
        if (buffer.hasArray()) {
            return receive(buffer.array(), buffer.arrayOffset() + buffer.position(), len);
        }
        if (scratch == null) {
            scratch = new byte[MAX_DATAGRAM];
        }
        int n = Math.min(len, MAX_DATAGRAM);
        buffer.get(buffer.position(), scratch, 0, n);
        return receive(scratch, 0, n);
    }

    /** The journal state (what the stream has set up); its {@code highest()} goes into RS. */
    public JournalReceiver state() {
        return journal;
    }

    /** The last packet's RTP header. */
    public RtpHeader header() {
        return header;
    }

    public long late() {
        return late;
    }

    public long malformed() {
        return malformed;
    }

    /** Losses with no journal to repair them. */
    public long unrepaired() {
        return unrepaired;
    }
}
