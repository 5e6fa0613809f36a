package org.midihost.web;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * JSON in and out of the API, with one {@link Gson} (thread-safe) for every servlet: responses
 * are UTF-8 {@code application/json}; an error is {@code {"error":"…"}}; a request body is read
 * only as {@code application/json} (415 otherwise), bounded, and must be one JSON object.
 */
public final class Json {
    /** The largest JSON request body read; a larger one gives 413. */
    public static final int MAX_BODY = 64 * 1024;
    /** The {@link Gson} of the API: {@code null} fields are left out. */
    public static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private Json() {
    }

    /**
     * Writes a JSON response.
     *
     * @param resp the response, not committed yet
     * @param status the HTTP status
     * @param body what to serialize with {@link #GSON}
     * @throws IOException if the client went away
     */
    public static void write(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json;charset=utf-8");
        byte[] bytes = GSON.toJson(body).getBytes(StandardCharsets.UTF_8);
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    /**
     * Writes {@code {"error":message}} with the status.
     *
     * @param resp the response, not committed yet
     * @param status the HTTP status, 4xx or 5xx
     * @param message the error, one line
     * @throws IOException if the client went away
     */
    public static void error(HttpServletResponse resp, int status, String message) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("error", message);
        write(resp, status, o);
    }

    /** @return {@code {"error":message}} as text, for an SSE stream or a test */
    public static String errorText(String message) {
        JsonObject o = new JsonObject();
        o.addProperty("error", message);
        return GSON.toJson(o);
    }

    /**
     * Reads a JSON object request body.
     *
     * @param req the request
     * @return the object
     * @throws ApiException 415 if the body is not {@code application/json}; 413 past
     *         {@link #MAX_BODY}; 400 if it is empty, not JSON or not an object
     * @throws IOException if the client went away
     */
    public static JsonObject read(HttpServletRequest req) throws ApiException, IOException {
        if (!isJson(req.getContentType())) {
            throw new ApiException(415, "the body must be JSON (Content-Type: application/json), not "
                    + (req.getContentType() == null ? "no Content-Type" : req.getContentType()));
        }
        long declared = req.getContentLengthLong();
        if (declared > MAX_BODY) {
            throw new ApiException(413, "the JSON body is " + declared + " bytes; at most " + MAX_BODY + " are taken");
        }
        byte[] body;
        try (InputStream in = req.getInputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            throw new ApiException(413, "the JSON body is over " + MAX_BODY + " bytes");
        }
        if (body.length == 0) {
            throw new ApiException(400, "the request has no JSON body");
        }
        JsonElement e;
        try (Reader r = new InputStreamReader(new java.io.ByteArrayInputStream(body), StandardCharsets.UTF_8)) {
            e = JsonParser.parseReader(r);
        } catch (JsonParseException ex) {
            throw new ApiException(400, "the body is not valid JSON: " + firstLine(ex.getMessage()));
        }
        if (!e.isJsonObject()) {
            throw new ApiException(400, "the body must be a JSON object, not " + firstLine(e.toString()));
        }
        return e.getAsJsonObject();
    }

    /** @return whether a Content-Type header names JSON ({@code application/json}, any parameters) */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String type = (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
        return type.equalsIgnoreCase("application/json");
    }

    /** Writes {@code body} as JSON text to a writer (for an SSE data line). */
    static void toJson(Object body, Writer w) {
        GSON.toJson(body, w);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
