package org.midihost.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.util.List;
import java.util.regex.Pattern;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * The feature repository in a real Apache Karaf (the distribution from Maven Central), used the
 * way the README tells a user to: {@code feature:repo-add}, {@code feature:install},
 * {@code midi:devices} in Karaf's console, a driver taken away with {@code feature:uninstall}
 * while an application holds its devices, configuration through {@code config:}, and the synth
 * driver with the JVM flag it needs.
 *
 * <p>Karaf resolves {@code mvn:org.midihost/…} from a repository that the build fills with this
 * reactor's artifacts (system property {@code midihost.repo}), ahead of everything else; all
 * other artifacts come from Karaf's own {@code system/} folder or the build's local repository.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KarafFeaturesIT {
    private static final String VERSION = System.getProperty("midihost.version", "1.0.0-SNAPSHOT");
    private static final String FEATURES_URL = "mvn:org.midihost/midihost-features/" + VERSION + "/xml/features";
    private static final String LOOPBACK_0 = "loopback/0";
    /** A {@code midi:devices} row of the loopback cable's output: direction, id 0, endpoint. */
    private static final Pattern LOOPBACK_OUT_ROW = Pattern.compile("(?m)^out\\s+0\\s+loopback/0\\s");
    /** A {@code midi:devices} row of the loopback cable's input. */
    private static final Pattern LOOPBACK_IN_ROW = Pattern.compile("(?m)^in\\s+0\\s+loopback/0\\s");

    @Inject
    private BundleContext context;
    @Inject
    private SessionFactory sessionFactory;
    @Inject
    private FeaturesService featuresService;

    /** @return a stock Karaf 4.4 that also finds this build's artifacts */
    @Configuration
    public Option[] config() {
        String midihostRepo = new File(System.getProperty("midihost.repo")).toURI().toString();
        String pid = "etc/org.ops4j.pax.url.mvn.cfg";
        return options(
                karafDistributionConfiguration()
                        .frameworkUrl(maven().groupId("org.apache.karaf").artifactId("apache-karaf").type("tar.gz")
                                .versionAsInProject())
                        .unpackDirectory(new File(System.getProperty("karaf.unpack", "target/karaf")))
                        .useDeployFolder(false),
                configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
                logLevel(LogLevel.WARN),
                // What EXTRA_JAVA_OPTS gives a user's Karaf: Gervill's stream rendering for the synth.
                vmOption("--add-exports=java.desktop/com.sun.media.sound=ALL-UNNAMED"),
                // This build's features and bundles first (a plain file lookup, like Karaf's own
                // system/ folder, so no older copy in the local repository can win), then Karaf's
                // defaults.
                editConfigurationFilePut(pid, "org.ops4j.pax.url.mvn.defaultRepositories",
                        midihostRepo + "@id=midihost@snapshots,"
                                + " file:${karaf.home}/${karaf.default.repository}@id=system.repository@snapshots,"
                                + " file:${karaf.data}/kar@id=kar.repository@multi@snapshots,"
                                + " file:${karaf.base}/${karaf.default.repository}@id=child.system.repository@snapshots"),
                editConfigurationFilePut(pid, "org.ops4j.pax.url.mvn.localRepository",
                        System.getProperty("org.ops4j.pax.url.mvn.localRepository",
                                System.getProperty("user.home") + "/.m2/repository")));
    }

    @Test
    public void featuresInstallShellListsDevicesDriversSwapAndConfigure() throws Exception {
        KarafShell shell = new KarafShell(sessionFactory);
        long start = System.nanoTime();

        // 1. as in the README: add the repository, install the host and the loopback driver
        shell.run("feature:repo-add " + FEATURES_URL);
        shell.run("feature:install midihost midihost-driver-loopback");
        assertTrue("midihost installed", featuresService.isInstalled(featuresService.getFeature("midihost")));
        assertTrue("loopback installed",
                featuresService.isInstalled(featuresService.getFeature("midihost-driver-loopback")));

        HostClient client = new HostClient(context);
        client.awaitDevices(List.of(LOOPBACK_0), List.of(LOOPBACK_0));
        log("repo-add, install midihost and loopback, devices there", start);

        // 2. Karaf's console has the midi: commands (the shell bundle comes with midihost because
        //    Karaf's shell is there) and lists the cable
        String devices = Deadline.await("midi:devices listing " + LOOPBACK_0, () -> shell.run("midi:devices"),
                out -> LOOPBACK_OUT_ROW.matcher(out).find() && LOOPBACK_IN_ROW.matcher(out).find());
        assertTrue(devices, devices.contains("1 output(s), 1 input(s)"));
        log("midi:devices lists " + LOOPBACK_0, start);

        // 3. send and receive through the host
        client.roundTrip(LOOPBACK_0, 0x643C90);

        // 4. take the driver away while an application holds the cable
        HostClient.Held held = client.hold(LOOPBACK_0);
        long uninstalling = System.nanoTime();
        shell.run("feature:uninstall midihost-driver-loopback");
        assertFalse("loopback uninstalled",
                featuresService.isInstalled(featuresService.getFeature("midihost-driver-loopback")));
        held.assertDriverGone();
        client.awaitDevices(List.of(), List.of());
        String none = shell.run("midi:devices");
        assertFalse(none, none.contains(LOOPBACK_0));
        assertTrue(none, none.contains("0 output(s), 0 input(s)"));
        held.close();
        log("feature:uninstall with a client holding " + LOOPBACK_0 + ", CLOSE and devices gone", uninstalling);

        // 5. install it again: the same endpoint ids, a working cable
        long installing = System.nanoTime();
        shell.run("feature:install midihost-driver-loopback");
        client.awaitDevices(List.of(LOOPBACK_0), List.of(LOOPBACK_0));
        log("feature:install again, devices back", installing);
        client.roundTrip(LOOPBACK_0, 0x7F3E91);
        String again = shell.run("midi:devices");
        assertTrue(again, LOOPBACK_OUT_ROW.matcher(again).find() && LOOPBACK_IN_ROW.matcher(again).find());

        // 6. configure with Karaf's config: commands: a second cable (a factory configuration
        //    replaces the unconfigured default instance, keeping loopback/0), and the MIDI mapper
        //    (the feature's default configuration of the host) on the second cable
        long configuring = System.nanoTime();
        shell.run("config:edit --factory --alias cables org.midihost.driver.loopback\n"
                + "config:property-set cables 2\n"
                + "config:update");
        List<String> twoCables = List.of(LOOPBACK_0, "loopback/1");
        client.awaitDevices(twoCables, twoCables);
        client.roundTrip("loopback/1", 0x401E92);
        assertTrue("the feature's default host configuration",
                shell.run("config:list '(service.pid=org.midihost.host)'").contains("mapper.default"));
        shell.run("config:property-set -p org.midihost.host mapper.default loopback/1");
        Deadline.await("the MIDI mapper on loopback/1", client::mapperTarget, "loopback/1"::equals);
        log("config: two cables, MIDI mapper on loopback/1", configuring);

        // 7. the synth driver (the JVM has the flag it needs): synth/0 joins, the others stay
        long synth = System.nanoTime();
        shell.run("feature:install midihost-driver-synth");
        client.awaitDevices(List.of(LOOPBACK_0, "loopback/1", "synth/0"), twoCables);
        String withSynth = Deadline.await("midi:devices listing synth/0", () -> shell.run("midi:devices"),
                out -> Pattern.compile("(?m)^out\\s+2\\s+synth/0\\s.*swsynth").matcher(out).find());
        assertTrue(withSynth, withSynth.contains("3 output(s), 2 input(s)"));
        assertEquals("the mapper stays on its configured output", "loopback/1", client.mapperTarget());
        log("feature:install midihost-driver-synth, synth/0 there", synth);
    }

    /** Prints how long a step took, into the build's output (Karaf's console goes there). */
    private static void log(String step, long sinceNanos) {
        System.out.printf("[KarafFeaturesIT] %s: %d ms%n", step, (System.nanoTime() - sinceNanos) / 1_000_000);
    }
}
