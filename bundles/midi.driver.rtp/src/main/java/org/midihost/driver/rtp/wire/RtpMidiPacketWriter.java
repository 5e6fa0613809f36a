package org.midihost.driver.rtp.wire;

import org.midihost.driver.rtp.wire.WireException.Reason;

/**
 * Writes the RTP-MIDI packets of one sending stream: RTP header, MIDI command section, and (when
 * journalling) the recovery journal, each packet within an MTU. Per packet: {@link #begin}, then
 * {@link #add} commands and {@link #addSysex} segments while they fit, then {@link #finish}. It
 * numbers the packets and feeds what it writes to its {@link JournalSender}. Allocates nothing
 * after construction. Not thread-safe: the session's sending thread owns it.
 */
public final class RtpMidiPacketWriter {

    private final RtpHeader header = new RtpHeader();
    private final MidiListWriter list = new MidiListWriter(MidiCommandSection.MAX_LIST);
    private final JournalSender journal;
    private final byte[] journalBytes;
    private final byte[] segment;
    private final int ssrc;
    private final int mtu;
    private long sequence;
    private final int journalLimit;
    private int journalLength;
    private boolean open;
    private long forced;

    /**
     * @param ssrc the stream's SSRC
     * @param firstSequence the first packet's sequence number (0..65535)
     * @param mtu the longest packet (RTP header included; UDP and IP headers not)
     * @param journalling whether packets carry a recovery journal
     */
    public RtpMidiPacketWriter(int ssrc, int firstSequence, int mtu, boolean journalling) {
        if (mtu < RtpHeader.LENGTH + 2 + 3 + 8) {
            throw new IllegalArgumentException("mtu " + mtu);
        }
        this.ssrc = ssrc;
        this.mtu = mtu;
        this.sequence = firstSequence & 0xFFFF;
        this.journal = journalling ? new JournalSender(sequence) : null;
        this.journalBytes = journalling ? new byte[JournalSender.MAX_BYTES] : null;
        this.segment = new byte[mtu];
        this.journalLimit = mtu / 2;
    }

    /**
     * Starts the next packet: writes its journal (so that the room left for commands is known).
     * A journal is kept to half the MTU: past that (the receiver has not reported for long) the
     * checkpoint moves to the previous packet, then, if need be, to this one (an empty journal);
     * {@link #checkpointsForced()} counts those.
     *
     * @throws WireException never with the default limits (kept for writers with other limits)
     */
    public RtpMidiPacketWriter begin() throws WireException {
        journalLength = journal == null ? 0 : journal.write(sequence, journalBytes, 0);
        if (journalLength > journalLimit) {
            forced++;
            journal.advance(sequence - 1);
            journalLength = journal.write(sequence, journalBytes, 0);
            if (journalLength > journalLimit) {
                journal.advance(sequence);
                journalLength = journal.write(sequence, journalBytes, 0);
            }
        }
        int room = mtu - RtpHeader.LENGTH - 2 - journalLength;
        if (room < 1) {
            throw new WireException(Reason.BUFFER_TOO_SMALL, "journal of " + journalLength + " octets leaves no room in MTU " + mtu);
        }
        list.clear().limit(room);
        open = true;
        return this;
    }

    /**
     * Adds a command at {@code time} (offset from the packet's timestamp).
     *
     * @return false when it does not fit this packet
     * @throws WireException BAD_MIDI
     */
    public boolean add(long time, int message) throws WireException {
        check();
        if (!list.add(time, message)) {
            return false;
        }
        if (journal != null) {
            journal.sent(sequence, message);
        }
        return true;
    }

    /**
     * Adds as much of the sysex in {@code segmenter} as fits this packet, as one segment.
     *
     * @return the octets of the segment, 0 when none fit
     */
    public int addSysex(long time, SysexSegmenter segmenter) throws WireException {
        check();
        int room = list.room() - (list.count() == 0 && time == 0 ? 0 : 4);
        if (!segmenter.hasNext() || room < 3) {
            return 0;
        }
        int n = segmenter.next(segment, 0, Math.min(room, segment.length));
        if (n > 0 && !list.addSysex(time, segment, 0, n)) {
            throw new IllegalStateException("segment of " + n + " does not fit " + list.room());
        }
        return n;
    }

    /** The room left for commands in this packet, in octets. */
    public int room() {
        return list.room();
    }

    /**
     * Writes the packet to {@code out} at {@code off} and moves on to the next sequence number.
     *
     * @param timestamp the RTP timestamp (the session's clock)
     * @return the packet's length
     * @throws WireException BUFFER_TOO_SMALL
     */
    public int finish(int timestamp, byte[] out, int off) throws WireException {
        check();
        int total = RtpHeader.LENGTH + list.sectionLength() + journalLength;
        Bytes.room(out.length - off, total, "RTP-MIDI packet");
        header.set(list.count() > 0, RtpHeader.PAYLOAD_TYPE_APPLEMIDI, (int) sequence, timestamp, ssrc);
        int p = off + header.write(out, off);
        p += list.write(out, p, journal != null);
        if (journalLength > 0) {
            System.arraycopy(journalBytes, 0, out, p, journalLength);
            p += journalLength;
        }
        sequence++;
        open = false;
        return p - off;
    }

    private void check() {
        if (!open) {
            throw new IllegalStateException("begin() first");
        }
    }

    /** The extended sequence number of the packet being written (or the next one). */
    public long sequence() {
        return sequence;
    }

    /** How often {@link #begin} had to move the checkpoint because the journal outgrew half the MTU. */
    public long checkpointsForced() {
        return forced;
    }

    /** The journal state, or null when not journalling; RS feedback goes to its {@code acknowledged}. */
    public JournalSender journal() {
        return journal;
    }
}
