package org.midihost.host;

import org.midihost.spi.InClient;
import org.midihost.spi.InInstance;

/**
 * The host's own "driver instance" under a spy ({@code MidiHost.openSpy}): starting it adds the
 * spy to its output's {@link Device#spies}, stopping or closing it takes it out. Every call comes
 * from the spy's handle with the output's gate held, which is what guards {@link Device#spies}.
 * No call reaches the output's driver.
 */
final class SpyInstance implements InInstance {
    private final Device output;
    private final InClient spy;

    SpyInstance(Device output, InClient spy) {
        this.output = output;
        this.spy = spy;
    }

    @Override
    public void start() {
        InClient[] s = output.spies;
        for (InClient c : s) {
            if (c == spy) {
                return;
            }
        }
        InClient[] next = java.util.Arrays.copyOf(s, s.length + 1);
        next[s.length] = spy;
        output.spies = next;
    }

    @Override
    public void stop() {
        InClient[] s = output.spies;
        int i = 0;
        while (i < s.length && s[i] != spy) {
            i++;
        }
        if (i == s.length) {
            return;
        }
        if (s.length == 1) {
            output.spies = Device.NO_SPIES;
            return;
        }
        InClient[] next = new InClient[s.length - 1];
        System.arraycopy(s, 0, next, 0, i);
        System.arraycopy(s, i + 1, next, i, s.length - i - 1);
        output.spies = next;
    }

    @Override
    public void close() {
        stop();
    }
}
