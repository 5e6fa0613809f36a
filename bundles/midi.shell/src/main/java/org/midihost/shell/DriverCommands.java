package org.midihost.shell;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.midihost.api.DeviceCaps;
import org.midihost.api.DriverState;
import org.midihost.api.MidiHost;
import org.midihost.api.StuckCall;
import org.midihost.spi.MidiDriver;
import org.midihost.spi.Miniport;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code midi:drivers}: the driver bundles, their state, the driver ids their {@link MidiDriver}
 * services carry, and how many outputs and inputs each has in the host. It reads only service
 * references and bundle headers: no driver code is called. A driver bundle that is installed but
 * not active (so has no service) is found by the {@code osgi.service} capability DS gives it.
 */
@Component(service = DriverCommands.class, property = {
        "osgi.command.scope=midi",
        "osgi.command.function=drivers" })
public final class DriverCommands {
    private final MidiHost host;
    private final BundleContext context;

    /**
     * @param host the host, for the device counts
     * @param context this bundle's context, for the driver services and bundles
     */
    @Activate
    public DriverCommands(@Reference MidiHost host, BundleContext context) {
        this.host = host;
        this.context = context;
    }

    /**
     * Lists the driver bundles: bundle id, symbolic name, version, state, driver id, order, and
     * the driver's outputs and inputs in the host.
     *
     * @param session the shell session, for its output
     * @param args nothing, or {@code --help}
     * @throws UsageException for an argument
     * @throws InvalidSyntaxException never (no filter is used)
     */
    @Descriptor(Help.DRIVERS)
    public void drivers(CommandSession session, @Descriptor("--help for the usage") String... args)
            throws UsageException, InvalidSyntaxException {
        Arguments a = Arguments.orHelp(session, Help.DRIVERS_USAGE, args);
        if (a == null) {
            return;
        }
        a.end();
        Map<String, int[]> counts = new HashMap<>();
        for (DeviceCaps c : host.outDevices().devices()) {
            counts.computeIfAbsent(c.driverId(), k -> new int[2])[0]++;
        }
        for (DeviceCaps c : host.inDevices().devices()) {
            counts.computeIfAbsent(c.driverId(), k -> new int[2])[1]++;
        }

        // message-level drivers and byte-level miniports alike: both carry the driver id and order
        List<ServiceReference<?>> refs = new ArrayList<>(context.getServiceReferences(MidiDriver.class, null));
        refs.addAll(context.getServiceReferences(Miniport.class, null));
        refs.sort(Comparator.comparingLong((ServiceReference<?> r) -> r.getBundle() == null ? -1 : r.getBundle().getBundleId())
                .thenComparing(r -> String.valueOf(r.getProperty(MidiDriver.ID))));
        Set<Bundle> withService = new LinkedHashSet<>();
        TextTable table = new TextTable("BUNDLE", "NAME", "VERSION", "STATE", "DRIVER", "ORDER", "OUTPUTS", "INPUTS");
        for (ServiceReference<?> r : refs) {
            Bundle b = r.getBundle();
            if (b == null) {
                continue; // unregistered while we looked
            }
            withService.add(b);
            String id = String.valueOf(r.getProperty(MidiDriver.ID));
            Object order = r.getProperty(MidiDriver.ORDER);
            int[] n = counts.getOrDefault(id, new int[2]);
            table.row(b.getBundleId(), b.getSymbolicName(), b.getVersion(), state(b.getState()), id,
                    order == null ? MidiDriver.DEFAULT_ORDER : order, n[0], n[1]);
        }
        for (Bundle b : context.getBundles()) {
            if (!withService.contains(b) && declaresDriver(b)) {
                table.row(b.getBundleId(), b.getSymbolicName(), b.getVersion(), state(b.getState()), "-", "-", 0, 0);
            }
        }
        PrintStream out = session.getConsole();
        table.print(out);
        for (DriverState d : host.drivers()) {
            if (d.status() == DriverState.Status.WAITING) {
                out.println("waits: driver id '" + d.driverId() + "' of bundle " + d.bundleId() + " is held by "
                        + holder(d.heldBy()) + "; it takes over when that one goes");
            } else if (d.status() == DriverState.Status.REFUSED) {
                out.println("refused: the driver of bundle " + d.bundleId()
                        + (d.driverId().isEmpty() ? " has no valid driver id" : " ('" + d.driverId()
                                + "') failed to list its devices")
                        + "; a change of its service properties tries again");
            }
        }
        for (StuckCall c : host.stuckCalls()) {
            out.println("stuck: driver '" + c.driverId() + "' has had a call inside for "
                    + String.format("%.1f", c.millis() / 1000.0) + " s; its device " + c.endpointId()
                    + " was removed without waiting for it");
        }
        out.flush();
    }

    /** @return whether the bundle's manifest says it registers a {@link MidiDriver} or {@link Miniport} service */
    private static boolean declaresDriver(Bundle b) {
        String provided = b.getHeaders("").get("Provide-Capability");
        return provided != null && provided.contains("osgi.service") && (provided.contains(MidiDriver.class.getName())
                || provided.contains(Miniport.class.getName()));
    }

    /** @return "bundle N (name)" for the bundle that registered service {@code serviceId} */
    private String holder(long serviceId) {
        try {
            for (ServiceReference<?> r : context.getServiceReferences((String) null, "(service.id=" + serviceId + ")")) {
                Bundle b = r.getBundle();
                if (b != null) {
                    return "bundle " + b.getBundleId() + " (" + b.getSymbolicName() + ")";
                }
            }
        } catch (InvalidSyntaxException e) {
            // a number makes a valid filter
        }
        return "service " + serviceId;
    }

    private static String state(int state) {
        return switch (state) {
            case Bundle.ACTIVE -> "active";
            case Bundle.RESOLVED -> "resolved";
            case Bundle.INSTALLED -> "installed";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            default -> "uninstalled";
        };
    }
}
