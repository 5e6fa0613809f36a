package org.midihost.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.midihost.api.MidiException;
import org.midihost.api.MidiOut;
import org.midihost.api.MmResult;
import org.midihost.api.OpenOptions;
import org.midihost.api.StuckCall;

/** A driver call that does not return holds up an unbind for a bounded time only. */
class StuckDriverTest {
    static final long BOUND_MS = 300;
    final Host host = new Host();

    @AfterEach
    void close() {
        host.close();
    }

    @Test
    void unbindGivesUpOnAStuckCallWithinTheBoundAndTheCallerGetsItsResultWhenTheDriverReturns() throws Exception {
        host.setUnbindTimeout(BOUND_MS);
        TestDriver stuckDriver = new TestDriver("stuck", 10, 1, 0, true);
        TestDriver other = new TestDriver("other", 20, 1, 0, true);
        host.addDriver(stuckDriver, stuckDriver.props());
        host.addDriver(other, other.props());
        Recorder stuckEvents = new Recorder();
        Recorder waitingEvents = new Recorder();
        MidiOut stuck = host.openOut("stuck/0", stuckEvents, OpenOptions.direct());
        MidiOut waiting = host.openOut("stuck/0", waitingEvents, OpenOptions.direct());
        MidiOut bystander = host.openOut("other/0", new Recorder(), OpenOptions.direct());

        CountDownLatch release = new CountDownLatch(1);
        stuckDriver.blockShort = release;
        CompletableFuture<Void> stuckCall = CompletableFuture.runAsync(() -> send(stuck, 0x403C90));
        assertThat(stuckDriver.blocked.await(10, TimeUnit.SECONDS)).isTrue();

        // another client of the same device waits for the gate as long as the bound, then NOTREADY
        long t0 = System.nanoTime();
        MidiException notReady = HostTest.codeOf(() -> waiting.shortMsg(0x403E90));
        assertThat(notReady.result()).isEqualTo(MmResult.MIDIERR_NOTREADY);
        assertThat(notReady.getMessage()).contains("stuck/0", "has not returned");
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(BOUND_MS) / 2);

        // the unbind returns within the bound plus a margin, and the devices are gone
        t0 = System.nanoTime();
        host.removeDriver(stuckDriver);
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        stuckDriver.gone.set(true);
        assertThat(took).isLessThan(BOUND_MS + 2_000);
        assertThat(host.outDevices().devices()).extracting(c -> c.endpointId()).containsExactly("other/0");
        assertThat(waitingEvents.all()).contains("CLOSE");
        assertThat(host.stuckCalls()).extracting(StuckCall::endpointId).containsExactly("stuck/0");
        assertThat(host.stuckCalls().get(0).millis()).isGreaterThanOrEqualTo(BOUND_MS / 2);
        HostTest.assertCode(() -> waiting.shortMsg(0x403E90), MmResult.MMSYSERR_NODRIVER);

        // other drivers go on meanwhile
        bystander.shortMsg(0x407F90);
        assertThat(other.shorts).containsExactly(0x407F90);

        // the stuck call gets its result when the driver returns; nothing enters the driver after it
        assertThat(stuckCall).isNotDone();
        release.countDown();
        stuckCall.get(10, TimeUnit.SECONDS);
        assertThat(stuckDriver.shorts).containsExactly(0x403C90);
        HostTest.assertCode(() -> stuck.shortMsg(0x403C90), MmResult.MMSYSERR_NODRIVER);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!host.stuckCalls().isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(host.stuckCalls()).isEmpty();
        assertThat(stuckDriver.calledAfterGone.get()).isFalse();
        assertThat(stuckDriver.closes.get()).as("no close into a driver given up on").isZero();
        stuck.close();
        waiting.close();
        assertThat(stuckEvents.all()).containsSubsequence(List.of("OPEN", "CLOSE"));
    }

    private static void send(MidiOut out, int message) {
        try {
            out.shortMsg(message);
        } catch (MidiException e) {
            throw new IllegalStateException(e);
        }
    }
}
