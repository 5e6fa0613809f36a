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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
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
 * The feature repository in a real Apache Karaf (the distribution from Maven Central), used
 * exactly as the README's "Apache Karaf" section tells a user to, command by command and in its
 * order: {@code feature:repo-add}, {@code feature:install midihost}, a driver, {@code midi:devices};
 * the driver taken away with {@code feature:uninstall} while an application holds its devices
 * ({@code midi:devices} still works and lists none) and installed again; configuration through
 * {@code config:}; the synth driver with the JVM flag it needs; the MIDI mapper configured. Each
 * command and what it printed goes into the build's output. Change the README and this test
 * together.
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
    /** Karaf's console prompt, as the README shows it before each command. */
    private static final String PROMPT = "karaf@root()> ";
    /** A {@code midi:devices} row of the loopback cable's output: direction, id 0, endpoint. */
    private static final Pattern LOOPBACK_OUT_ROW = Pattern.compile("(?m)^out\\s+0\\s+loopback/0\\s");
    /** A {@code midi:devices} row of the loopback cable's input. */
    private static final Pattern LOOPBACK_IN_ROW = Pattern.compile("(?m)^in\\s+0\\s+loopback/0\\s");

    /** The HTTP port of Karaf's Pax Web in this test: a free one, picked by the test JVM. */
    private static final int WEB_PORT = freePort();

    /** Every command line the test typed, in order, to compare with the README's. */
    private final List<String> typed = new ArrayList<>();

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
                // The README whose Karaf section the test follows, read inside Karaf at the end.
                editConfigurationFilePut("etc/system.properties", "midihost.readme",
                        new File(System.getProperty("midihost.readme")).getAbsolutePath()),
                // midihost-web: Pax Web on a port of its own (not 8181, which another Karaf may hold),
                // told to the test through a system property
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", Integer.toString(WEB_PORT)),
                editConfigurationFilePut("etc/system.properties", "midihost.web.port", Integer.toString(WEB_PORT)),
                editConfigurationFilePut(pid, "org.ops4j.pax.url.mvn.localRepository",
                        System.getProperty("org.ops4j.pax.url.mvn.localRepository",
                                System.getProperty("user.home") + "/.m2/repository")));
    }

    @Test
    public void theReadmeSequence() throws Exception {
        KarafShell shell = new KarafShell(sessionFactory);
        long start = System.nanoTime();

        // 1. the README's first block: the repository, the host named in the install next to a
        //    driver, so that Karaf keeps it when the last driver goes (see step 4)
        user(shell, "feature:repo-add " + FEATURES_URL);
        user(shell, "feature:install midihost midihost-driver-loopback");
        assertInstalled("midihost", true);
        assertInstalled("midihost-driver-loopback", true);
        HostClient client = new HostClient(context);
        client.awaitDevices(List.of(LOOPBACK_0), List.of(LOOPBACK_0));
        log("repo-add, install midihost and loopback, devices there", start);

        // 2. Karaf's console has the midi: commands (the shell bundle comes with midihost because
        //    Karaf's shell is there) and lists the cable
        String devices = userUntil(shell, "midi:devices", "midi:devices listing " + LOOPBACK_0,
                out -> LOOPBACK_OUT_ROW.matcher(out).find() && LOOPBACK_IN_ROW.matcher(out).find());
        assertTrue(devices, devices.contains("1 output(s), 1 input(s)"));
        log("midi:devices lists " + LOOPBACK_0, start);

        // 2b. help: midi:midi lists the midi: commands with a line each; Karaf's help on one command
        //     is its usage (Karaf runs COMMAND --help for it)
        String list = user(shell, "midi:midi");
        for (String command : List.of("midi:devices", "midi:caps", "midi:drivers", "midi:send", "midi:monitor",
                "midi:reset", "midi:volume")) {
            assertTrue("midi:midi lists " + command + ":\n" + list, list.contains(command));
        }
        String usage = user(shell, "help midi:caps");
        assertTrue(usage, usage.contains("usage: midi:caps [-i] ID"));

        // 3. send and receive through the host, as an application does
        client.roundTrip(LOOPBACK_0, 0x643C90);

        // 4. the README's swap block, while an application holds the cable: the driver goes, its
        //    handles get CLOSE, and the host and the midi: commands stay (midihost was installed
        //    by name, so uninstalling its last driver does not take it along)
        HostClient.Held held = client.hold(LOOPBACK_0);
        long uninstalling = System.nanoTime();
        user(shell, "feature:uninstall midihost-driver-loopback");
        assertInstalled("midihost-driver-loopback", false);
        assertInstalled("midihost", true);
        held.assertDriverGone();
        client.awaitDevices(List.of(), List.of());
        String none = user(shell, "midi:devices");
        assertFalse(none, none.contains(LOOPBACK_0));
        assertTrue(none, none.contains("0 output(s), 0 input(s)"));
        held.close();
        log("feature:uninstall with a client holding " + LOOPBACK_0 + ", CLOSE, devices gone, midi:devices works",
                uninstalling);

        // 5. install it again: the same endpoint ids, a working cable
        long installing = System.nanoTime();
        user(shell, "feature:install midihost-driver-loopback");
        client.awaitDevices(List.of(LOOPBACK_0), List.of(LOOPBACK_0));
        String again = user(shell, "midi:devices");
        assertTrue(again, LOOPBACK_OUT_ROW.matcher(again).find() && LOOPBACK_IN_ROW.matcher(again).find());
        client.roundTrip(LOOPBACK_0, 0x7F3E91);
        log("feature:install again, devices back", installing);

        // 6. the README's configuration block: two cables (a factory configuration replaces the
        //    unconfigured default instance, keeping loopback/0)
        long configuring = System.nanoTime();
        user(shell, "config:edit --factory --alias cables org.midihost.driver.loopback\n"
                + "config:property-set cables 2\n"
                + "config:update");
        List<String> twoCables = List.of(LOOPBACK_0, "loopback/1");
        client.awaitDevices(twoCables, twoCables);
        String cables = user(shell, "midi:devices");
        assertTrue(cables, cables.contains("2 output(s), 2 input(s)"));
        client.roundTrip("loopback/1", 0x401E92);
        String instances = user(shell, "config:list \"(service.factoryPid=org.midihost.driver.loopback)\"");
        assertTrue(instances, Pattern.compile("(?m)^\\s*cables = 2\\s*$").matcher(instances).find());
        log("config: two cables", configuring);

        // 7. the README's synth block (the JVM has the flag it needs): synth/0 joins, the cables
        //    stay, and the MIDI mapper takes the synth, having no configured output
        long synth = System.nanoTime();
        user(shell, "feature:install midihost-driver-synth");
        client.awaitDevices(List.of(LOOPBACK_0, "loopback/1", "synth/0"), twoCables);
        String withSynth = userUntil(shell, "midi:devices", "midi:devices listing synth/0",
                out -> Pattern.compile("(?m)^out\\s+2\\s+synth/0\\s.*swsynth").matcher(out).find());
        assertTrue(withSynth, withSynth.contains("3 output(s), 2 input(s)"));
        Deadline.await("the MIDI mapper on synth/0", client::mapperTarget, "synth/0"::equals);
        log("feature:install midihost-driver-synth, synth/0 there", synth);

        // 8. the README's mapper block: the host's configuration (which the feature created)
        //    sends the mapper to the second cable instead
        long mapping = System.nanoTime();
        user(shell, "config:property-set -p org.midihost.host mapper.default loopback/1");
        Deadline.await("the MIDI mapper on loopback/1", client::mapperTarget, "loopback/1"::equals);
        String hostConfig = user(shell, "config:list \"(service.pid=org.midihost.host)\"");
        assertTrue(hostConfig, Pattern.compile("(?m)^\\s*mapper.default = loopback/1\\s*$").matcher(hostConfig).find());
        log("config: MIDI mapper on loopback/1", mapping);

        // 9. the README's route block: a standing route waits through its driver's swap and
        //    carries again (the route's input is the cable the application sends into)
        long routing = System.nanoTime();
        String connected = user(shell, "midi:connect loopback/0 synth/0 --name drums --channels 10");
        assertTrue(connected, connected.startsWith("route drums: loopback/0 \u2192 synth/0 (channels 10), active;"));
        user(shell, "feature:uninstall midihost-driver-loopback");
        client.awaitDevices(List.of("synth/0"), List.of());
        String waiting = userUntil(shell, "midi:routes", "midi:routes: drums waiting",
                out -> Pattern.compile("(?m)^drums\\s+loopback/0\\s+synth/0\\s+waiting for loopback/0\\s").matcher(out).find());
        assertTrue(waiting, waiting.contains("1 route(s)"));
        user(shell, "feature:install midihost-driver-loopback");
        client.awaitDevices(List.of(LOOPBACK_0, "loopback/1", "synth/0"), twoCables);
        String back = userUntil(shell, "midi:routes", "midi:routes: drums active again",
                out -> Pattern.compile("(?m)^drums\\s+loopback/0\\s+synth/0\\s+active\\s").matcher(out).find());
        client.roundTrip(LOOPBACK_0, 0x643C99); // the cable works, with the route listening on it: a note on
        // channel 10 and a system-exclusive message, both passed on to synth/0
        String after = shell.run("midi:routes");
        assertTrue(after, Pattern.compile("(?m)^drums\\s+loopback/0\\s+synth/0\\s+active\\s+2\\s+0\\s+0\\s").matcher(after).find());
        log("route: waits through uninstall, carries after install", routing);

        // 10. the README's javasound block: the driver is there, with the ports Java Sound lists
        //     in Karaf's JVM (none here: no MIDI hardware; Gervill and the sequencer are left out)
        long javasound = System.nanoTime();
        user(shell, "feature:install midihost-driver-javasound");
        assertInstalled("midihost-driver-javasound", true);
        userUntil(shell, "midi:drivers", "midi:drivers listing the javasound driver",
                out -> Pattern.compile("(?m)org\\.midihost\\.driver\\.javasound\\s+\\S+\\s+active\\s+javasound\\s+\\d+\\s+0\\s+0\\s*$")
                        .matcher(out).find());
        client.awaitDevices(List.of(LOOPBACK_0, "loopback/1", "synth/0"), twoCables);
        log("feature:install midihost-driver-javasound: active, 0 ports", javasound);

        // 11. and nothing else: the commands typed are the README's, in its order
        assertEquals("the README's Apache Karaf section, command by command", readmeCommands(), typed);
    }

    /**
     * Issue #14: the rtp feature in Karaf's shell: without a configuration {@code midi:sessions}
     * says how to make one; two instances configured with {@code config:} on 127.0.0.1; one invites
     * the other with {@code midi:invite … --wait}; {@code midi:sessions} lists the session on both;
     * {@code midi:midi} lists the rtp commands; {@code midi:end}. Its own configurations and the
     * feature are removed again, whatever ran before or runs after it in this Karaf.
     */
    @Test
    public void rtpSessionsInKarafsShell() throws Exception {
        KarafShell shell = new KarafShell(sessionFactory);
        long start = System.nanoTime();
        shell.run("feature:repo-add " + FEATURES_URL);
        shell.run("feature:install midihost-driver-rtp");
        try {
            String none = Deadline.await("midi:sessions (the rtp commands registered)", () -> run(shell, "midi:sessions"),
                    out -> out.startsWith("no rtp driver configured; configure one"));
            assertTrue(none, none.contains("factory PID org.midihost.driver.rtp"));
            int alice = freeEvenPort();
            int other = freeEvenPort();
            while (other == alice) {
                other = freeEvenPort();
            }
            int bob = other;
            for (String[] c : List.of(new String[] {"rtp-alice", "alice", "rtpa", Integer.toString(alice)},
                    new String[] {"rtp-bob", "bob", "rtpb", Integer.toString(bob)})) {
                run(shell, "config:edit --factory --alias " + c[0] + " org.midihost.driver.rtp\n"
                        + "config:property-set name " + c[1] + "\n"
                        + "config:property-set midihost.driver.id " + c[2] + "\n"
                        + "config:property-set port " + c[3] + "\n"
                        + "config:update");
            }
            Deadline.await("midi:sessions listing both instances", () -> run(shell, "midi:sessions"),
                    out -> out.contains("driver rtpa on 127.0.0.1:" + alice) && out.contains("driver rtpb on 127.0.0.1:" + bob));
            String invited = run(shell, "midi:invite 127.0.0.1:" + bob + " --driver rtpa --wait 10");
            assertTrue(invited, invited.startsWith("session rtpa/bob up: 127.0.0.1:" + bob + " \"bob\" from driver rtpa"));
            String sessions = Deadline.await("midi:sessions listing the session on both sides",
                    () -> run(shell, "midi:sessions"), out -> out.contains("rtpb/alice"));
            assertTrue(sessions, Pattern.compile("(?m)^rtpa/bob\\s+bob\\s+127\\.0\\.0\\.1:" + bob + "\\s+initiator\\s+up\\s")
                    .matcher(sessions).find());
            assertTrue(sessions, Pattern.compile("(?m)^rtpb/alice\\s+alice\\s+127\\.0\\.0\\.1:" + alice
                    + "\\s+responder\\s+up\\s").matcher(sessions).find());
            String list = run(shell, "midi:midi");
            for (String command : List.of("midi:sessions", "midi:invite", "midi:end")) {
                assertTrue("midi:midi lists " + command + ":\n" + list, list.contains("   " + command + " "));
            }
            assertEquals("ended rtpa/bob", run(shell, "midi:end rtpa/bob").strip());
            Deadline.await("no session left", () -> run(shell, "midi:sessions"), out -> out.startsWith("no sessions\n"));
            log("rtp: config, midi:invite --wait, midi:sessions, midi:midi, midi:end in Karaf's shell", start);
        } finally {
            org.osgi.framework.ServiceReference<org.osgi.service.cm.ConfigurationAdmin> ref =
                    context.getServiceReference(org.osgi.service.cm.ConfigurationAdmin.class);
            if (ref != null) {
                org.osgi.service.cm.Configuration[] configs = context.getService(ref)
                        .listConfigurations("(service.factoryPid=org.midihost.driver.rtp)");
                if (configs != null) {
                    for (org.osgi.service.cm.Configuration c : configs) {
                        c.delete();
                    }
                }
                context.ungetService(ref);
            }
            shell.run("feature:uninstall midihost-driver-rtp");
        }
    }

    /** Runs a command (not one of the README's) and echoes it with its output into the build's log. */
    private static String run(KarafShell shell, String command) throws Exception {
        String out = shell.run(command);
        System.out.println("[rtp] " + PROMPT + command.replace("\n", "\n[rtp] " + PROMPT));
        System.out.print(out);
        return out;
    }

    /** An even UDP port with the next one free on 127.0.0.1 (AppleMIDI: control and data). */
    private static int freeEvenPort() throws Exception {
        java.net.InetAddress lo = java.net.InetAddress.getByName("127.0.0.1");
        for (int i = 0; i < 100; i++) {
            int p = 20_000 + 2 * java.util.concurrent.ThreadLocalRandom.current().nextInt(20_000);
            try (java.net.DatagramSocket c = new java.net.DatagramSocket(p, lo);
                    java.net.DatagramSocket d = new java.net.DatagramSocket(p + 1, lo)) {
                return p;
            } catch (java.net.SocketException e) {
                // taken: another
            }
        }
        throw new IllegalStateException("no free even UDP port pair on 127.0.0.1");
    }

    /**
     * The web page in Karaf: {@code feature:install midihost-web} brings Pax Web's whiteboard, which
     * takes the page's javax servlets and filter (DS components); {@code /api/devices} on Karaf's
     * HTTP port lists the cable, and the API's filter is in front of it (a POST without
     * {@code X-Midihost} is refused). Independent of {@link #theReadmeSequence()}'s order: it
     * installs what it needs by name.
     */
    @Test
    public void theWebPageServesTheDevicesOnKarafsPort() throws Exception {
        KarafShell shell = new KarafShell(sessionFactory);
        long start = System.nanoTime();
        shell.run("feature:repo-add " + FEATURES_URL);
        shell.run("feature:install midihost midihost-driver-loopback midihost-web");
        assertInstalled("midihost-web", true);
        int port = Integer.getInteger("midihost.web.port");
        java.net.URL devices = new java.net.URL("http://localhost:" + port + "/api/devices");
        String body = Deadline.await("GET /api/devices on Karaf's port " + port + " listing " + LOOPBACK_0,
                () -> http(devices, "GET"), b -> b.startsWith("200 ") && b.contains("\"endpointId\":\"" + LOOPBACK_0 + "\""));
        assertTrue(body, body.contains("\"outputs\":[") && body.contains("\"inputs\":["));
        String refused = http(new java.net.URL("http://localhost:" + port + "/api/send"), "POST");
        assertTrue(refused, refused.startsWith("403 ") && refused.contains("cross-site request refused"));
        // every servlet of the bundle is there (Pax Web keeps one servlet per name: each has its own)
        for (String path : List.of("/api/drivers", "/api/routes", "/api/files", "/api/play", "/api/record")) {
            String answer = http(new java.net.URL("http://localhost:" + port + path), "GET");
            assertTrue(path + ": " + answer, answer.startsWith("200 ") && answer.contains("["));
        }
        // the page itself, with its policy, and the live events it is fed by
        java.net.HttpURLConnection index = (java.net.HttpURLConnection) new java.net.URL("http://localhost:" + port + "/")
                .openConnection();
        index.setReadTimeout(5000);
        assertEquals("GET /: " + http(new java.net.URL("http://localhost:" + port + "/"), "GET")
                + "\nGET /index.html: " + http(new java.net.URL("http://localhost:" + port + "/index.html"), "GET")
                + "\nGET /app.css: " + http(new java.net.URL("http://localhost:" + port + "/app.css"), "GET"),
                200, index.getResponseCode());
        String html = new String(index.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(html, html.contains("<title>midihost"));
        assertTrue(String.valueOf(index.getHeaderField("Content-Security-Policy")),
                String.valueOf(index.getHeaderField("Content-Security-Policy")).startsWith("default-src 'self'"));
        java.net.HttpURLConnection events = (java.net.HttpURLConnection) new java.net.URL("http://localhost:" + port
                + "/api/events").openConnection();
        events.setReadTimeout(10_000);
        try (java.io.BufferedReader lines = new java.io.BufferedReader(
                new java.io.InputStreamReader(events.getInputStream(), StandardCharsets.UTF_8))) {
            String line = lines.readLine();
            for (int i = 0; line != null && !line.equals("event: devices") && i < 100; i++) {
                line = lines.readLine(); // the hub's other retained events come first or after, in any order
            }
            assertEquals("event: devices", line);
            String data = lines.readLine();
            assertTrue(data, data.startsWith("data: ") && data.contains("\"endpointId\":\"" + LOOPBACK_0 + "\""));
        } finally {
            events.disconnect();
        }
        log("feature:install midihost-web, /api/devices on port " + port, start);
    }

    /** @return "STATUS BODY" of a request without a body, or "-1 REASON" if it could not be made */
    private static String http(java.net.URL url, String method) {
        try {
            java.net.HttpURLConnection c = (java.net.HttpURLConnection) url.openConnection();
            c.setRequestMethod(method);
            c.setConnectTimeout(5000);
            c.setReadTimeout(5000);
            int status = c.getResponseCode();
            java.io.InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
            String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            c.disconnect();
            return status + " " + text;
        } catch (java.io.IOException e) {
            return "-1 " + e;
        }
    }

    /** @return a port nobody listens on now */
    private static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    /** @return the command lines ({@code karaf@root()> …}) of the README's "Apache Karaf" section */
    private static List<String> readmeCommands() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("midihost.readme")), StandardCharsets.UTF_8);
        int start = readme.indexOf("\n## Apache Karaf\n");
        assertTrue("README has an Apache Karaf section", start >= 0);
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        List<String> commands = new ArrayList<>();
        for (String line : section.split("\n")) {
            if (line.startsWith(PROMPT)) {
                commands.add(line.substring(PROMPT.length()));
            }
        }
        return commands;
    }

    /**
     * Runs one of the README's command lines in Karaf's console and echoes it with its output into
     * the build's log, as the user would see it.
     */
    private String user(KarafShell shell, String commands) throws Exception {
        String out = shell.run(commands);
        for (String line : commands.split("\n")) {
            typed.add(line);
            System.out.println(PROMPT + line);
        }
        System.out.print(out);
        return out;
    }

    /**
     * Runs a README command line until its output is the awaited one (the midi: commands register
     * a moment after their feature is installed), then echoes it as {@link #user} does.
     */
    private String userUntil(KarafShell shell, String command, String what, Predicate<String> done)
            throws Exception {
        String out = Deadline.await(what, () -> shell.run(command), done);
        typed.add(command);
        System.out.println(PROMPT + command);
        System.out.print(out);
        return out;
    }

    private void assertInstalled(String feature, boolean installed) throws Exception {
        assertEquals(feature + " installed", installed, featuresService.isInstalled(featuresService.getFeature(feature)));
    }

    /** Prints how long a step took, into the build's output (Karaf's console goes there). */
    private static void log(String step, long sinceNanos) {
        System.out.printf("[KarafFeaturesIT] %s: %d ms%n", step, (System.nanoTime() - sinceNanos) / 1_000_000);
    }
}
