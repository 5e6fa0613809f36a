package org.midihost.web;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.midihost.api.DeviceListener;
import org.midihost.api.MidiHost;
import org.midihost.spi.MidiDriver;
import org.midihost.spi.Miniport;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleListener;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@code devices} and {@code drivers} events of {@link EventHub} up to date. It listens
 * (the host's {@link DeviceListener}, the framework's service events for {@link MidiDriver} and
 * {@link Miniport}, bundle events) and, on its own thread, builds the two bodies and retains them:
 * a listener only asks for a refresh, so no host, driver or framework thread waits for this
 * work. The host announces no change of a device's client count nor of a stuck call, so while a
 * page is connected a refresh also runs once a second; the hub sends only what changed.
 */
@Component(immediate = true)
public final class HostWatch {
    private static final Logger LOG = LoggerFactory.getLogger(HostWatch.class);
    /** How often the client counts and stuck calls are looked at while a page is connected. */
    static final long TICK_MILLIS = 1000;

    private final MidiHost host;
    private final BundleContext context;
    private final EventHub hub;
    private final ScheduledExecutorService executor;
    /** Whether a refresh is queued on {@link #executor}: many events in a row make one refresh. */
    private final AtomicBoolean queued = new AtomicBoolean();
    private final DeviceListener devices = e -> refreshSoon();
    private final ServiceListener services = e -> refreshSoon();
    private final BundleListener bundles = e -> refreshSoon();

    /**
     * @param host the host
     * @param context this bundle's context, for driver services and bundles
     * @param hub where the events go
     */
    @Activate
    public HostWatch(@Reference MidiHost host, BundleContext context, @Reference EventHub hub) {
        this.host = host;
        this.context = context;
        this.hub = hub;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "midihost web events");
            t.setDaemon(true);
            return t;
        });
        host.addDeviceListener(devices);
        try {
            context.addServiceListener(services, "(|(objectClass=" + MidiDriver.class.getName() + ")(objectClass="
                    + Miniport.class.getName() + "))");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // a constant, valid filter
        }
        context.addBundleListener(bundles);
        refreshSoon();
        executor.scheduleWithFixedDelay(() -> {
            if (hub.hasSubscribers()) {
                refresh();
            }
        }, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        host.removeDeviceListener(devices);
        context.removeServiceListener(services);
        context.removeBundleListener(bundles);
        executor.shutdownNow();
    }

    private void refreshSoon() {
        if (queued.compareAndSet(false, true)) {
            try {
                executor.execute(() -> {
                    queued.set(false);
                    refresh();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                queued.set(false); // deactivated
            }
        }
    }

    private void refresh() {
        try {
            hub.retain("devices", DeviceRows.of(host));
            hub.retain("drivers", DriverRows.of(host, context));
        } catch (RuntimeException e) {
            // e.g. the bundle context went invalid while stopping
            LOG.debug("refreshing the devices and drivers events failed", e);
        }
    }
}
