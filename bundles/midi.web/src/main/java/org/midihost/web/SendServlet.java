package org.midihost.web;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MidiHost;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.OpenOptions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code POST /api/send {"output":"loopback/0","bytes":[144,60,100]}}: opens the output (by
 * endpoint id), sends the messages ({@link MessageBytes}: whole messages, sysex included), closes
 * it, 204. As {@code midi:send} does. Bad JSON or bytes: 400 naming the bad value; an unknown
 * output: 404; an output another client holds: 409; each with the host's message.
 */
@Component(service = Servlet.class, property = { "osgi.http.whiteboard.servlet.name=midihost-send", "osgi.http.whiteboard.servlet.pattern=/api/send" })
public final class SendServlet extends ApiServlet {
    private static final long serialVersionUID = 1L;
    /** How long a send waits for the driver to hand back a system-exclusive buffer. */
    static final long SYSEX_DONE_SECONDS = 10;

    private final transient MidiHost host;

    /** @param host the host whose outputs the page sends to */
    @Activate
    public SendServlet(@Reference MidiHost host) {
        this.host = host;
    }

    @Override
    protected void post(HttpServletRequest req, HttpServletResponse resp) throws ApiException, IOException {
        JsonObject body = Json.read(req);
        String output = string(body, "output");
        List<MessageBytes.Message> messages;
        try {
            messages = MessageBytes.split(bytes(body));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, e.getMessage());
        }
        try {
            send(output, messages);
        } catch (MidiException e) {
            throw HostErrors.of(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted while sending to " + output);
        }
        resp.setStatus(204);
    }

    private void send(String output, List<MessageBytes.Message> messages) throws MidiException, InterruptedException {
        long sysexCount = messages.stream().filter(m -> m.sysex() != null).count();
        CountDownLatch done = new CountDownLatch((int) sysexCount);
        MidiOutCallback callback = new MidiOutCallback() {
            @Override
            public void onDone(MidiOut out, MidiHeader header) {
                done.countDown();
            }
        };
        // DIRECT: the DONE callback only counts down a latch
        MidiOut out = host.openOut(output, callback, OpenOptions.direct());
        try {
            for (MessageBytes.Message m : messages) {
                if (m.sysex() == null) {
                    out.shortMsg(m.packed());
                } else {
                    MidiHeader h = new MidiHeader(m.sysex());
                    out.prepareHeader(h);
                    out.longMsg(h);
                }
            }
            if (!done.await(SYSEX_DONE_SECONDS, TimeUnit.SECONDS)) {
                out.reset(); // take the buffer back, so that close does not fail
                throw new MidiException(org.midihost.api.MmResult.MIDIERR_STILLPLAYING,
                        output + " did not finish a system-exclusive message in " + SYSEX_DONE_SECONDS + " s");
            }
        } catch (MidiException | InterruptedException | RuntimeException e) {
            try {
                out.reset();
                out.close();
            } catch (MidiException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        out.close();
    }

    private static String string(JsonObject body, String name) throws ApiException {
        JsonElement e = body.get(name);
        if (e == null || e.isJsonNull()) {
            throw new ApiException(400, "'" + name + "' is missing");
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString() || e.getAsString().isBlank()) {
            throw new ApiException(400, "'" + name + "' must be an endpoint id such as \"loopback/0\", not " + e);
        }
        return e.getAsString();
    }

    private static int[] bytes(JsonObject body) throws ApiException {
        JsonElement e = body.get("bytes");
        if (e == null || e.isJsonNull()) {
            throw new ApiException(400, "'bytes' is missing: give an array of numbers 0..255, e.g. [144,60,100]");
        }
        if (!e.isJsonArray()) {
            throw new ApiException(400, "'bytes' must be an array of numbers 0..255, not " + e);
        }
        JsonArray a = e.getAsJsonArray();
        if (a.size() > MessageBytes.MAX_BYTES) {
            throw new ApiException(400, a.size() + " bytes in one request; at most " + MessageBytes.MAX_BYTES);
        }
        int[] bytes = new int[a.size()];
        for (int i = 0; i < bytes.length; i++) {
            JsonElement v = a.get(i);
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isNumber()) {
                throw new ApiException(400, "bytes[" + i + "] = " + v + " is not a number 0..255");
            }
            double d = v.getAsDouble();
            if (d != Math.rint(d) || d < 0 || d > 255) {
                throw new ApiException(400, "bytes[" + i + "] = " + v + " is not a byte (0..255)");
            }
            bytes[i] = (int) d;
        }
        return bytes;
    }
}
