package org.midihost.javasound;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javasoundcheck.ProviderCheck;
import javasoundcheck.bundle.CallsJavaSound;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider in a plain JVM with only a class path: {@link ProviderCheck} runs as a {@code java -cp}
 * process of its own (this module's classes and the embed jar, the API and Felix; JUnit and
 * AssertJ come along from the test class path and are not used by it), without the synth's JVM
 * flag, with {@code -Dmidihost.deploy}. The deploy folder holds, from the start, an exclusive
 * loopback configuration and a bundle whose activator calls {@code MidiSystem.getMidiDeviceInfo()}
 * while the host starts.
 */
class JavaSoundProviderTest {

    @Test
    void javaSoundProgramsSeeAndUseMidihostDevices(@TempDir Path dir) throws Exception {
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        // with a loopback factory configuration, the unconfigured default instance goes: make it too
        Files.writeString(deploy.resolve("org.midihost.driver.loopback-main.cfg"), "midihost.driver.id=loopback\ncables=1\n");
        Files.writeString(deploy.resolve("org.midihost.driver.loopback-excl.cfg"),
                "midihost.driver.id=excl\ncables=1\nexclusive=true\n");
        reentrantBundle(deploy.resolve("calls-java-sound.jar"));
        // the javasound driver inside the host looks at Java Sound's list, which holds this provider's
        // devices, every 50 ms: it must never list them (no loop)
        Files.writeString(deploy.resolve("org.midihost.driver.javasound.cfg"), "rescan=50\n");

        Path output = dir.resolve("out.txt");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dmidihost.deploy=" + deploy,
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                ProviderCheck.class.getName(), deploy.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean ended = p.waitFor(90, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String text = Files.readString(output);
        System.out.println(text);
        assertThat(ended).as("the JVM ends by itself when main returns, the shared host still open:\n" + text).isTrue();
        assertThat(p.exitValue()).as(text).isZero();
        assertThat(text).contains("ok: listed", "ok: re-entrant call", "ok: stable Info", "ok: later/0 appeared", "ok: the javasound driver does not loop",
                "ok: the Sequencer played 20 events", "ok: several receivers", "ok: close closes",
                "ok: ALLOCATED", "ok: a device gone since", "ok: MidiSystem.getSynthesizer() gives", "done");
        // the synth is left out in one line naming the flag (this JVM has no --add-exports)
        assertThat(text.lines().filter(l -> l.contains("--add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED")))
                .hasSize(1);
    }

    /** A bundle with {@link CallsJavaSound} as its activator. */
    private static void reentrantBundle(Path jar) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "javasoundcheck.reentrant");
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Bundle-Activator", CallsJavaSound.class.getName());
        a.putValue("Import-Package", "javax.sound.midi,org.osgi.framework");
        String entry = CallsJavaSound.class.getName().replace('.', '/') + ".class";
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o, m)) {
            j.putNextEntry(new JarEntry(entry));
            try (var in = CallsJavaSound.class.getClassLoader().getResourceAsStream(entry)) {
                in.transferTo(j);
            }
            j.closeEntry();
        }
    }
}
