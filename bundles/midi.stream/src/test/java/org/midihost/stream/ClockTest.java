package org.midihost.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The scheduler's clock: order, early jobs, repeats, removal; and the notes a stream silences. */
@Timeout(30)
class ClockTest {
    final Clock clock = new Clock("test-clock", TimeUnit.MICROSECONDS.toNanos(500));

    @AfterEach
    void stop() {
        clock.stop();
    }

    @Test
    void jobsDueAtTheSameTimeRunInTheOrderAddedAndAnEarlierJobIsNotHeldUpByALaterOne() throws Exception {
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch all = new CountDownLatch(4);
        long t = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
        clock.add(t, now -> { ran.add("a"); all.countDown(); return Clock.NEVER; });
        clock.add(t, now -> { ran.add("b"); all.countDown(); return Clock.NEVER; });
        clock.add(t - TimeUnit.MILLISECONDS.toNanos(1), now -> { ran.add("first"); all.countDown(); return Clock.NEVER; });
        long[] early = new long[1];
        clock.add(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20), now -> {
            early[0] = now;
            ran.add("early");
            all.countDown();
            return Clock.NEVER;
        });
        long added = System.nanoTime();
        assertThat(all.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("early", "first", "a", "b");
        assertThat((early[0] - added) / 1e6).as("ms until the early job ran").isLessThan(200);
    }

    @Test
    void aJobRunsAgainAtTheTimeItReturnsAndRemovedJobsDoNotRun() throws Exception {
        CountDownLatch three = new CountDownLatch(3);
        Clock.Job repeat = now -> {
            three.countDown();
            return three.getCount() == 0 ? Clock.NEVER : now + TimeUnit.MILLISECONDS.toNanos(5);
        };
        clock.add(System.nanoTime(), repeat);
        assertThat(three.await(5, TimeUnit.SECONDS)).isTrue();
        CountDownLatch never = new CountDownLatch(1);
        Clock.Job dropped = now -> { never.countDown(); return Clock.NEVER; };
        clock.add(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100), dropped);
        assertThat(clock.remove(j -> j == dropped)).isEqualTo(1);
        assertThat(never.await(300, TimeUnit.MILLISECONDS)).isFalse();
    }

    @Test
    void notesKeepsWhatSoundsAndSilencesExactlyThat() {
        Notes notes = new Notes();
        notes.sent(0x643C90);          // C4 on, channel 1
        notes.sent(0x647F9F);          // G9 on, channel 16
        notes.sent(0x003C90);          // C4 off (velocity 0)
        notes.sent(0x644090);          // E4 on
        notes.sent(0x6407B0);          // a control change: not a note
        assertThat(notes.count()).isEqualTo(2);
        List<Integer> sent = new CopyOnWriteArrayList<>();
        notes.silence(sent::add);
        assertThat(sent).containsExactly(0x404080, 0x407F8F);
        assertThat(notes.count()).isZero();
    }
}
