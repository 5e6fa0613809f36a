package org.midihost.web;

import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.midihost.api.MidiHost;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code GET /api/drivers}: the driver bundles, as {@code midi:drivers} lists them ({@link DriverRows}). */
@Component(service = Servlet.class, property = { "osgi.http.whiteboard.servlet.name=midihost-drivers", "osgi.http.whiteboard.servlet.pattern=/api/drivers" })
public final class DriversServlet extends ApiServlet {
    private static final long serialVersionUID = 1L;
    private final transient MidiHost host;
    private final transient BundleContext context;

    /**
     * @param host the host, for device counts and driver states
     * @param context this bundle's context, for driver services and bundles
     */
    @Activate
    public DriversServlet(@Reference MidiHost host, BundleContext context) {
        this.host = host;
        this.context = context;
    }

    @Override
    protected void get(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Json.write(resp, 200, DriverRows.of(host, context));
    }
}
