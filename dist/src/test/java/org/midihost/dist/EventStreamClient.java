package org.midihost.dist;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A client of a server-sent event stream of the web API ({@code /api/traffic}, {@code /api/events}),
 * as a program other than the page would use it: plain {@code java.net.http}, each event (name and
 * data) queued for the test to take against a deadline. Always {@link #close()} it: that closes the
 * connection, and the server closes what it opened for it.
 */
final class EventStreamClient implements AutoCloseable {
    /** One event: its name ({@code message} when the server gave none) and its data lines joined. */
    record Event(String name, String data) {
    }

    private final InputStream body;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Thread reader;

    /**
     * Connects and waits for the answer's status line.
     *
     * @param uri the stream's address
     * @throws AssertionError if the server does not answer 200 with {@code text/event-stream}
     */
    EventStreamClient(HttpClient client, URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(30)).GET().build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        this.body = response.body();
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (response.statusCode() != 200 || !type.startsWith("text/event-stream")) {
            String text = new String(body.readNBytes(2000), StandardCharsets.UTF_8);
            body.close();
            throw new AssertionError(uri + " answered " + response.statusCode() + " " + type + ": " + text);
        }
        this.reader = new Thread(this::read, "event stream " + uri.getPath());
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String name = "message";
            StringBuilder data = null;
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(name, data.toString()));
                    }
                    name = "message";
                    data = null;
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    String d = line.substring(5);
                    d = d.startsWith(" ") ? d.substring(1) : d;
                    data = data == null ? new StringBuilder(d) : data.append('\n').append(d);
                }
                // ":" comments (keep-alive) and other fields are skipped
            }
        } catch (IOException e) {
            // closed by close() or by the server: no more events
        }
    }

    /**
     * Takes events until one matches, against a deadline.
     *
     * @param what what is awaited, for the failure message
     * @param wanted which event
     * @param skip events that may come before it; any other event fails the wait
     * @return the event
     */
    Event next(String what, Predicate<Event> wanted, Predicate<Event> skip, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Event e = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("waited " + timeout.toMillis() + " ms for " + what);
            }
            if (wanted.test(e)) {
                return e;
            }
            if (!skip.test(e)) {
                throw new AssertionError("expected " + what + " but the stream sent " + e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
