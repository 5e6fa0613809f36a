package org.midihost.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.midihost.dist.HostProcess.jar;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web page's JSON API in {@code target/midihost.jar}, run as a user runs it: the jar as a
 * process with Felix HTTP on a free port, talked to over real sockets with
 * {@link java.net.http.HttpClient} (and a raw socket where it refuses a header, {@code Host}).
 * What the API says is compared with what the shell prints for the same host; events are read
 * from the live {@code text/event-stream}; every security rule is tried from both sides,
 * requests from another address included (Felix HTTP bound to all interfaces and reached through
 * this machine's own non-loopback address).
 */
class WebApiIT {
    /** Bound on any one wait: generous for a loaded 2-core machine. */
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern PAGE_LINE = Pattern.compile("web page: http://([^/]+)/");

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** @return a port nobody listens on now */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        }
    }

    /** Starts the host headless with the page on {@code port} (and {@code host}), and waits for the page's line. */
    private HostProcess start(Path deploy, int port, String bindHost) throws Exception {
        List<String> jvm = new ArrayList<>(List.of("-Dorg.osgi.service.http.port=" + port));
        if (bindHost != null) {
            jvm.add("-Dorg.apache.felix.http.host=" + bindHost);
        }
        HostProcess p = new HostProcess(jar(), work, jvm, "--deploy", deploy.toString());
        try {
            String line = p.awaitOut("the page's line", l -> l.startsWith("web page"), WAIT);
            if (bindHost == null) {
                assertThat(line).as(p.transcript()).isEqualTo("web page: http://127.0.0.1:" + port + "/");
            } else {
                // every address: the local URL first, then those other machines can use
                assertThat(line).as(p.transcript()).startsWith("web page: http://127.0.0.1:" + port + "/ (from other machines: http://");
            }
            return p;
        } catch (AssertionError | RuntimeException e) {
            p.close(); // the caller's try-with-resources never got it
            throw e;
        }
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(WAIT).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postJson(URI uri, String json, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(WAIT).POST(HttpRequest.BodyPublishers.ofString(json));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject object(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private static String error(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Type")).as(r.body()).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return object(r).get("error").getAsString();
    }

    @Test
    void devicesAndDriversAreWhatTheShellPrints() throws Exception {
        // the shell's view, in a run of its own on the same (empty) deploy folder
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        List<String> shellDevices;
        List<String> shellDrivers;
        try (HostProcess c = new HostProcess(jar(), work, "--deploy", deploy.toString(), "-c", "midi:devices; midi:drivers")) {
            assertThat(c.awaitExit(WAIT)).as(c.transcript()).isZero();
            shellDevices = c.out().stream().filter(l -> l.startsWith("out ") || l.startsWith("in ")).toList();
            shellDrivers = c.out().stream().filter(l -> l.matches("\\d+\\s+org\\.midihost\\.driver\\..*")).toList();
        }
        assertThat(shellDevices).as("midi:devices printed rows").hasSizeGreaterThanOrEqualTo(3);

        int port = freePort();
        try (HostProcess p = start(deploy, port, null)) {
            HttpResponse<String> r = get(uri(port, "/api/devices"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            JsonObject devices = object(r);
            List<String> apiRows = new ArrayList<>();
            for (JsonElement e : devices.getAsJsonArray("outputs")) {
                apiRows.add(row("out", e.getAsJsonObject()));
            }
            for (JsonElement e : devices.getAsJsonArray("inputs")) {
                apiRows.add(row("in", e.getAsJsonObject()));
            }
            List<String> shellRows = shellDevices.stream().map(l -> String.join("|", l.trim().split("\\s{2,}"))).toList();
            assertThat(apiRows).as("GET /api/devices has midi:devices' rows and values; " + p.transcript())
                    .containsExactlyElementsOf(shellRows);

            HttpResponse<String> d = get(uri(port, "/api/drivers"));
            assertThat(d.statusCode()).as(d.body()).isEqualTo(200);
            JsonArray drivers = JsonParser.parseString(d.body()).getAsJsonArray();
            List<String> apiDrivers = new ArrayList<>();
            for (JsonElement e : drivers) {
                JsonObject o = e.getAsJsonObject();
                apiDrivers.add(String.join("|", o.get("bundle").getAsString(), o.get("version").getAsString(),
                        o.get("state").getAsString().toLowerCase(), o.has("driver") ? o.get("driver").getAsString() : "-",
                        o.has("order") ? o.get("order").getAsString() : "-", o.get("outputs").getAsString(),
                        o.get("inputs").getAsString()));
            }
            // midi:drivers: BUNDLE NAME VERSION STATE DRIVER ORDER OUTPUTS INPUTS; the bundle ids match too
            // (same jar, same start order), but the version qualifier is the build's, so it is compared as is
            List<String> shellDriverRows = shellDrivers.stream().map(l -> {
                String[] f = l.trim().split("\\s+");
                return String.join("|", f[1], f[2], f[3], f[4], f[5], f[6], f[7]);
            }).toList();
            assertThat(apiDrivers).as("GET /api/drivers has midi:drivers' rows; " + p.transcript())
                    .containsExactlyInAnyOrderElementsOf(shellDriverRows);

            HttpResponse<String> wrongMethod = postJson(uri(port, "/api/devices"), "{}", "X-Midihost", "1",
                    "Content-Type", "application/json");
            assertThat(wrongMethod.statusCode()).isEqualTo(405);
            assertThat(error(wrongMethod)).isEqualTo("POST is not allowed on /api/devices");
        }
    }

    /** @return a device as midi:devices prints its row: DIR|ID|ENDPOINT|NAME|TECHNOLOGY|DRIVER|CLIENTS */
    private static String row(String dir, JsonObject o) {
        return String.join("|", dir, o.get("id").getAsString(), o.get("endpointId").getAsString(), o.get("name").getAsString(),
                o.has("technology") ? o.get("technology").getAsString() : "-", o.get("driver").getAsString(),
                o.has("clients") ? o.get("clients").getAsString() : "-");
    }

    @Test
    void aConfigurationDroppedIntoDeployGivesADevicesEventAndTakingItAwayAnother() throws Exception {
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        int port = freePort();
        try (HostProcess p = start(deploy, port, null); Sse events = Sse.open(http, uri(port, "/api/events"), null)) {
            JsonObject first = events.await("the devices event on connect", "devices", d -> true, WAIT);
            assertThat(endpoints(first, "inputs")).as(p.transcript()).containsExactly("loopback/0");
            events.await("the drivers event on connect", "drivers", d -> true, WAIT);

            Path cfg = deploy.resolve("org.midihost.driver.loopback-studio.cfg");
            Files.writeString(cfg, "midihost.driver.id=studio\ncables=2\n", StandardCharsets.UTF_8);
            // a factory configuration of the loopback driver takes the place of its unconfigured default instance
            JsonObject added = events.await("a devices event with studio/0 and studio/1", "devices",
                    d -> endpoints(d, "inputs").contains("studio/1") && endpoints(d, "outputs").contains("studio/1"), WAIT);
            assertThat(endpoints(added, "outputs")).contains("studio/0", "studio/1");
            assertThat(endpoints(added, "inputs")).containsExactly("studio/0", "studio/1");
            events.awaitSeen("a drivers event with the studio instance", "drivers",
                    d -> d.toString().contains("\"driver\":\"studio\""), WAIT);

            Files.delete(cfg);
            JsonObject removed = events.await("a devices event without studio/*, loopback/0 back", "devices",
                    d -> !endpoints(d, "inputs").contains("studio/0") && endpoints(d, "inputs").contains("loopback/0"), WAIT);
            assertThat(endpoints(removed, "inputs")).containsExactly("loopback/0");
            assertThat(p.isAlive()).isTrue();
        }
    }

    private static List<String> endpoints(JsonElement devices, String which) {
        List<String> out = new ArrayList<>();
        for (JsonElement e : devices.getAsJsonObject().getAsJsonArray(which)) {
            out.add(e.getAsJsonObject().get("endpointId").getAsString());
        }
        return out;
    }

    @Test
    void aMessageSentToLoopbackShowsOnTheTrafficStreamAndClosingTheStreamClosesTheInput() throws Exception {
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        int port = freePort();
        try (HostProcess p = start(deploy, port, null); Sse events = Sse.open(http, uri(port, "/api/events"), null)) {
            HttpResponse<String> unknown = get(uri(port, "/api/traffic?in=nosuch/0"));
            assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
            assertThat(error(unknown)).isEqualTo("no input has the endpoint id nosuch/0 now");
            HttpResponse<String> mapper = get(uri(port, "/api/traffic?out=midihost/mapper"));
            assertThat(mapper.statusCode()).as(mapper.body()).isEqualTo(400);
            assertThat(error(mapper)).isEqualTo("midihost/mapper is the MIDI mapper, not a device: it cannot be watched; "
                    + "watch the output it stands for now, synth/0");

            try (Sse traffic = Sse.open(http, uri(port, "/api/traffic?in=loopback/0&out=loopback/0"), null)) {
                // the input is open once the page's devices event counts it as a client
                events.await("loopback/0 in with one client", "devices", d -> clients(d, "inputs", "loopback/0") == 1, WAIT);
                HttpResponse<String> sent = postJson(uri(port, "/api/send"), "{\"output\":\"loopback/0\",\"bytes\":[144,60,100]}",
                        "Content-Type", "application/json", "X-Midihost", "1");
                assertThat(sent.statusCode()).as(sent.body()).isEqualTo(204);
                JsonObject in = traffic.await("the note on at the input", "midi", m -> m.getAsJsonObject().get("dir").getAsString().equals("in"), WAIT);
                assertThat(in.get("endpoint").getAsString()).isEqualTo("loopback/0");
                assertThat(in.get("hex").getAsString()).isEqualTo("90 3C 64");
                assertThat(in.get("type").getAsString()).isEqualTo("NoteOn");
                assertThat(in.get("channel").getAsInt()).isEqualTo(1);
                assertThat(in.get("text").getAsString()).isEqualTo("note on ch 1 C4 vel 100");
                assertThat(in.get("t").getAsLong()).as("µs since the stream opened").isPositive();
                JsonObject out = traffic.awaitSeen("the note on seen at the output", "midi",
                        m -> m.getAsJsonObject().get("dir").getAsString().equals("out"), WAIT);
                assertThat(out.get("hex").getAsString()).isEqualTo("90 3C 64");

                // a sysex, whole, and a system message without a channel
                sent = postJson(uri(port, "/api/send"), "{\"output\":\"loopback/0\",\"bytes\":[240,126,127,9,1,247,248]}",
                        "Content-Type", "application/json", "X-Midihost", "1");
                assertThat(sent.statusCode()).as(sent.body()).isEqualTo(204);
                JsonObject sysex = traffic.awaitSeen("the sysex at the input", "midi", m -> m.getAsJsonObject().get("type").getAsString().equals("SysEx")
                        && m.getAsJsonObject().get("dir").getAsString().equals("in"), WAIT);
                assertThat(sysex.get("hex").getAsString()).isEqualTo("F0 7E 7F 09 01 F7");
                assertThat(sysex.has("channel")).isFalse();
                JsonObject clock = traffic.awaitSeen("the clock at the input", "midi", m -> m.getAsJsonObject().get("type").getAsString().equals("Clock"), WAIT);
                assertThat(clock.has("channel")).isFalse();
                traffic.awaitSeen("a rate event", "rate", r -> r.getAsJsonObject().get("endpoint").getAsString().equals("loopback/0"), WAIT);

                // bad bytes and an unknown output: the host's words, nothing sent
                HttpResponse<String> bad = postJson(uri(port, "/api/send"), "{\"output\":\"loopback/0\",\"bytes\":[144,300,1]}",
                        "Content-Type", "application/json", "X-Midihost", "1");
                assertThat(bad.statusCode()).isEqualTo(400);
                assertThat(error(bad)).isEqualTo("bytes[1] = 300 is not a byte (0..255)");
                HttpResponse<String> cut = postJson(uri(port, "/api/send"), "{\"output\":\"loopback/0\",\"bytes\":[144,60]}",
                        "Content-Type", "application/json", "X-Midihost", "1");
                assertThat(cut.statusCode()).isEqualTo(400);
                assertThat(error(cut)).isEqualTo("the message at bytes[0] (90) needs 2 data byte(s); 1 follow");
                HttpResponse<String> nowhere = postJson(uri(port, "/api/send"), "{\"output\":\"nosuch/0\",\"bytes\":[144,60,1]}",
                        "Content-Type", "application/json", "X-Midihost", "1");
                assertThat(nowhere.statusCode()).as(nowhere.body()).isEqualTo(404);
                assertThat(error(nowhere)).contains("nosuch/0").endsWith("MIDIERR_NODEVICE");
            }
            // the browser closed the stream: the server closes its input (seen within a second, at the next write)
            events.await("loopback/0 in without clients", "devices", d -> clients(d, "inputs", "loopback/0") == 0, WAIT);
            assertThat(p.isAlive()).isTrue();
        }
    }

    private static int clients(JsonElement devices, String which, String endpoint) {
        for (JsonElement e : devices.getAsJsonObject().getAsJsonArray(which)) {
            JsonObject o = e.getAsJsonObject();
            if (o.get("endpointId").getAsString().equals(endpoint)) {
                return o.get("clients").getAsInt();
            }
        }
        return -1;
    }

    @Test
    void theSecurityRulesHoldFromThisMachineAndFromAnother() throws Exception {
        InetAddress external = nonLoopbackAddress();
        Assumptions.assumeTrue(external != null, "this machine has no non-loopback IPv4 address to connect through");
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        int port = freePort();
        try (HostProcess p = start(deploy, port, "0.0.0.0")) {
            String send = "{\"output\":\"loopback/0\",\"bytes\":[144,60,100]}";
            URI sendUri = uri(port, "/api/send");

            // (b) a state change needs X-Midihost: 1, and an Origin, if any, must be the page's own
            HttpResponse<String> r = postJson(sendUri, send, "Content-Type", "application/json");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(error(r)).isEqualTo("cross-site request refused: the header X-Midihost: 1 is missing");
            r = postJson(sendUri, send, "Content-Type", "application/json", "X-Midihost", "1", "Origin", "http://evil.example");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(error(r)).startsWith("cross-site request refused: Origin http://evil.example is not");
            r = postJson(sendUri, send, "Content-Type", "application/json", "X-Midihost", "1", "Origin", "http://127.0.0.1:" + port);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
            // JSON bodies only
            r = postJson(sendUri, send, "Content-Type", "text/plain", "X-Midihost", "1");
            assertThat(r.statusCode()).isEqualTo(415);
            assertThat(error(r)).isEqualTo("the body must be JSON (Content-Type: application/json), not text/plain");

            // (c) from loopback, a Host that is not loopback's name is refused (DNS rebinding)
            RawResponse rebound = raw(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), "GET", "/api/devices",
                    "evil.example:" + port, null);
            assertThat(rebound.status).as(rebound.text).isEqualTo(403);
            assertThat(rebound.text).contains("the Host header 'evil.example:" + port + "' is not this machine");
            RawResponse local = raw(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), "GET", "/api/devices",
                    "localhost:" + port, null);
            assertThat(local.status).as(local.text).isEqualTo(200);

            // (a) from another address: no token configured yet, so refused with the way out
            URI remote = URI.create("http://" + external.getHostAddress() + ":" + port + "/api/devices");
            r = get(remote);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(403);
            assertThat(error(r)).isEqualTo("set a token in org.midihost.web to use the page beyond this machine");

            // a token in the deploy folder: the filter takes it without a restart
            Files.writeString(deploy.resolve("org.midihost.web.cfg"), "token=s3cret-token\n", StandardCharsets.UTF_8);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while ((r = get(remote)).statusCode() == 403 && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(100); // polling File Install and ConfigAdmin, within the bound
            }
            assertThat(r.statusCode()).as("no token: " + r.body()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
            r = http.send(HttpRequest.newBuilder(remote).header("Authorization", "Bearer wrong").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(error(r)).isEqualTo("wrong token");
            r = http.send(HttpRequest.newBuilder(remote).header("Authorization", "Bearer s3cret-token").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(endpoints(object(r), "inputs")).contains("loopback/0");
            // ?token= only for an EventSource
            URI remoteEvents = URI.create("http://" + external.getHostAddress() + ":" + port + "/api/events?token=s3cret-token");
            r = get(URI.create(remote + "?token=s3cret-token"));
            assertThat(r.statusCode()).as("?token= on a plain GET").isEqualTo(401);
            try (Sse remoteStream = Sse.open(http, remoteEvents, null)) {
                remoteStream.await("devices through the token", "devices", d -> true, WAIT);
            }
            // a remote POST with the token still needs the header
            URI remoteSend = URI.create("http://" + external.getHostAddress() + ":" + port + "/api/send");
            r = postJson(remoteSend, send, "Content-Type", "application/json", "Authorization", "Bearer s3cret-token");
            assertThat(r.statusCode()).isEqualTo(403);
            r = postJson(remoteSend, send, "Content-Type", "application/json", "Authorization", "Bearer s3cret-token", "X-Midihost", "1");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        }
    }

    @Test
    void thePageFilesComeWithTheirHeadersAndNothingOutsideThem() throws Exception {
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        int port = freePort();
        try (HostProcess p = start(deploy, port, null)) {
            HttpResponse<String> missing = get(uri(port, "/no-such-file.js"));
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.headers().firstValue("Content-Security-Policy"))
                    .hasValue("default-src 'self'; img-src 'self' data:; style-src 'self'");
            assertThat(missing.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(missing.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            // a directory is no listing, the bundle's own classes and manifest are not reachable
            for (String path : List.of("/org/midihost/web/", "/META-INF/MANIFEST.MF", "/org/midihost/web/Json.class")) {
                assertThat(get(uri(port, path)).statusCode()).as(path).isEqualTo(404);
            }
            // a path that climbs out of web/: refused by Jetty (400) or by the servlet (404), never served
            for (String path : List.of("/../META-INF/MANIFEST.MF", "/%2e%2e/META-INF/MANIFEST.MF", "/a/..%2f..%2fMETA-INF/MANIFEST.MF")) {
                RawResponse r = raw(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), "GET", path, "127.0.0.1:" + port, null);
                assertThat(r.status).as(path + ": " + r.text).isIn(400, 404);
                assertThat(r.text).as(path).doesNotContain("Bundle-SymbolicName");
            }
            HttpResponse<String> post = postJson(uri(port, "/index.html"), "{}");
            assertThat(post.statusCode()).isEqualTo(405);

            // the page itself, when the web bundle in the jar carries one (web/index.html)
            HttpResponse<String> index = get(uri(port, "/"));
            if (webBundleHasIndex()) {
                assertThat(index.statusCode()).as(index.body()).isEqualTo(200);
                assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
                assertThat(index.headers().firstValue("Content-Security-Policy"))
                        .hasValue("default-src 'self'; img-src 'self' data:; style-src 'self'");
                assertThat(index.body()).isEqualTo(get(uri(port, "/index.html")).body());
            } else {
                assertThat(index.statusCode()).as("no web/index.html in the web bundle").isEqualTo(404);
            }
        }
    }

    @Test
    void aCommandRunStartsNoWebServer() throws Exception {
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        try (HostProcess c = new HostProcess(jar(), work, "--deploy", deploy.toString(), "-c", "lb")) {
            assertThat(c.awaitExit(WAIT)).as(c.transcript()).isZero();
            // the web server's bundles stay at start level 3, which only run mode reaches after "ready"
            assertThat(c.out()).as(c.transcript())
                    .anyMatch(l -> l.contains("|Resolved") && l.contains("Apache Felix Http Jetty"))
                    .anyMatch(l -> l.contains("|Resolved") && l.contains("midihost web page"))
                    .noneMatch(l -> l.startsWith("web page"));
        }
    }

    @Test
    void aTakenPortLeavesTheHostRunningAndSaysSo() throws Exception {
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = taken.getLocalPort();
            try (HostProcess p = new HostProcess(jar(), work, List.of("-Dorg.osgi.service.http.port=" + port),
                    "--deploy", deploy.toString())) {
                p.awaitOut("ready", l -> l.startsWith("midihost ready in "), WAIT);
                String line = p.awaitOut("the page-off line", l -> l.startsWith("web page"), WAIT);
                assertThat(line).as(p.transcript()).isEqualTo("web page off: cannot listen on 127.0.0.1:" + port
                        + ": address already in use; choose another port with -Dorg.osgi.service.http.port=PORT"
                        + " or an org.apache.felix.http.cfg in the deploy folder");
                assertThat(p.isAlive()).as(p.transcript()).isTrue();
                assertThat(p.err()).as("one line, no stack trace; " + p.transcript())
                        .noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception"));

                // the way out the line names: another port in the deploy folder, taken while running
                int free = freePort();
                Files.writeString(deploy.resolve("org.apache.felix.http.cfg"), "org.osgi.service.http.port=" + free + "\n",
                        StandardCharsets.UTF_8);
                p.awaitOut("the page on the new port", l -> l.equals("web page: http://127.0.0.1:" + free + "/"), WAIT);
                // the line comes when Jetty listens; the whiteboard registers the servlets just after
                HttpResponse<String> r = awaitOk(uri(free, "/api/devices"));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

                // and again, while it serves: Felix HTTP restarts on the next port and destroys, then
                // inits the same servlets; the event streams must run there too, not end at once
                int next = freePort();
                Files.writeString(deploy.resolve("org.apache.felix.http.cfg"), "org.osgi.service.http.port=" + next + "\n",
                        StandardCharsets.UTF_8);
                p.awaitOut("the page on the next port", l -> l.equals("web page: http://127.0.0.1:" + next + "/"), WAIT);
                awaitOk(uri(next, "/api/devices"));
                try (Sse events = Sse.open(http, uri(next, "/api/events"), null)) {
                    events.await("the devices event after the restart", "devices", d -> true, WAIT);
                    Files.writeString(deploy.resolve("org.midihost.driver.loopback-moved.cfg"),
                            "midihost.driver.id=moved\ncables=1\n", StandardCharsets.UTF_8);
                    events.await("a devices event with moved/0 on the same stream", "devices",
                            d -> d.toString().contains("\"moved/0\""), WAIT);
                }
                p.terminate();
                assertThat(p.awaitExit(WAIT)).as(p.transcript()).isEqualTo(143);
            }
        }
    }

    /** @return the first answer 200 to a GET of {@code uri}, or the last answer after {@link #WAIT} (polled every 100 ms) */
    private HttpResponse<String> awaitOk(URI uri) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            HttpResponse<String> r = get(uri);
            if (r.statusCode() == 200 || System.nanoTime() - deadline > 0) {
                return r;
            }
            Thread.sleep(100);
        }
    }

    /** @return whether the web bundle inside the jar has {@code web/index.html} */
    private static boolean webBundleHasIndex() throws IOException {
        try (java.util.jar.JarFile dist = new java.util.jar.JarFile(jar().toFile())) {
            java.util.jar.JarEntry web = dist.stream().filter(e -> e.getName().matches("jar/org\\.midihost\\.web-.*\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no org.midihost.web bundle in " + jar()));
            try (java.util.jar.JarInputStream in = new java.util.jar.JarInputStream(dist.getInputStream(web))) {
                for (java.util.jar.JarEntry e; (e = in.getNextJarEntry()) != null;) {
                    if (e.getName().equals("web/index.html")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** @return an IPv4 address of this machine that is not loopback, or {@code null} */
    private static InetAddress nonLoopbackAddress() throws IOException {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return a;
                }
            }
        }
        return null;
    }

    /** A response read off a raw socket: status and everything (headers and body) as text. */
    record RawResponse(int status, String text) {
    }

    /** One HTTP/1.1 request on a raw socket, with the Host header as given (HttpClient will not send a foreign one). */
    private static RawResponse raw(InetSocketAddress to, String method, String path, String host, String body) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(to, 10_000);
            s.setSoTimeout((int) WAIT.toMillis());
            StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n");
            if (body != null) {
                req.append("Content-Type: application/json\r\nContent-Length: ")
                        .append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
            }
            req.append("\r\n");
            if (body != null) {
                req.append(body);
            }
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            String text = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("^HTTP/1\\.1 (\\d{3})").matcher(text);
            return new RawResponse(m.find() ? Integer.parseInt(m.group(1)) : -1, text);
        }
    }

    /**
     * A server-sent event stream read on a thread of its own into a queue of (event, data) pairs;
     * {@link #await} takes them in order until one matches. Closing it closes the connection, as a
     * browser's {@code EventSource.close()} does.
     */
    static final class Sse implements AutoCloseable {
        record Event(String name, JsonElement data) {
        }

        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        private final InputStream body;
        private final List<String> seen = Collections.synchronizedList(new ArrayList<>());
        /** Every event so far, for {@link #awaitSeen}. Guarded by itself. */
        private final List<Event> all = new ArrayList<>();

        private Sse(InputStream body) {
            this.body = body;
            Thread t = new Thread(this::read, "sse reader");
            t.setDaemon(true);
            t.start();
        }

        static Sse open(HttpClient http, URI uri, String authorization) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
            if (authorization != null) {
                b.header("Authorization", authorization);
            }
            HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                String text = new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
                throw new AssertionError("GET " + uri + ": " + r.statusCode() + " " + text);
            }
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
            return new Sse(r.body());
        }

        private void read() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String name = null;
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("event: ")) {
                        name = line.substring(7);
                    } else if (line.startsWith("data: ") && name != null) {
                        seen.add(name);
                        Event e = new Event(name, JsonParser.parseString(line.substring(6)));
                        synchronized (all) {
                            all.add(e);
                            all.notifyAll();
                        }
                        events.add(e);
                        name = null;
                    }
                }
            } catch (IOException e) {
                // closed
            }
        }

        /** Takes events until one named {@code name} whose data matches; fails after the timeout. */
        JsonObject await(String what, String name, Predicate<JsonElement> matches, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                Event e = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
                if (e == null) {
                    throw new AssertionError("waited " + timeout.toMillis() + " ms for " + what + "; events seen: " + seen);
                }
                if (e.name().equals(name) && matches.test(e.data())) {
                    return e.data().isJsonObject() ? e.data().getAsJsonObject() : wrap(e.data());
                }
            }
        }

        /**
         * Waits for an event named {@code name} whose data matches, among all the stream has
         * brought so far (those {@link #await} passed over included) and those to come.
         */
        JsonObject awaitSeen(String what, String name, Predicate<JsonElement> matches, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (all) {
                int checked = 0;
                while (true) {
                    for (; checked < all.size(); checked++) {
                        Event e = all.get(checked);
                        if (e.name().equals(name) && matches.test(e.data())) {
                            return e.data().isJsonObject() ? e.data().getAsJsonObject() : wrap(e.data());
                        }
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError("waited " + timeout.toMillis() + " ms for " + what + "; events seen: " + seen);
                    }
                    TimeUnit.NANOSECONDS.timedWait(all, left);
                }
            }
        }

        private static JsonObject wrap(JsonElement e) {
            JsonObject o = new JsonObject();
            o.add("value", e);
            return o;
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }
}
