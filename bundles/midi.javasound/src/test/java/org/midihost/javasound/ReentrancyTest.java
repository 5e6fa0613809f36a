package org.midihost.javasound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javasoundcheck.bundle.BlocksInJavaSound;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.midihost.embed.EmbeddedMidiHost;

/**
 * The provider while a host starts, in this JVM: called from inside the start on the starting
 * thread (a bundle's activator, as midihost's Java Sound driver would) and from another thread
 * meanwhile, it returns at once with no midihost device and starts no host of its own.
 */
class ReentrancyTest {

    @Test
    void whileAHostStartsTheProviderListsNothingAtOnceOnAnyThread(@TempDir Path dir) throws Exception {
        Path jar = bundle(dir.resolve("blocks.jar"));
        Throwable[] failure = new Throwable[1];
        // a bundle that registers no driver: this start ends, after its bound, with an error naming it
        Thread starter = new Thread(() -> {
            try {
                EmbeddedMidiHost.start(EmbeddedMidiHost.options().driver(jar).startTimeout(Duration.ofSeconds(3))).close();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "starter");
        starter.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.getProperty("blocks.blocked") == null && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(System.getProperty("blocks.blocked")).isEqualTo("true");
        assertThat(EmbeddedMidiHost.isStarting()).isTrue();

        long t0 = System.nanoTime();
        MidiDevice.Info[] direct = new MidihostDeviceProvider().getDeviceInfo();
        MidiDevice.Info[] all = MidiSystem.getMidiDeviceInfo();
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(direct).isEmpty();
        assertThat(Arrays.stream(all).filter(i -> MidihostDeviceProvider.VENDOR.equals(i.getVendor()))).isEmpty();
        assertThat(millis).isLessThan(2_000);

        System.setProperty("blocks.release", "true");
        starter.join(30_000);
        assertThat(failure[0]).isInstanceOf(IllegalStateException.class).hasMessageContaining("javasoundcheck.blocks")
                .hasMessageContaining("registered no driver");
        // on the starting thread itself: nothing, at once
        String[] same = System.getProperty("blocks.sameThread").split(" ", 3);
        assertThat(same[0]).isEqualTo("0");
        assertThat(Long.parseLong(same[1])).isLessThan(2_000);
        assertThat(same[2]).isEqualTo("midihost-embed-start");
        // and the provider started no host of its own meanwhile
        assertThat(EmbeddedMidiHost.running()).isEmpty();
    }

    @Test
    void foreignInfosAreNotSupportedAndNeverThrowThere() {
        // not through MidiSystem: that would start the shared host in this JVM (JavaSoundProviderTest
        // checks MidiSystem.getSynthesizer() with the provider present, in a JVM of its own)
        MidiDevice.Info gervill = new MidiDevice.Info("Gervill", "OpenJDK", "Software MIDI Synthesizer", "1.0") {
        };
        MidihostDeviceProvider p = new MidihostDeviceProvider();
        assertThat(p.isDeviceSupported(gervill)).isFalse();
        assertThat(p.isDeviceSupported(null)).isFalse();
        assertThatThrownBy(() -> p.getDevice(gervill)).isInstanceOf(IllegalArgumentException.class);
    }

    private static Path bundle(Path jar) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "javasoundcheck.blocks");
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Bundle-Activator", BlocksInJavaSound.class.getName());
        a.putValue("Import-Package", "javax.sound.midi,org.osgi.framework");
        String entry = BlocksInJavaSound.class.getName().replace('.', '/') + ".class";
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o, m)) {
            j.putNextEntry(new JarEntry(entry));
            try (var in = BlocksInJavaSound.class.getClassLoader().getResourceAsStream(entry)) {
                in.transferTo(j);
            }
            j.closeEntry();
        }
        return jar;
    }
}
