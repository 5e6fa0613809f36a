package org.midihost.web.files;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Set;
import javax.servlet.http.HttpServletRequest;
import org.midihost.web.ApiException;

/** Reading the parts of a request the files and routes servlets share: the path below the pattern, JSON fields. */
public final class Paths {
    private Paths() {
    }

    /**
     * @param req a request to a servlet registered at {@code /api/x} and {@code /api/x/*}
     * @return the path's segments below {@code /api/x}: none for {@code /api/x}, {@code [p1, stop]} for {@code /api/x/p1/stop}
     */
    public static String[] segments(HttpServletRequest req) {
        String p = req.getPathInfo();
        if (p == null || p.equals("/") || p.isEmpty()) {
            return new String[0];
        }
        return (p.startsWith("/") ? p.substring(1) : p).split("/", -1);
    }

    /** @return the 404 for a path no handler answers */
    public static ApiException notFound(HttpServletRequest req) {
        return new ApiException(404, "nothing at " + req.getMethod() + " " + req.getRequestURI());
    }

    /**
     * @param body a JSON object
     * @param keys the keys it may have
     * @throws ApiException 400 naming the first other key
     */
    public static void onlyKeys(JsonObject body, String... keys) throws ApiException {
        Set<String> allowed = Set.of(keys);
        for (String k : body.keySet()) {
            if (!allowed.contains(k)) {
                throw new ApiException(400, "unknown field '" + k + "'; the fields are " + String.join(", ", keys));
            }
        }
    }

    /**
     * @param body a JSON object
     * @param key a field
     * @return the field's string value, or {@code null} if it is absent or null
     * @throws ApiException 400 if it is not a string
     */
    public static String string(JsonObject body, String key) throws ApiException {
        JsonElement e = body.get(key);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new ApiException(400, "'" + key + "' must be a string, not " + e);
        }
        return e.getAsString();
    }
}
