package org.midihost.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

/**
 * The body of {@code GET /api/drivers} and of the {@code drivers} event: the rows of
 * {@code midi:drivers}, with the same values, from service references and bundle headers only (no
 * driver code is called). {@code state} is the bundle's state in upper case ({@code ACTIVE},
 * {@code RESOLVED}, …); {@code status} is the host's view of the driver ({@code BOUND},
 * {@code WAITING} for a driver id another bundle holds, {@code REFUSED}), left out for a driver
 * bundle without a service; {@code stuck} counts the devices given up on because a call into the
 * driver did not return.
 */
final class DriverRows {
    /** One driver. {@code driver} and {@code order} are {@code null} for a driver bundle that has no service now. */
    record Driver(String driver, long bundleId, String bundle, String version, String state, Integer order,
            int outputs, int inputs, int stuck, String status) {
    }

    private DriverRows() {
    }

    /**
     * @param host the host, for the device counts and driver states
     * @param context a bundle context, for the driver services and bundles
     * @return the drivers now, by bundle id then driver id
     */
    static List<Driver> of(MidiHost host, BundleContext context) {
        Map<String, int[]> counts = new HashMap<>();
        for (DeviceCaps c : host.outDevices().devices()) {
            counts.computeIfAbsent(c.driverId(), k -> new int[2])[0]++;
        }
        for (DeviceCaps c : host.inDevices().devices()) {
            counts.computeIfAbsent(c.driverId(), k -> new int[2])[1]++;
        }
        Map<String, Integer> stuck = new HashMap<>();
        for (StuckCall s : host.stuckCalls()) {
            stuck.merge(s.driverId(), 1, Integer::sum);
        }
        Map<Long, DriverState.Status> status = new HashMap<>();
        for (DriverState d : host.drivers()) {
            status.put(d.serviceId(), d.status());
        }
        List<ServiceReference<?>> refs = new ArrayList<>();
        try {
            refs.addAll(context.getServiceReferences(MidiDriver.class, null));
            refs.addAll(context.getServiceReferences(Miniport.class, null));
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // no filter is used
        }
        refs.sort(Comparator.comparingLong((ServiceReference<?> r) -> r.getBundle() == null ? -1 : r.getBundle().getBundleId())
                .thenComparing(r -> String.valueOf(r.getProperty(MidiDriver.ID))));
        List<Driver> rows = new ArrayList<>();
        Set<Bundle> withService = new LinkedHashSet<>();
        for (ServiceReference<?> r : refs) {
            Bundle b = r.getBundle();
            if (b == null) {
                continue; // unregistered while we looked
            }
            withService.add(b);
            String id = String.valueOf(r.getProperty(MidiDriver.ID));
            Object order = r.getProperty(MidiDriver.ORDER);
            int[] n = counts.getOrDefault(id, new int[2]);
            DriverState.Status s = status.get((Long) r.getProperty(org.osgi.framework.Constants.SERVICE_ID));
            rows.add(new Driver(id, b.getBundleId(), b.getSymbolicName(), b.getVersion().toString(), state(b.getState()),
                    order instanceof Number num ? num.intValue() : MidiDriver.DEFAULT_ORDER, n[0], n[1],
                    stuck.getOrDefault(id, 0), s == null ? null : s.name()));
        }
        for (Bundle b : context.getBundles()) {
            if (!withService.contains(b) && declaresDriver(b)) {
                rows.add(new Driver(null, b.getBundleId(), b.getSymbolicName(), b.getVersion().toString(),
                        state(b.getState()), null, 0, 0, 0, null));
            }
        }
        rows.sort(Comparator.comparingLong(Driver::bundleId));
        return List.copyOf(rows);
    }

    /** @return whether the bundle's manifest says it registers a {@link MidiDriver} or {@link Miniport} service */
    private static boolean declaresDriver(Bundle b) {
        String provided = b.getHeaders("").get("Provide-Capability");
        return provided != null && provided.contains("osgi.service") && (provided.contains(MidiDriver.class.getName())
                || provided.contains(Miniport.class.getName()));
    }

    static String state(int state) {
        return switch (state) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            default -> "UNINSTALLED";
        };
    }
}
