package org.midihost.driver.rtp.wire;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The independent RTP-MIDI peer of the interop tests: {@code src/test/node/peer.js}, a session of
 * the npm package rtpmidi 1.0.0 (installed by the build's {@code npm ci}), run by node as a child
 * process. Its events are the JSON lines it prints; commands go to its stdin. Every wait is
 * bounded. Meant to be reused by the session driver's tests.
 */
public final class NodeRtpMidiPeer implements AutoCloseable {

    /** One line the peer printed: {@code {"event":NAME,...}}. */
    public record Event(String name, Map<String, Object> fields, String line) {

        public int[] bytes() {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) fields.get("bytes");
            return list.stream().mapToInt(o -> ((Number) o).intValue()).toArray();
        }

        public long number(String field) {
            return ((Number) fields.get(field)).longValue();
        }

        public Object get(String field) {
            return fields.get(field);
        }
    }

    private final Process process;
    private final OutputStream stdin;
    private final List<Event> events = new ArrayList<>();
    private final Thread reader;
    private final Path stderr;

    private NodeRtpMidiPeer(Process process, Path stderr) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.stderr = stderr;
        this.reader = new Thread(this::read, "node-rtpmidi-peer-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** The folder with peer.js and its node_modules (system property {@code interop.node.dir}). */
    public static Path nodeDir() {
        return Path.of(System.getProperty("interop.node.dir", "src/test/node")).toAbsolutePath();
    }

    /**
     * Starts the peer on 127.0.0.1:{@code port} (control) and {@code port + 1} (data).
     *
     * @param invite "host:port" of a control port to invite, or null to wait for an invitation
     */
    public static NodeRtpMidiPeer start(int port, String invite) throws IOException {
        return start(port, invite, Map.of());
    }

    /**
     * As {@link #start(int, String)}, with environment variables for peer.js: {@code PEER_MDNS}
     * (an interface address), {@code PEER_PUBLISH} (announce the session under that name),
     * {@code PEER_BROWSE} (browse for {@code _apple-midi._udp}), {@code PEER_SSRC}.
     */
    public static NodeRtpMidiPeer start(int port, String invite, Map<String, String> environment) throws IOException {
        Path dir = nodeDir();
        if (!Files.isDirectory(dir.resolve("node_modules/rtpmidi"))) {
            throw new IllegalStateException(dir + "/node_modules/rtpmidi is missing: the build runs `npm ci` there"
                    + " (exec-maven-plugin at generate-test-resources; -Dinterop.skip=true skips both)");
        }
        List<String> command = new ArrayList<>(List.of("node", "peer.js", Integer.toString(port)));
        if (invite != null) {
            command.add(invite);
        }
        Path err = Files.createTempFile("node-rtpmidi-peer-" + port + "-", ".stderr");
        ProcessBuilder b = new ProcessBuilder(command).directory(dir.toFile()).redirectError(err.toFile());
        b.environment().putAll(environment);
        Process p = b.start();
        return new NodeRtpMidiPeer(p, err);
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                Event e;
                if (line.startsWith("{")) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = (Map<String, Object>) new Json(line).value();
                    e = new Event(String.valueOf(m.get("event")), m, line);
                } else {
                    e = new Event("text", Map.of(), line);
                }
                synchronized (events) {
                    events.add(e);
                    events.notifyAll();
                }
            }
        } catch (IOException | RuntimeException e) {
            synchronized (events) {
                events.add(new Event("reader-failed", Map.of(), String.valueOf(e)));
                events.notifyAll();
            }
        }
    }

    /** The number of events so far (a mark for {@link #await(int, Predicate, Duration)}). */
    public int mark() {
        synchronized (events) {
            return events.size();
        }
    }

    /** The events from index {@code from} on. */
    public List<Event> since(int from) {
        synchronized (events) {
            return new ArrayList<>(events.subList(from, events.size()));
        }
    }

    /** The first event named {@code name}, from the start. */
    public Event await(String name, Duration timeout) throws InterruptedException {
        return await(0, e -> e.name().equals(name), timeout);
    }

    /** The first event at index {@code from} or later that matches, within {@code timeout}. */
    public Event await(int from, Predicate<Event> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            for (int i = from; ; ) {
                for (; i < events.size(); i++) {
                    if (match.test(events.get(i))) {
                        return events.get(i);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("node peer: no matching event within " + timeout + "; since " + from + ": "
                            + lines(events.subList(from, events.size())) + "; stderr: " + stderrTail());
                }
                TimeUnit.NANOSECONDS.timedWait(events, left);
            }
        }
    }

    /** Waits until {@code count} events at index {@code from} or later match; returns them. */
    public List<Event> awaitCount(int from, Predicate<Event> match, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            while (true) {
                List<Event> found = events.subList(from, events.size()).stream().filter(match).toList();
                if (found.size() >= count) {
                    return found;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("node peer: " + found.size() + " of " + count + " events within " + timeout
                            + "; since " + from + ": " + lines(events.subList(from, events.size())) + "; stderr: " + stderrTail());
                }
                TimeUnit.NANOSECONDS.timedWait(events, left);
            }
        }
    }

    private static String lines(List<Event> l) {
        StringBuilder b = new StringBuilder();
        int n = 0;
        for (Event e : l) {
            if (!"control".equals(e.name()) && n++ < 40) {
                b.append('\n').append(e.line().length() > 300 ? e.line().substring(0, 300) + "…" : e.line());
            }
        }
        return b.toString();
    }

    /** The end of what the peer wrote to stderr (rtpmidi's log). */
    public String stderrTail() {
        try {
            String s = Files.readString(stderr);
            return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Sends one command line. */
    public void command(String json) throws IOException {
        stdin.write((json + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** Tells the peer to send these MIDI messages in one packet. */
    public void send(List<int[]> messages) throws IOException {
        StringBuilder b = new StringBuilder("{\"cmd\":\"send\",\"messages\":[");
        for (int i = 0; i < messages.size(); i++) {
            b.append(i == 0 ? "" : ",").append('[');
            int[] m = messages.get(i);
            for (int j = 0; j < m.length; j++) {
                b.append(j == 0 ? "" : ",").append(m[j]);
            }
            b.append(']');
        }
        command(b.append("]}").toString());
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Closes stdin (the peer then exits), waits a moment, then kills it; removes the stderr file. */
    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // it may have gone already
        }
        try {
            if (!process.waitFor(1, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Files.deleteIfExists(stderr);
            } catch (IOException ignored) {
                // a temp file
            }
        }
    }

    /** Just enough JSON for the peer's lines: objects, arrays, strings, numbers, booleans, null. */
    static final class Json {
        private final String s;
        private int i;

        Json(String s) {
            this.s = s;
        }

        Object value() {
            skip();
            char c = s.charAt(i);
            switch (c) {
                case '{' -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    i++;
                    skip();
                    if (s.charAt(i) == '}') {
                        i++;
                        return m;
                    }
                    while (true) {
                        skip();
                        String k = string();
                        skip();
                        expect(':');
                        m.put(k, value());
                        skip();
                        if (s.charAt(i++) == '}') {
                            return m;
                        }
                    }
                }
                case '[' -> {
                    List<Object> l = new ArrayList<>();
                    i++;
                    skip();
                    if (s.charAt(i) == ']') {
                        i++;
                        return l;
                    }
                    while (true) {
                        l.add(value());
                        skip();
                        if (s.charAt(i++) == ']') {
                            return l;
                        }
                    }
                }
                case '"' -> {
                    return string();
                }
                default -> {
                    if (s.startsWith("true", i)) {
                        i += 4;
                        return Boolean.TRUE;
                    }
                    if (s.startsWith("false", i)) {
                        i += 5;
                        return Boolean.FALSE;
                    }
                    if (s.startsWith("null", i)) {
                        i += 4;
                        return null;
                    }
                    int start = i;
                    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                        i++;
                    }
                    String n = s.substring(start, i);
                    if (n.isEmpty()) {
                        throw new IllegalArgumentException("JSON at " + start + ": " + s);
                    }
                    return n.contains(".") || n.contains("e") || n.contains("E") ? (Object) Double.parseDouble(n) : (Object) Long.parseLong(n);
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> b.append('\n');
                        case 't' -> b.append('\t');
                        case 'r' -> b.append('\r');
                        case 'b' -> b.append('\b');
                        case 'f' -> b.append('\f');
                        case 'u' -> {
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> b.append(e);
                    }
                } else {
                    b.append(c);
                }
            }
        }

        private void expect(char c) {
            if (s.charAt(i++) != c) {
                throw new IllegalArgumentException("JSON: expected " + c + " at " + (i - 1) + ": " + s);
            }
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
