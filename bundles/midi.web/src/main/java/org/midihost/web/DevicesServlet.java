package org.midihost.web;

import java.io.IOException;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.midihost.api.MidiHost;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code GET /api/devices}: the outputs and inputs, as {@code midi:devices} lists them ({@link DeviceRows}). */
@Component(service = Servlet.class, property = { "osgi.http.whiteboard.servlet.name=midihost-devices", "osgi.http.whiteboard.servlet.pattern=/api/devices" })
public final class DevicesServlet extends ApiServlet {
    private static final long serialVersionUID = 1L;
    private final transient MidiHost host;

    /** @param host the host whose devices are listed */
    @Activate
    public DevicesServlet(@Reference MidiHost host) {
        this.host = host;
    }

    @Override
    protected void get(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Json.write(resp, 200, DeviceRows.of(host));
    }
}
