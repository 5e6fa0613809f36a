package org.midihost.driver.loopback;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.midihost.api.MidiException;
import org.midihost.api.MmResult;
import org.midihost.spi.InInstance;
import org.midihost.spi.OutInstance;
import org.midihost.testkit.Configs;
import org.midihost.testkit.RecordingInClient;
import org.midihost.testkit.RecordingOutClient;

/** Races, pinned with latches. */
class CableConcurrencyTest {
    private static final int NOTE_ON = 0x90 | (60 << 8) | (100 << 16);

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void shutdown() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** Blocks in its first data call until released. */
    static final class BlockingInClient extends RecordingInClient {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void data(int message, long nanos) {
            super.data(message, nanos);
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The SPI's lock rule: stop() does not wait for a delivery in progress on another thread (the
     * host calls it under the device gate, and the callback may be waiting for that gate), and no
     * delivery starts after it returns. Before the rule, stop() waited here; the conformance suite's
     * lock-rule tests (LoopbackConformanceTest) show the deadlock that caused.
     */
    @Test
    void stopDoesNotWaitForADeliveryInProgressAndNoneStartsAfter() throws Exception {
        LoopbackDriver driver = new LoopbackDriver(Configs.of(LoopbackDriver.Config.class));
        BlockingInClient client = new BlockingInClient();
        InInstance in = driver.openIn("0", client);
        in.start();
        OutInstance out = driver.openOut("0", new RecordingOutClient());

        Future<?> send = pool.submit(() -> {
            out.shortMsg(1);
            return null;
        });
        assertThat(client.entered.await(10, TimeUnit.SECONDS)).isTrue();
        Future<?> stop = pool.submit(() -> {
            in.stop();
            return null;
        });

        // The callback is still running, and stop returns all the same.
        stop.get(10, TimeUnit.SECONDS);
        assertThat(send.isDone()).isFalse();
        client.release.countDown();
        send.get(10, TimeUnit.SECONDS);

        out.shortMsg(2);
        assertThat(client.messages()).containsExactly(1);
    }

    @Test
    void removingACableWaitsForADeliveryInProgress() throws Exception {
        LoopbackDriver driver = new LoopbackDriver(Configs.of(LoopbackDriver.Config.class, "cables", 2));
        BlockingInClient client = new BlockingInClient();
        driver.openIn("1", client).start();
        OutInstance out = driver.openOut("1", new RecordingOutClient());

        Future<?> send = pool.submit(() -> {
            out.shortMsg(1);
            return null;
        });
        assertThat(client.entered.await(10, TimeUnit.SECONDS)).isTrue();
        CountDownLatch modified = new CountDownLatch(1);
        pool.submit(() -> {
            driver.modified(Configs.of(LoopbackDriver.Config.class, "cables", 1));
            modified.countDown();
        });

        assertThat(modified.await(100, TimeUnit.MILLISECONDS)).isFalse();
        client.release.countDown();
        assertThat(modified.await(10, TimeUnit.SECONDS)).isTrue();
        send.get(10, TimeUnit.SECONDS);
        assertThat(client.messages()).containsExactly(1);
    }

    @Test
    void exactlyOneOfManyRacingOpenersOfAnExclusiveCableWins() throws Exception {
        LoopbackDriver driver = new LoopbackDriver(Configs.of(LoopbackDriver.Config.class, "exclusive", true));
        int racers = 16;
        CountDownLatch ready = new CountDownLatch(racers);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger outWins = new AtomicInteger();
        AtomicInteger inWins = new AtomicInteger();
        AtomicInteger allocated = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            futures.add(pool.submit(() -> {
                ready.countDown();
                go.await();
                try {
                    driver.openOut("0", new RecordingOutClient());
                    outWins.incrementAndGet();
                } catch (MidiException e) {
                    assertThat(e.result()).isEqualTo(MmResult.MMSYSERR_ALLOCATED);
                    allocated.incrementAndGet();
                }
                try {
                    driver.openIn("0", new RecordingInClient());
                    inWins.incrementAndGet();
                } catch (MidiException e) {
                    assertThat(e.result()).isEqualTo(MmResult.MMSYSERR_ALLOCATED);
                    allocated.incrementAndGet();
                }
                return null;
            }));
        }
        assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        for (Future<?> f : futures) {
            f.get(10, TimeUnit.SECONDS);
        }

        assertThat(outWins).hasValue(1);
        assertThat(inWins).hasValue(1);
        assertThat(allocated).hasValue(2 * (racers - 1));
    }

    @Test
    void inputsStartingAndStoppingDoNotDisturbAStartedOne() throws Exception {
        LoopbackDriver driver = new LoopbackDriver(Configs.of(LoopbackDriver.Config.class));
        RecordingInClient steady = new RecordingInClient();
        driver.openIn("0", steady).start();
        OutInstance out = driver.openOut("0", new RecordingOutClient());
        int messages = 20_000;
        int churners = 4;
        AtomicBoolean sending = new AtomicBoolean(true);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < churners; i++) {
            futures.add(pool.submit(() -> {
                InInstance in = driver.openIn("0", new RecordingInClient());
                go.await();
                while (sending.get()) {
                    in.start();
                    in.stop();
                }
                in.close();
                return null;
            }));
        }

        go.countDown();
        for (int i = 0; i < messages; i++) {
            out.shortMsg(i);
        }
        sending.set(false);
        for (Future<?> f : futures) {
            f.get(10, TimeUnit.SECONDS);
        }

        List<Integer> got = steady.messages();
        assertThat(got).hasSize(messages);
        for (int i = 0; i < messages; i++) {
            assertThat(got.get(i)).isEqualTo(i);
        }
    }
}
