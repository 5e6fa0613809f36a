package org.midihost.driver.synth;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.midihost.host.Host;
import org.midihost.spi.MidiDriver;
import org.midihost.testkit.Configs;

/**
 * A real {@link Host} with one or more synth drivers bound the way DS binds them, rendering to WAV
 * files in a test's temporary folder. {@link #stop(SynthDriver)} does what DS does when the bundle
 * stops: the host unbinds the driver, then the component deactivates.
 */
final class SynthRig implements AutoCloseable {
    /** How long any wait lasts before the test fails. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    final Host host = new Host();
    private final List<SynthDriver> active = new ArrayList<>();

    /**
     * Activates a synth with WAV output, effects off (so that silence is silence), a 0.2 s tail,
     * and binds it. The WAV file is written once a client opens the device.
     *
     * @param dir the folder for the WAV file
     * @param id the driver id
     * @param more further config elements, name, value, …
     * @return the driver
     */
    SynthDriver start(Path dir, String id, Object... more) {
        Object[] defaults = {"output", "wav:" + dir.resolve(id + ".wav"), "reverb", false, "chorus", false, "tail", 200};
        Object[] kv = Arrays.copyOf(defaults, defaults.length + more.length);
        System.arraycopy(more, 0, kv, defaults.length, more.length); // later values win
        return bind(new SynthDriver(Configs.of(SynthDriver.Config.class, append(kv, "midihost_driver_id", id))), id);
    }

    private static Object[] append(Object[] kv, String key, Object value) {
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i].equals(key)) {
                return kv;
            }
        }
        Object[] out = Arrays.copyOf(kv, kv.length + 2);
        out[kv.length] = key;
        out[kv.length + 1] = value;
        return out;
    }

    /** Binds an activated driver to the host under {@code id}. */
    SynthDriver bind(SynthDriver driver, String id) {
        active.add(driver);
        host.addDriver(driver, Map.of(MidiDriver.ID, id));
        return driver;
    }

    /** The bundle stops: the host unbinds the driver (handles get CLOSE), then DS deactivates it. */
    void stop(SynthDriver driver) {
        host.removeDriver(driver);
        active.remove(driver);
        driver.deactivate();
    }

    /** @return frames in {@code seconds} at the driver's rate */
    static long frames(SynthDriver driver, double seconds) {
        return Math.round(seconds * driver.sampleRate());
    }

    /**
     * Waits until the driver has rendered {@code target} frames, polling against a deadline.
     *
     * @return the frames rendered by then
     */
    static long awaitFrames(SynthDriver driver, long target) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        long now;
        while ((now = driver.renderedFrames()) < target) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + TIMEOUT.toMillis() + " ms for frame " + target + "; at " + now);
            }
            // a short pause between polls of a deadline, not a fixed wait
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return now;
    }

    /** The host shuts down, then every driver still active deactivates, as when the framework stops. */
    @Override
    public void close() {
        host.close();
        for (SynthDriver d : active) {
            d.deactivate();
        }
        active.clear();
    }
}
