package org.midihost.driver.loopback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.midihost.driver.loopback.LoopbackDriverTest.assertResult;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MmResult;
import org.midihost.spi.InClient;
import org.midihost.spi.InInstance;
import org.midihost.spi.OutInstance;
import org.midihost.testkit.Configs;
import org.midihost.testkit.RecordingInClient;
import org.midihost.testkit.RecordingOutClient;

/** What goes in at an output comes out at the inputs of the same cable, and only there. */
class CableDeliveryTest {
    private static final int NOTE_ON = 0x90 | (60 << 8) | (100 << 16);
    private static final int NOTE_OFF = 0x80 | (60 << 8);

    private LoopbackDriver driver;

    @BeforeEach
    void threeCables() {
        driver = new LoopbackDriver(Configs.of(LoopbackDriver.Config.class, "cables", 3));
    }

    private RecordingInClient started(int cable) throws MidiException {
        RecordingInClient client = new RecordingInClient();
        driver.openIn(Integer.toString(cable), client).start();
        return client;
    }

    @Test
    void shortMessageReachesEveryStartedInputOfItsCableOnly() throws MidiException {
        RecordingInClient a = started(1);
        RecordingInClient b = started(1);
        RecordingInClient neverStarted = new RecordingInClient();
        driver.openIn("1", neverStarted);
        RecordingInClient stopped = new RecordingInClient();
        InInstance stoppedIn = driver.openIn("1", stopped);
        stoppedIn.start();
        stoppedIn.stop();
        RecordingInClient otherCable = started(0);
        RecordingInClient thirdCable = started(2);
        OutInstance out = driver.openOut("1", new RecordingOutClient());

        long before = System.nanoTime();
        out.shortMsg(NOTE_ON);
        out.shortMsg(NOTE_OFF);
        long after = System.nanoTime();

        assertThat(a.messages()).containsExactly(NOTE_ON, NOTE_OFF);
        assertThat(b.messages()).containsExactly(NOTE_ON, NOTE_OFF);
        assertThat(a.events()).allSatisfy(e -> assertThat(e.nanos()).isBetween(before, after));
        assertThat(a.events().get(0).nanos()).isLessThanOrEqualTo(a.events().get(1).nanos());
        assertThat(a.events()).extracting(RecordingInClient.Event::nanos)
                .isEqualTo(b.events().stream().map(RecordingInClient.Event::nanos).toList());
        assertThat(neverStarted.events()).isEmpty();
        assertThat(stopped.events()).isEmpty();
        assertThat(otherCable.events()).isEmpty();
        assertThat(thirdCable.events()).isEmpty();
    }

    @Test
    void everyOutputOfACableFeedsItsInputs() throws MidiException {
        RecordingInClient in = started(0);
        OutInstance one = driver.openOut("0", new RecordingOutClient());
        OutInstance two = driver.openOut("0", new RecordingOutClient());

        one.shortMsg(NOTE_ON);
        two.shortMsg(NOTE_OFF);

        assertThat(in.messages()).containsExactly(NOTE_ON, NOTE_OFF);
    }

    @Test
    void stopEndsDeliveryAndStartResumesIt() throws MidiException {
        RecordingInClient client = new RecordingInClient();
        InInstance in = driver.openIn("0", client);
        OutInstance out = driver.openOut("0", new RecordingOutClient());

        out.shortMsg(1);
        in.start();
        in.start();
        out.shortMsg(2);
        in.stop();
        in.stop();
        out.shortMsg(3);
        in.start();
        out.shortMsg(4);

        assertThat(client.messages()).containsExactly(2, 4);
    }

    @Test
    void sysexArrivesWholeBeforeTheHeaderIsDone() throws MidiException {
        RecordingInClient a = started(2);
        RecordingInClient b = started(2);
        RecordingInClient other = started(1);
        RecordingOutClient outClient = new RecordingOutClient();
        OutInstance out = driver.openOut("2", outClient);
        byte[] message = {(byte) 0xF0, 0x7E, 0x7F, 0x09, 0x01, (byte) 0xF7, 0x55, 0x55};
        MidiHeader header = new MidiHeader(message, 6);
        List<Integer> seenAtDone = new ArrayList<>();
        outClient.onDone(() -> seenAtDone.add(a.events().size() + b.events().size()));

        out.longMsg(header);

        assertThat(outClient.done()).containsExactly(header);
        assertThat(seenAtDone).containsExactly(2);
        for (RecordingInClient c : List.of(a, b)) {
            assertThat(c.events()).singleElement().satisfies(e -> {
                assertThat(e.kind()).isEqualTo("sysex");
                assertThat(e.bytes()).containsExactly(0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7);
                assertThat(e.end()).isTrue();
            });
        }
        assertThat(other.events()).isEmpty();
    }

    @Test
    void sysexWithNoStartedInputIsStillDone() throws MidiException {
        RecordingOutClient outClient = new RecordingOutClient();
        MidiHeader header = new MidiHeader(new byte[] {(byte) 0xF0, (byte) 0xF7});

        driver.openOut("0", outClient).longMsg(header);

        assertThat(outClient.done()).containsExactly(header);
    }

    @Test
    void resetSendsAllNotesOffOnEveryChannel() throws MidiException {
        RecordingInClient in = started(0);
        OutInstance out = driver.openOut("0", new RecordingOutClient());

        out.reset();

        assertThat(in.messages()).containsExactlyElementsOf(
                IntStream.range(0, 16).mapToObj(ch -> 0xB0 | ch | (123 << 8)).toList());
    }

    @Test
    void aThrowingClientDoesNotStopDeliveryToTheOthers() throws MidiException {
        RecordingInClient before = started(0);
        InClient thrower = new RecordingInClient() {
            @Override
            public synchronized void data(int message, long nanos) {
                throw new IllegalStateException("test client fails on purpose");
            }

            @Override
            public synchronized void sysex(byte[] bytes, int offset, int length, boolean end, long nanos) {
                throw new IllegalStateException("test client fails on purpose");
            }
        };
        driver.openIn("0", thrower).start();
        RecordingInClient after = started(0);
        RecordingOutClient outClient = new RecordingOutClient();
        OutInstance out = driver.openOut("0", outClient);
        MidiHeader header = new MidiHeader(new byte[] {(byte) 0xF0, 0x01, (byte) 0xF7});

        out.shortMsg(NOTE_ON);
        out.shortMsg(NOTE_OFF);
        out.longMsg(header);

        assertThat(before.messages()).containsExactly(NOTE_ON, NOTE_OFF);
        assertThat(after.messages()).containsExactly(NOTE_ON, NOTE_OFF);
        assertThat(after.events()).hasSize(3);
        assertThat(outClient.done()).containsExactly(header);
    }

    @Test
    void closedInputGetsNothingAndClosingTwiceIsHarmless() throws MidiException {
        RecordingInClient client = new RecordingInClient();
        InInstance in = driver.openIn("0", client);
        in.start();
        OutInstance out = driver.openOut("0", new RecordingOutClient());

        in.close();
        in.close();
        out.shortMsg(NOTE_ON);

        assertThat(client.events()).isEmpty();
        assertResult(in::start, MmResult.MMSYSERR_INVALHANDLE);
    }

    @Test
    void closedOutputAnswersInvalidHandleAndClosingTwiceIsHarmless() throws MidiException {
        RecordingInClient client = started(0);
        OutInstance out = driver.openOut("0", new RecordingOutClient());

        out.close();
        out.close();

        assertResult(() -> out.shortMsg(NOTE_ON), MmResult.MMSYSERR_INVALHANDLE);
        assertResult(() -> out.longMsg(new MidiHeader(new byte[] {(byte) 0xF0, (byte) 0xF7})),
                MmResult.MMSYSERR_INVALHANDLE);
        assertResult(out::reset, MmResult.MMSYSERR_INVALHANDLE);
        assertThat(client.events()).isEmpty();
    }

    @Test
    void volumeIsNotSupported() throws MidiException {
        OutInstance out = driver.openOut("0", new RecordingOutClient());

        assertResult(out::volume, MmResult.MMSYSERR_NOTSUPPORTED);
    }

    /** Counts and keeps the last message in fields: allocates nothing itself. */
    static final class CountingInClient implements InClient {
        int count;
        int last;

        @Override
        public void data(int message, long nanos) {
            count++;
            last = message;
        }

        @Override
        public void sysex(byte[] bytes, int offset, int length, boolean end, long nanos) {
        }

        @Override
        public void error(int message, long nanos) {
        }

        @Override
        public void sysexError(long nanos) {
        }
    }

    @Test
    void shortMessageAllocatesNothing() throws MidiException {
        assumeThat(ManagementFactory.getThreadMXBean()).isInstanceOf(com.sun.management.ThreadMXBean.class);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
        CountingInClient a = new CountingInClient();
        CountingInClient b = new CountingInClient();
        driver.openIn("0", a).start();
        driver.openIn("0", b).start();
        OutInstance out = driver.openOut("0", new RecordingOutClient());
        int rounds = 100_000;
        for (int i = 0; i < rounds; i++) {
            out.shortMsg(NOTE_ON);
        }

        long start = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < rounds; i++) {
            out.shortMsg(NOTE_ON);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - start;

        assertThat(a.count).isEqualTo(2 * rounds);
        assertThat(b.last).isEqualTo(NOTE_ON);
        // One small object per message would be megabytes; leave room only for the probe itself.
        assertThat(allocated).isLessThan(1024);
    }
}
