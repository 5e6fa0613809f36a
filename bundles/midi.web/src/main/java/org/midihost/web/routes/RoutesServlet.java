package org.midihost.web.routes;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.midihost.route.RouteConfigurations;
import org.midihost.web.ApiException;
import org.midihost.web.ApiServlet;
import org.midihost.web.Json;
import org.midihost.web.files.Paths;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /api/routes}: every route ({@link RouteTable.Row}); {@code GET /api/routes/NAME}: one.
 * {@code POST /api/routes} {@code {"name":"keys","from":"loopback/0","to":["synth/0"],"channels":"1-9","transpose":-12}}
 * → 201 with the route: the fields besides {@code name} (optional; absent, null or blank: made of
 * the route's ends as {@code midi:connect} makes it), {@code from} and {@code to}
 * (an array, or a comma-separated string) are {@code midi:connect}'s options by the same names
 * ({@link RouteConfigurations#OPTIONS}), a string or a number each (a list such as
 * {@code channels} may also be an array); errors as {@code midi:connect} gives them → 400.
 * {@code DELETE /api/routes/NAME} → 204, 404 if there is no such route.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.name=midihost-routes",
        "osgi.http.whiteboard.servlet.pattern=/api/routes",
        "osgi.http.whiteboard.servlet.pattern=/api/routes/*" })
public final class RoutesServlet extends ApiServlet {
    private static final long serialVersionUID = 1L;

    private final transient RouteTable table;

    /** @param table the routes */
    @Activate
    public RoutesServlet(@Reference RouteTable table) {
        this.table = table;
    }

    @Override
    protected void get(HttpServletRequest req, HttpServletResponse resp) throws ApiException, IOException {
        String[] path = Paths.segments(req);
        if (path.length == 0) {
            Json.write(resp, 200, table.rows());
        } else if (path.length == 1) {
            Json.write(resp, 200, table.row(path[0]));
        } else {
            throw Paths.notFound(req);
        }
    }

    @Override
    protected void post(HttpServletRequest req, HttpServletResponse resp) throws ApiException, IOException {
        if (Paths.segments(req).length != 0) {
            throw Paths.notFound(req);
        }
        JsonObject body = Json.read(req);
        String name = Paths.string(body, "name");
        if (name != null && name.isBlank()) {
            name = null; // the page's form sends "" for "make one up"
        }
        String from = Paths.string(body, "from");
        List<String> to = to(body.get("to"));
        Map<String, Object> options = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : body.entrySet()) {
            String k = e.getKey();
            if (k.equals("name") || k.equals("from") || k.equals("to")) {
                continue;
            }
            if (!RouteConfigurations.OPTIONS.containsKey(k)) {
                throw new ApiException(400, "unknown field '" + k + "'; the fields are name, from, to and the options "
                        + String.join(", ", RouteConfigurations.OPTIONS.keySet()));
            }
            Object v = option(k, e.getValue());
            if (v != null) {
                options.put(k, v);
            }
        }
        RouteTable.Row row = table.create(name, from, to, options);
        resp.setHeader("Location", "/api/routes/" + row.name());
        Json.write(resp, 201, row);
    }

    @Override
    protected void delete(HttpServletRequest req, HttpServletResponse resp) throws ApiException, IOException {
        String[] path = Paths.segments(req);
        if (path.length != 1 || path[0].isEmpty()) {
            throw new ApiException(path.length == 0 ? 405 : 404, "DELETE /api/routes/NAME removes the route NAME");
        }
        table.delete(path[0]);
        resp.setStatus(204);
    }

    /** @return {@code to} as a list: an array of strings or one comma-separated string */
    static List<String> to(JsonElement e) throws ApiException {
        List<String> out = new ArrayList<>();
        if (e == null || e.isJsonNull()) {
            return out;
        }
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
            for (String s : e.getAsString().split(",")) {
                out.add(s);
            }
            return out;
        }
        if (e.isJsonArray()) {
            for (JsonElement item : e.getAsJsonArray()) {
                if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
                    throw new ApiException(400, "'to' must be output endpoint ids (strings), not " + item);
                }
                out.add(item.getAsString());
            }
            return out;
        }
        throw new ApiException(400, "'to' must be an array of output endpoint ids or one string, not " + e);
    }

    /** @return an option's value as the route bundle takes it: a String, a Long, a Double, or {@code null} for JSON null */
    static Object option(String key, JsonElement e) throws ApiException {
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (e.isJsonArray()) {
            List<String> items = new ArrayList<>();
            for (JsonElement item : e.getAsJsonArray()) {
                if (!item.isJsonPrimitive() || item.getAsJsonPrimitive().isBoolean()) {
                    throw new ApiException(400, "'" + key + "' must list strings or numbers, not " + item);
                }
                items.add(item.getAsString());
            }
            return String.join(",", items);
        }
        if (!e.isJsonPrimitive() || e.getAsJsonPrimitive().isBoolean()) {
            throw new ApiException(400, "'" + key + "' must be a string or a number, not " + e);
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        if (p.isString()) {
            return p.getAsString();
        }
        BigDecimal d = p.getAsBigDecimal();
        try {
            return d.stripTrailingZeros().scale() <= 0 ? (Object) d.longValueExact() : (Object) d.doubleValue();
        } catch (ArithmeticException ex) {
            throw new ApiException(400, "'" + key + "' " + p + " is out of range");
        }
    }
}
