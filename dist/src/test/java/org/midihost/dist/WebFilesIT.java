package org.midihost.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.midihost.dist.HostProcess.jar;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web page's routes and files API against the running distribution jar, over real HTTP (the
 * JDK's {@link HttpClient}), as the page uses it: a route made with {@code POST /api/routes} is
 * the shell's route ({@code midi:routes} lists it in the same host's console, in a pty), a cycle is refused,
 * {@code DELETE} removes it; real {@code .mid} files (the project's tune, and one written by the
 * JDK's {@code javax.sound.midi}) are uploaded and played on a loopback cable while the traffic
 * stream of its input shows the notes and the event stream the progress to {@code done}; a
 * recording of the input, fed by {@code POST /api/send}, downloads as a file the JDK reads back.
 * Every state-changing request carries {@code X-Midihost: 1}, as the page's do.
 */
class WebFilesIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final List<AutoCloseable> open = new ArrayList<>();
    private HostProcess host;
    private String base;

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        if (host != null) {
            host.close();
        }
    }

    /** Starts the jar with its page on a free port ({@code -Dorg.osgi.service.http.port}), and waits until the API answers. */
    private void start() throws Exception {
        int port = freePort();
        base = "http://127.0.0.1:" + port;
        host = new HostProcess(jar(), work, List.of("-Dorg.osgi.service.http.port=" + port));
        host.awaitOut("the web page's line", l -> l.equals("web page: " + base + "/"), WAIT);
        awaitApi(host::transcript);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Picks a free port for the page and writes it into the deploy folder, as a user changes the port of a host to come. */
    private void pagePortInDeployFolder() throws IOException {
        int port = freePort();
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        Files.writeString(deploy.resolve("org.apache.felix.http.cfg"),
                "org.osgi.service.http.port = " + port + "\norg.apache.felix.http.host = 127.0.0.1\n");
        base = "http://127.0.0.1:" + port;
    }

    private void awaitApi(java.util.function.Supplier<String> transcript) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                if (get("/api/files").statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            assertThat(System.nanoTime()).as("the API answers on %s within %s; %s", base, WAIT, transcript.get()).isLessThan(deadline);
            Thread.sleep(100); // bounded polling: Felix HTTP announces its port to no one outside
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("X-Midihost", "1");
        if (json != null) {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        } else {
            b.POST(HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> upload(String name, String type, byte[] body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/files")).header("X-Midihost", "1")
                .header("Content-Type", type).header("X-Filename", name)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("X-Midihost", "1").DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject object(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private static JsonArray array(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonArray();
    }

    private static String error(HttpResponse<String> r) {
        return object(r).get("error").getAsString();
    }

    /** A server-sent event stream, read on a thread of its own into a queue. */
    private final class Events implements AutoCloseable {
        record Event(String name, String data) {
        }

        private final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>();
        private final Stream<String> lines;
        private final List<Event> seen = new ArrayList<>();

        Events(String path) throws IOException, InterruptedException {
            HttpResponse<Stream<String>> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
            assertThat(r.statusCode()).as("GET %s", path).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            lines = r.body();
            Thread t = new Thread(() -> {
                String name = "message";
                StringBuilder data = new StringBuilder();
                try {
                    Iterator<String> it = lines.iterator();
                    while (it.hasNext()) {
                        String line = it.next();
                        if (line.isEmpty()) {
                            if (data.length() > 0) {
                                queue.add(new Event(name, data.toString()));
                            }
                            name = "message";
                            data.setLength(0);
                        } else if (line.startsWith("event:")) {
                            name = line.substring(6).strip();
                        } else if (line.startsWith("data:")) {
                            if (data.length() > 0) {
                                data.append('\n');
                            }
                            data.append(line.substring(5).strip());
                        }
                    }
                } catch (RuntimeException e) {
                    // closed
                }
            }, "sse " + path);
            t.setDaemon(true);
            t.start();
            open.add(this);
        }

        /** @return the data of the next event of that name whose data matches, within the wait */
        JsonElement await(String name, Predicate<JsonObject> match, Duration wait) throws InterruptedException {
            long deadline = System.nanoTime() + wait.toNanos();
            while (true) {
                Event e = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (e == null) {
                    throw new AssertionError("no event '" + name + "' as awaited within " + wait + "; seen: " + seen);
                }
                seen.add(e);
                if (e.name().equals(name)) {
                    JsonElement d = JsonParser.parseString(e.data());
                    if (!d.isJsonObject() || match.test(d.getAsJsonObject())) {
                        return d;
                    }
                }
            }
        }

        @Override
        public void close() {
            lines.close();
        }
    }

    /** @return a type-1 file written by the JDK's javax.sound.midi: the notes, 100 ms apart, each 50 ms long */
    private static byte[] jdkFile(int... notes) throws Exception {
        Sequence seq = new Sequence(Sequence.PPQ, 480);
        Track track = seq.createTrack();
        long t = 0;
        for (int n : notes) {
            track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 0, n, 90), t));
            track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, 0, n, 0), t + 48));
            t += 96; // 100 ms at 120 bpm, 480 PPQ
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MidiSystem.write(seq, 1, out);
        return out.toByteArray();
    }

    @Test
    void aRouteMadeOnThePageIsTheShellsRouteAndDeleteRemovesIt() throws Exception {
        pagePortInDeployFolder();
        // the host's console in a pty, so that midi:routes runs in the same host as the page
        TerminalProcess console = new TerminalProcess(jar(), work);
        open.add(console);
        console.await("the web page's line", s -> s.contains("web page: " + base + "/"), WAIT);
        awaitApi(console::screen);
        HttpResponse<String> made = post("/api/routes",
                "{\"name\":\"webkeys\",\"from\":\"loopback/0\",\"to\":[\"synth/0\"],\"channels\":\"1-9\",\"transpose\":-12}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        JsonObject route = object(made);
        assertThat(route.get("name").getAsString()).isEqualTo("webkeys");
        assertThat(route.get("from").getAsString()).isEqualTo("loopback/0");
        assertThat(route.getAsJsonArray("to").get(0).getAsString()).isEqualTo("synth/0");
        assertThat(route.getAsJsonObject("transform").get("channels").getAsString()).isEqualTo("1-9");
        assertThat(route.getAsJsonObject("transform").get("transpose").getAsInt()).isEqualTo(-12);
        assertThat(route.get("transformText").getAsString()).isEqualTo("channels 1-9, transpose -12");
        assertThat(route.get("state").getAsString()).isEqualTo("active");
        Path cfg = work.resolve("deploy/org.midihost.route-webkeys.cfg");
        assertThat(cfg).as("saved in the deploy folder, as midi:connect saves it").isRegularFile();

        HttpResponse<String> list = get("/api/routes");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(array(list)).anyMatch(e -> e.getAsJsonObject().get("name").getAsString().equals("webkeys"));
        console.type("midi:routes\r");
        console.await("midi:routes listing webkeys", s -> s.lines().anyMatch(
                l -> l.matches("webkeys\\s+loopback/0\\s+synth/0\\s+active\\s+.*channels 1-9, transpose -12.*")), WAIT);

        HttpResponse<String> cycle = post("/api/routes", "{\"from\":\"loopback/0\",\"to\":\"loopback/0\"}");
        assertThat(cycle.statusCode()).as(cycle.body()).isEqualTo(400);
        assertThat(error(cycle)).contains("the route would close a cycle: loopback/0 (in) \u2192 loopback/0 (out) \u2192 loopback/0 (in)");
        HttpResponse<String> badOption = post("/api/routes", "{\"from\":\"loopback/0\",\"to\":[\"synth/0\"],\"transpose\":\"up\"}");
        assertThat(badOption.statusCode()).as(badOption.body()).isEqualTo(400);
        assertThat(error(badOption)).contains("transpose").contains("up");
        HttpResponse<String> unknown = post("/api/routes", "{\"from\":\"loopback/0\",\"to\":[\"synth/0\"],\"louder\":2}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(error(unknown)).startsWith("unknown field 'louder'");
        HttpResponse<String> taken = post("/api/routes", "{\"name\":\"webkeys\",\"from\":\"loopback/0\",\"to\":[\"synth/0\"]}");
        assertThat(taken.statusCode()).isEqualTo(400);
        assertThat(error(taken)).contains("a route named 'webkeys' exists already");

        HttpResponse<String> gone = delete("/api/routes/webkeys");
        assertThat(gone.statusCode()).as(gone.body()).isEqualTo(204);
        assertThat(cfg).doesNotExist();
        assertThat(array(get("/api/routes"))).noneMatch(e -> e.getAsJsonObject().get("name").getAsString().equals("webkeys"));
        console.type("midi:routes\r");
        console.await("midi:routes listing none", s -> s.contains("0 route(s)"), WAIT);
        HttpResponse<String> again = delete("/api/routes/webkeys");
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(error(again)).isEqualTo("no route named 'webkeys'");
    }

    @Test
    void uploadedFilesPlayOnALoopbackCableWhileItsInputShowsTheNotes() throws Exception {
        start();
        Path demo = Path.of("tunes/demo.mid");
        assertThat(demo).as("the project's tune (dist/tunes)").isRegularFile();
        HttpResponse<String> up = upload("demo.mid", "audio/midi", Files.readAllBytes(demo));
        assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
        JsonObject f1 = object(up);
        assertThat(f1.get("id").getAsString()).isEqualTo("f1");
        assertThat(f1.get("name").getAsString()).isEqualTo("demo.mid");
        assertThat(f1.get("format").getAsInt()).isEqualTo(1);
        assertThat(f1.get("tracks").getAsInt()).isEqualTo(6);
        assertThat(f1.get("durationMs").getAsLong()).isBetween(38_000L, 38_200L);

        int[] notes = {60, 62, 64, 65, 67, 69, 71, 72};
        HttpResponse<String> up2 = upload("scale.mid", "application/octet-stream", jdkFile(notes));
        assertThat(up2.statusCode()).as(up2.body()).isEqualTo(201);
        assertThat(object(up2).get("id").getAsString()).isEqualTo("f2");
        assertThat(array(get("/api/files"))).hasSize(2);

        Events events = new Events("/api/events");
        Events traffic = new Events("/api/traffic?in=loopback/0");
        HttpResponse<String> play = post("/api/play", "{\"file\":\"f2\",\"output\":\"loopback/0\"}");
        assertThat(play.statusCode()).as(play.body()).isEqualTo(201);
        String id = object(play).get("id").getAsString();
        assertThat(id).isEqualTo("p1");
        for (int n : notes) {
            JsonObject m = traffic.await("midi", o -> o.get("type").getAsString().equals("NoteOn"), Duration.ofSeconds(10))
                    .getAsJsonObject();
            assertThat(m.get("dir").getAsString()).isEqualTo("in");
            assertThat(m.get("endpoint").getAsString()).isEqualTo("loopback/0");
            assertThat(m.get("hex").getAsString()).isEqualTo(String.format("90 %02X 5A", n));
        }
        JsonObject done = events.await("playback", o -> o.get("id").getAsString().equals(id)
                && !o.get("state").getAsString().equals("playing"), Duration.ofSeconds(20)).getAsJsonObject();
        assertThat(done.get("state").getAsString()).as(done.toString()).isEqualTo("done");
        assertThat(done.get("file").getAsString()).isEqualTo("f2");
        assertThat(done.get("output").getAsString()).isEqualTo("loopback/0");
        assertThat(done.get("positionMs").getAsLong()).isEqualTo(done.get("durationMs").getAsLong());

        // the long tune, stopped early
        HttpResponse<String> play2 = post("/api/play", "{\"file\":\"f1\",\"output\":\"loopback/0\"}");
        assertThat(play2.statusCode()).as(play2.body()).isEqualTo(201);
        events.await("playback", o -> o.get("id").getAsString().equals("p2") && o.get("state").getAsString().equals("playing"),
                Duration.ofSeconds(10));
        HttpResponse<String> stop = post("/api/play/p2/stop", null);
        assertThat(stop.statusCode()).as(stop.body()).isEqualTo(204);
        JsonObject stopped = events.await("playback", o -> o.get("id").getAsString().equals("p2")
                && !o.get("state").getAsString().equals("playing"), Duration.ofSeconds(10)).getAsJsonObject();
        assertThat(stopped.get("state").getAsString()).isEqualTo("stopped");
        assertThat(stopped.get("positionMs").getAsLong()).isLessThan(38_000L);
        HttpResponse<String> stopAgain = post("/api/play/p2/stop", null);
        assertThat(stopAgain.statusCode()).isEqualTo(409);

        HttpResponse<String> noFile = post("/api/play", "{\"file\":\"f9\",\"output\":\"loopback/0\"}");
        assertThat(noFile.statusCode()).isEqualTo(404);
        assertThat(error(noFile)).startsWith("no file 'f9'");
        HttpResponse<String> noOutput = post("/api/play", "{\"file\":\"f2\",\"output\":\"nosuch/0\"}");
        assertThat(noOutput.statusCode()).isEqualTo(404);
        assertThat(error(noOutput)).contains("nosuch/0").endsWith("MIDIERR_NODEVICE");
    }

    @Test
    void uploadsTooLargeOrNotMidiAreRefused() throws Exception {
        start();
        HttpResponse<String> big;
        try {
            big = upload("big.mid", "audio/midi", new byte[2 << 20]);
        } catch (IOException e) {
            throw new AssertionError("the 413 did not reach the client: " + e, e);
        }
        assertThat(big.statusCode()).as(big.body()).isEqualTo(413);
        assertThat(error(big)).contains("at most 1048576 bytes (1 MiB)");
        HttpResponse<String> garbage = upload("garbage.mid", "audio/midi", "this is no MIDI file at all".getBytes(StandardCharsets.UTF_8));
        assertThat(garbage.statusCode()).as(garbage.body()).isEqualTo(400);
        assertThat(error(garbage)).startsWith("garbage.mid is not a valid Standard MIDI File: offset 0: ");
        HttpResponse<String> text = upload("a.mid", "text/plain", jdkFile(60));
        assertThat(text.statusCode()).isEqualTo(415);
        assertThat(array(get("/api/files"))).isEmpty();
        HttpResponse<String> noHeader = http.send(HttpRequest.newBuilder(URI.create(base + "/api/files"))
                .header("Content-Type", "audio/midi").POST(HttpRequest.BodyPublishers.ofByteArray(jdkFile(60))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noHeader.statusCode()).as("without X-Midihost: 1, the API's guard refuses").isEqualTo(403);
    }

    @Test
    void aRecordingOfNotesSentThroughTheApiDownloadsAsAFileTheJdkReads() throws Exception {
        start();
        HttpResponse<String> rec = post("/api/record", "{\"input\":\"loopback/0\"}");
        assertThat(rec.statusCode()).as(rec.body()).isEqualTo(201);
        String id = object(rec).get("id").getAsString();
        assertThat(id).isEqualTo("r1");
        HttpResponse<String> early = get("/api/record/r1.mid");
        assertThat(early.statusCode()).isEqualTo(409);
        int[] notes = {48, 55, 60, 64};
        for (int n : notes) {
            for (String bytes : List.of("[144," + n + ",100]", "[128," + n + ",0]")) {
                HttpResponse<String> sent = post("/api/send", "{\"output\":\"loopback/0\",\"bytes\":" + bytes + "}");
                assertThat(sent.statusCode()).as(sent.body()).isEqualTo(204);
            }
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (object(get("/api/record/r1")).get("events").getAsInt() < 2 * notes.length) {
            assertThat(System.nanoTime()).as("8 events recorded").isLessThan(deadline);
            Thread.sleep(20); // bounded polling of the recording's status
        }
        HttpResponse<String> stop = post("/api/record/r1/stop", null);
        assertThat(stop.statusCode()).as(stop.body()).isEqualTo(200);
        JsonObject s = object(stop);
        assertThat(s.get("id").getAsString()).isEqualTo("r1");
        assertThat(s.get("events").getAsInt()).isEqualTo(8);
        assertThat(s.get("durationMs").getAsLong()).isGreaterThanOrEqualTo(0);
        assertThat(s.get("state").getAsString()).isEqualTo("stopped");

        HttpResponse<byte[]> file = http.send(HttpRequest.newBuilder(URI.create(base + "/api/record/r1.mid")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.headers().firstValue("Content-Type").orElse("")).startsWith("audio/midi");
        assertThat(file.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment;").contains(".mid\"");
        Sequence seq = MidiSystem.getSequence(new ByteArrayInputStream(file.body()));
        List<Integer> got = new ArrayList<>();
        for (Track t : seq.getTracks()) {
            for (int i = 0; i < t.size(); i++) {
                if (t.get(i).getMessage() instanceof ShortMessage m && m.getCommand() == ShortMessage.NOTE_ON) {
                    got.add(m.getData1());
                }
            }
        }
        assertThat(got).containsExactly(48, 55, 60, 64);
        HttpResponse<String> unknown = post("/api/record", "{\"input\":\"nosuch/0\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(error(unknown)).startsWith("cannot open input 'nosuch/0': ");
    }
}
