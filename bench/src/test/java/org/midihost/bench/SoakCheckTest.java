package org.midihost.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The soak's verdict: a recording with a lost, repeated or swapped message must not pass. */
class SoakCheckTest {
    private static int msg(int client, int seq) {
        return 0x90 | client | (seq & 0x7F) << 8 | ((seq >> 7) & 0x7F) << 16;
    }

    /** Two clients, interleaved, each sending 0..n-1 (past the 14-bit wrap). */
    private static List<Integer> clean(int n) {
        List<Integer> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(msg(0, i & 0x3FFF));
            l.add(msg(1, i & 0x3FFF));
        }
        return l;
    }

    private static int[] array(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void everyMessageInOrderPassesAcrossTheWrap() {
        HotSwapBench.Soak s = HotSwapBench.check(array(clean(20_000)), new long[] {20_000, 20_000}, 0, 0);
        assertThat(s.clean()).isTrue();
        assertThat(s.received()).isEqualTo(40_000);
    }

    @Test
    void aMissingMessageIsLost() {
        List<Integer> l = clean(100);
        l.remove(Integer.valueOf(msg(1, 50)));
        HotSwapBench.Soak s = HotSwapBench.check(array(l), new long[] {100, 100}, 0, 0);
        assertThat(s.lost()).isEqualTo(1);
        assertThat(s.clean()).isFalse();
    }

    @Test
    void aRepeatedMessageIsDuplicated() {
        List<Integer> l = clean(100);
        l.add(l.indexOf(msg(0, 40)) + 2, msg(0, 40));
        HotSwapBench.Soak s = HotSwapBench.check(array(l), new long[] {100, 100}, 0, 0);
        assertThat(s.duplicated()).isEqualTo(1);
        assertThat(s.clean()).isFalse();
    }

    @Test
    void twoSwappedMessagesAreReordered() {
        List<Integer> l = clean(100);
        int a = l.indexOf(msg(0, 10));
        int b = l.indexOf(msg(0, 11));
        l.set(a, msg(0, 11));
        l.set(b, msg(0, 10));
        HotSwapBench.Soak s = HotSwapBench.check(array(l), new long[] {100, 100}, 0, 0);
        assertThat(s.lost()).isZero();
        assertThat(s.reordered() + s.duplicated()).isPositive();
        assertThat(s.clean()).isFalse();
    }

    @Test
    void sendErrorsAndCallsAfterCloseFail() {
        assertThat(HotSwapBench.check(array(clean(10)), new long[] {10, 10}, 1, 0).clean()).isFalse();
        assertThat(HotSwapBench.check(array(clean(10)), new long[] {10, 10}, 0, 1).clean()).isFalse();
    }
}
