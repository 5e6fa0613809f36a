package org.midihost.host;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.midihost.api.DeviceCaps;
import org.midihost.api.DeviceEvent;
import org.midihost.api.DeviceListener;
import org.midihost.api.InDeviceList;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHost;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;
import org.midihost.api.MidiInCaps;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.MidiOutCaps;
import org.midihost.api.MmResult;
import org.midihost.api.OpenOptions;
import org.midihost.api.OutDeviceList;
import org.midihost.api.Technology;
import org.midihost.spi.InDevice;
import org.midihost.spi.MidiDriver;
import org.midihost.spi.Miniport;
import org.midihost.spi.OutDevice;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MIDI host: tracks every {@link MidiDriver} service, numbers their devices and routes the
 * client calls to them.
 *
 * <p>Readers work on the immutable {@link Table} published in {@link #table}; binds, updates and
 * unbinds build the next table under {@link #tableLock} and publish it. The host never calls a
 * driver or a client while holding that lock: driver listings are taken before it, device
 * teardown (which waits for calls inside the driver and delivers CLOSE) and listener events
 * after it.
 */
@Component(service = MidiHost.class, immediate = true, configurationPid = Host.PID)
@Designate(ocd = Host.Config.class)
public final class Host implements MidiHost {
    private static final Logger LOG = LoggerFactory.getLogger(Host.class);

    /** The endpoint id of the MIDI mapper. */
    static final String MAPPER_ENDPOINT = "midihost/mapper";
    private static final MidiOutCaps MAPPER_CAPS = new MidiOutCaps(0, 0, 0x0100, "MIDI Mapper", Technology.MAPPER, 0,
            0, 0xFFFF, Set.of(), MAPPER_ENDPOINT);

    /**
     * The table lock. Guards {@link #drivers}, {@link #byService}, {@link #waiting},
     * {@link #refused}, {@link #driverLocks}, {@link #ports}, {@link #reconnecting}, {@link #closed} and the
     * publication of {@link #table}. Taken by bind, modify, unbind, close and the reconnect
     * bookkeeping, each for map updates and the table rebuild only; nothing waits for a device
     * gate or calls a driver or a client while holding it.
     */
    private final Object tableLock = new Object();
    private volatile Table table = Table.EMPTY;
    private final Map<String, DriverEntry> drivers = new HashMap<>();
    private final Map<MidiDriver, DriverEntry> byService = new IdentityHashMap<>();
    /** Drivers refused because their id was taken, in arrival order: one takes over when it frees. */
    private final List<Waiting> waiting = new ArrayList<>();
    /** Detached handles that asked to reconnect, by direction and endpoint id. */
    private final Map<String, List<Handle>> reconnecting = new HashMap<>();
    /** Drivers refused for a bad id or a failed listing: a change of their properties retries them. */
    private final Set<MidiDriver> refused = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The port drivers of the bound miniports. */
    private final Map<Miniport, PortDriver> ports = new IdentityHashMap<>();
    /** One lock per driver or miniport service, see {@link #lockOf}. */
    private final Map<Object, Object> driverLocks = new IdentityHashMap<>();
    private boolean closed;

    private final CopyOnWriteArrayList<DeviceListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService callbackPool;

    private record Waiting(MidiDriver driver, Map<String, ?> properties) {
    }

    private record Listing(List<OutDevice> outs, List<InDevice> ins) {
    }

    /** The host's configuration (PID {@value #PID}, optional; metatype for consoles). */
    @ObjectClassDefinition(name = "midihost host", description = "The MIDI host: device numbering and the MIDI mapper.")
    public @interface Config {
        /**
         * @return the endpoint id of the output the MIDI mapper opens while it is present (e.g.
         *         {@code synth/0}); empty, or absent from the table, means the first software
         *         synthesizer, else output 0
         */
        @AttributeDefinition(name = "MIDI mapper default output", required = false,
                description = "Endpoint id the MIDI mapper (-1) opens, e.g. synth/0. Empty: the first software synth, else output 0.")
        String mapper_default() default "";
    }

    /** The configuration PID of the host. */
    public static final String PID = "org.midihost.host";

    /** Endpoint id of the mapper's preferred output, or empty; see {@link Config#mapper_default()}. */
    private volatile String mapperDefault = "";

    /**
     * Applies the configuration: activation and every later change.
     *
     * @param config the configuration
     */
    @Activate
    @Modified
    public void configure(Config config) {
        setMapperDefault(config.mapper_default());
    }

    /**
     * @param endpointId the output the MIDI mapper opens while it is present; {@code null} or
     *        empty for the first software synthesizer, else output 0
     */
    public void setMapperDefault(String endpointId) {
        mapperDefault = endpointId == null ? "" : endpointId.strip();
    }

    /** A host with no driver; DS binds them as they come. */
    public Host() {
        AtomicInteger n = new AtomicInteger();
        this.callbackPool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "midihost-callback-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    Table table() {
        return table;
    }

    ExecutorService callbackExecutor() {
        return callbackPool;
    }

    // ------------------------------------------------------------------ drivers coming and going

    /**
     * Binds a driver: lists its devices and numbers them in. A driver whose id is already present
     * waits, with a logged warning, until that id is free.
     *
     * @param driver the driver
     * @param properties its service properties ({@link MidiDriver#ID}, {@link MidiDriver#ORDER})
     */
    @Reference(service = MidiDriver.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            updated = "modifiedDriver", unbind = "removeDriver")
    public void addDriver(MidiDriver driver, Map<String, ?> properties) {
        synchronized (lockOf(driver)) {
            bind(driver, properties);
        }
    }

    /**
     * The driver's service properties changed: list its devices again. Devices that keep their id
     * keep their handles; new ones are added, missing ones removed (their handles get CLOSE). A
     * driver refused before (bad id, failed listing) is tried again.
     *
     * @param driver the driver
     * @param properties its new service properties
     */
    public void modifiedDriver(MidiDriver driver, Map<String, ?> properties) {
        Waiting next;
        synchronized (lockOf(driver)) {
            next = modify(driver, properties);
        }
        promote(next);
    }

    /**
     * Unbinds a driver: its devices leave the table at once, calls already inside it are waited
     * for, its handles get their buffers back and CLOSE. After this returns the host makes no
     * call to the driver.
     *
     * @param driver the driver
     */
    public void removeDriver(MidiDriver driver) {
        Waiting next;
        synchronized (lockOf(driver)) {
            next = unbind(driver);
            synchronized (tableLock) {
                driverLocks.remove(driver);
            }
        }
        promote(next);
    }

    /**
     * The lock that serialises bind, update and unbind of one driver service, so that an update
     * racing an unbind cannot call the driver after the unbind returned. One per driver, never
     * host-wide: other drivers and all clients go on meanwhile.
     */
    private Object lockOf(Object service) {
        synchronized (tableLock) {
            return driverLocks.computeIfAbsent(service, k -> new Object());
        }
    }

    private void forgetLock(Object service) {
        synchronized (tableLock) {
            driverLocks.remove(service);
        }
    }

    private void promote(Waiting next) {
        if (next != null) {
            addDriver(next.driver, next.properties);
        }
    }

    private void refuse(MidiDriver driver) {
        synchronized (tableLock) {
            refused.add(driver);
        }
    }

    private void bind(MidiDriver driver, Map<String, ?> properties) {
        String id = idOf(properties);
        if (id == null) {
            LOG.warn("MIDI driver {} refused: it has no valid {} service property (a non-empty string without '/')",
                    driver.getClass().getName(), MidiDriver.ID);
            refuse(driver);
            return;
        }
        Listing listing = listing(driver, id);
        if (listing == null) {
            refuse(driver);
            return;
        }
        List<DeviceEvent> events;
        List<Reattach> reattach;
        synchronized (tableLock) {
            if (closed) {
                return;
            }
            refused.remove(driver);
            if (drivers.containsKey(id)) {
                waiting.add(new Waiting(driver, properties));
                LOG.warn("MIDI driver {} refused: driver id '{}' is already present; it waits until that one goes",
                        driver.getClass().getName(), id);
                return;
            }
            DriverEntry e = new DriverEntry(driver, id, orderOf(properties));
            e.outs = devices(e, true, listing.outs, Map.of());
            e.ins = devices(e, false, listing.ins, Map.of());
            drivers.put(id, e);
            byService.put(driver, e);
            events = publishLocked();
            reattach = takeReconnectsLocked(e);
        }
        LOG.info("MIDI driver '{}' bound: {} output(s), {} input(s)", id, listing.outs.size(), listing.ins.size());
        reattachAll(reattach);
        fire(events);
    }

    private Waiting modify(MidiDriver driver, Map<String, ?> properties) {
        DriverEntry cur;
        boolean retry = false;
        synchronized (tableLock) {
            cur = byService.get(driver);
            if (cur == null) {
                for (int i = 0; i < waiting.size(); i++) {
                    if (waiting.get(i).driver == driver) {
                        waiting.set(i, new Waiting(driver, properties));
                        return null;
                    }
                }
                retry = refused.remove(driver);
            }
        }
        if (cur == null) {
            if (retry) {
                bind(driver, properties);
            }
            return null; // neither bound, waiting nor refused: it has been unbound
        }
        if (!cur.id.equals(idOf(properties))) {
            Waiting next = unbind(driver);
            bind(driver, properties);
            return next;
        }
        Listing listing = listing(driver, cur.id);
        if (listing == null) {
            Waiting next = unbind(driver);
            refuse(driver);
            return next;
        }
        List<Device> removed = new ArrayList<>();
        List<DeviceEvent> events;
        List<Reattach> reattach;
        synchronized (tableLock) {
            if (byService.get(driver) != cur) {
                return null;
            }
            cur.order = orderOf(properties);
            cur.outs = devices(cur, true, listing.outs, byLocalId(cur.outs, removed));
            cur.ins = devices(cur, false, listing.ins, byLocalId(cur.ins, removed));
            removed.removeIf(d -> cur.outs.contains(d) || cur.ins.contains(d));
            events = publishLocked();
            reattach = takeReconnectsLocked(cur);
        }
        teardown(removed);
        reattachAll(reattach);
        fire(events);
        return null;
    }

    /** @return a driver that waited for the freed id, to bind once the caller holds no lock */
    private Waiting unbind(MidiDriver driver) {
        DriverEntry e;
        List<DeviceEvent> events;
        Waiting next = null;
        synchronized (tableLock) {
            refused.remove(driver);
            if (waiting.removeIf(w -> w.driver == driver)) {
                return null;
            }
            e = byService.remove(driver);
            if (e == null) {
                return null;
            }
            drivers.remove(e.id);
            events = publishLocked();
            for (int i = 0; i < waiting.size(); i++) {
                if (e.id.equals(idOf(waiting.get(i).properties))) {
                    next = waiting.remove(i);
                    break;
                }
            }
        }
        List<Device> gone = new ArrayList<>(e.outs);
        gone.addAll(e.ins);
        teardown(gone);
        LOG.info("MIDI driver '{}' unbound", e.id);
        fire(events);
        return next;
    }

    /**
     * Binds a miniport: the host's port driver for it makes its byte streams numbered devices,
     * exactly as if it were a {@link MidiDriver} with the same id and order.
     *
     * @param miniport the miniport
     * @param properties its service properties ({@link MidiDriver#ID}, {@link MidiDriver#ORDER})
     */
    @Reference(service = Miniport.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            updated = "modifiedMiniport", unbind = "removeMiniport")
    public void addMiniport(Miniport miniport, Map<String, ?> properties) {
        synchronized (lockOf(miniport)) {
            bindMiniport(miniport, properties);
        }
    }

    /** With the miniport's lock: init, then its port driver binds as a driver. */
    private void bindMiniport(Miniport miniport, Map<String, ?> properties) {
        synchronized (tableLock) {
            if (closed || ports.containsKey(miniport)) {
                return;
            }
        }
        String id = idOf(properties);
        PortDriver port = new PortDriver(miniport, id == null ? miniport.getClass().getName() : id);
        try {
            miniport.init(port);
        } catch (MidiException | RuntimeException e) {
            LOG.error("miniport '{}' failed to initialise ({}); it is left out", port.id, e.toString());
            LOG.debug("miniport '{}' failed to initialise", port.id, e);
            return;
        }
        synchronized (tableLock) {
            if (closed) {
                return;
            }
            ports.put(miniport, port);
        }
        port.start();
        addDriver(port, properties);
    }

    /**
     * A miniport's service properties changed: list its devices again, as for a driver.
     *
     * @param miniport the miniport
     * @param properties its new service properties
     */
    public void modifiedMiniport(Miniport miniport, Map<String, ?> properties) {
        synchronized (lockOf(miniport)) {
            PortDriver port;
            synchronized (tableLock) {
                port = ports.get(miniport);
            }
            if (port == null) {
                bindMiniport(miniport, properties); // it had failed to initialise: try again
            } else {
                modifiedDriver(port, properties);
            }
        }
    }

    /**
     * Unbinds a miniport: its devices go as a driver's do, then its service thread stops. After
     * this returns the host makes no call to the miniport.
     *
     * @param miniport the miniport
     */
    public void removeMiniport(Miniport miniport) {
        synchronized (lockOf(miniport)) {
            PortDriver port;
            synchronized (tableLock) {
                port = ports.remove(miniport);
            }
            if (port != null) {
                removeDriver(port);
                port.stop();
            }
            forgetLock(miniport);
        }
    }

    /** Deactivation: every device leaves; every handle gets its buffers back and CLOSE. */
    @Deactivate
    public void close() {
        List<Device> gone = new ArrayList<>();
        List<DeviceEvent> events;
        synchronized (tableLock) {
            if (closed) {
                return;
            }
            closed = true;
            for (DriverEntry e : drivers.values()) {
                gone.addAll(e.outs);
                gone.addAll(e.ins);
            }
            drivers.clear();
            byService.clear();
            waiting.clear();
            refused.clear();
            reconnecting.clear();
            events = publishLocked();
        }
        teardown(gone);
        fire(events);
        List<PortDriver> stopping;
        synchronized (tableLock) {
            stopping = new ArrayList<>(ports.values());
            ports.clear();
        }
        for (PortDriver p : stopping) {
            p.stop();
        }
        callbackPool.shutdown();
    }

    private Listing listing(MidiDriver driver, String id) {
        try {
            List<OutDevice> outs = List.copyOf(driver.outDevices());
            List<InDevice> ins = List.copyOf(driver.inDevices());
            checkUnique(outs.stream().map(OutDevice::id).toList(), id, "output");
            checkUnique(ins.stream().map(InDevice::id).toList(), id, "input");
            return new Listing(outs, ins);
        } catch (VirtualMachineError err) {
            throw err;
        } catch (Throwable t) {
            LOG.error("MIDI driver '{}' failed to list its devices ({}); it is left out until its properties change",
                    id, t.toString());
            LOG.debug("MIDI driver '{}' failed to list its devices", id, t);
            return null;
        }
    }

    private static void checkUnique(List<String> ids, String driver, String what) {
        Set<String> seen = new HashSet<>();
        for (String s : ids) {
            if (!seen.add(s)) {
                throw new IllegalArgumentException("driver '" + driver + "' lists " + what + " device id '" + s
                        + "' twice");
            }
        }
    }

    private static Map<String, Device> byLocalId(List<Device> old, List<Device> removed) {
        Map<String, Device> m = new HashMap<>();
        for (Device d : old) {
            m.put(d.localId, d);
        }
        removed.addAll(old);
        return m;
    }

    private static List<Device> devices(DriverEntry e, boolean output, List<?> descriptions, Map<String, Device> keep) {
        List<Device> list = new ArrayList<>(descriptions.size());
        for (int i = 0; i < descriptions.size(); i++) {
            Object desc = descriptions.get(i);
            String local = desc instanceof OutDevice o ? o.id() : ((InDevice) desc).id();
            Device d = keep.get(local);
            if (d == null) {
                d = new Device(e, output, local, i, desc);
            } else {
                d.index = i;
                d.description = desc;
            }
            list.add(d);
        }
        return List.copyOf(list);
    }

    /** Builds and publishes the next table from {@link #drivers}; returns the events it makes. */
    private List<DeviceEvent> publishLocked() {
        Table old = table;
        List<DriverEntry> sorted = new ArrayList<>(drivers.values());
        sorted.sort(Comparator.comparingInt((DriverEntry e) -> e.order).thenComparing(e -> e.id));
        List<Device> outs = new ArrayList<>();
        List<Device> ins = new ArrayList<>();
        for (DriverEntry e : sorted) {
            outs.addAll(e.outs);
            ins.addAll(e.ins);
        }
        long gen = old.generation() + 1;
        List<MidiOutCaps> outCaps = new ArrayList<>(outs.size());
        Set<String> names = new HashSet<>();
        for (Device d : outs) {
            OutDevice o = (OutDevice) d.description;
            outCaps.add(new MidiOutCaps(o.manufacturerId(), o.productId(), o.driverVersion(),
                    uniqueName(o.shortName(), names), o.technology(), o.voices(), o.notes(), o.channelMask(),
                    o.support(), d.endpointId));
        }
        List<MidiInCaps> inCaps = new ArrayList<>(ins.size());
        names.clear();
        for (Device d : ins) {
            InDevice in = (InDevice) d.description;
            inCaps.add(new MidiInCaps(in.manufacturerId(), in.productId(), in.driverVersion(),
                    uniqueName(in.shortName(), names), Set.of(), d.endpointId));
        }
        Map<String, Device> outBy = new LinkedHashMap<>();
        Map<String, Device> inBy = new LinkedHashMap<>();
        for (Device d : outs) {
            outBy.put(d.endpointId, d);
        }
        for (Device d : ins) {
            inBy.put(d.endpointId, d);
        }
        Table next = new Table(gen, outs.toArray(new Device[0]), List.copyOf(outCaps), ins.toArray(new Device[0]),
                List.copyOf(inCaps), Map.copyOf(outBy), Map.copyOf(inBy));
        List<DeviceEvent> events = new ArrayList<>();
        diff(old.outs(), old.outCaps(), next.outs(), next.outCaps(), gen, events);
        diff(old.ins(), old.inCaps(), next.ins(), next.inCaps(), gen, events);
        for (int i = 0; i < outs.size(); i++) {
            outs.get(i).caps = outCaps.get(i);
            outs.get(i).deviceId = i;
        }
        for (int i = 0; i < ins.size(); i++) {
            ins.get(i).caps = inCaps.get(i);
            ins.get(i).deviceId = i;
        }
        Set<Device> present = new HashSet<>(outs);
        present.addAll(ins);
        for (Device d : old.outs()) {
            if (!present.contains(d)) {
                d.deviceId = -1;
            }
        }
        for (Device d : old.ins()) {
            if (!present.contains(d)) {
                d.deviceId = -1;
            }
        }
        table = next;
        return events;
    }

    private static void diff(Device[] oldDevs, List<? extends DeviceCaps> oldCaps, Device[] newDevs,
            List<? extends DeviceCaps> newCaps, long gen, List<DeviceEvent> events) {
        Map<Device, DeviceCaps> before = new IdentityHashMap<>();
        for (int i = 0; i < oldDevs.length; i++) {
            before.put(oldDevs[i], oldCaps.get(i));
        }
        for (int i = 0; i < newDevs.length; i++) {
            DeviceCaps was = before.remove(newDevs[i]);
            if (was == null) {
                events.add(new DeviceEvent(DeviceEvent.Type.ADDED, newCaps.get(i), i, gen));
            } else if (!was.equals(newCaps.get(i))) {
                events.add(new DeviceEvent(DeviceEvent.Type.CHANGED, newCaps.get(i), i, gen));
            }
        }
        for (int i = 0; i < oldDevs.length; i++) {
            if (before.containsKey(oldDevs[i])) {
                events.add(new DeviceEvent(DeviceEvent.Type.REMOVED, oldCaps.get(i), -1, gen));
            }
        }
    }

    /** Suffixes " #2", " #3", … to a name already taken, keeping it within 31 characters. */
    static String uniqueName(String base, Set<String> taken) {
        String name = base;
        for (int k = 2; !taken.add(name); k++) {
            String suffix = " #" + k;
            int room = DeviceCaps.MAX_NAME_LENGTH - suffix.length();
            name = (base.length() > room ? base.substring(0, room).strip() : base) + suffix;
        }
        return name;
    }

    /**
     * Takes devices out of service: waits for calls inside their driver, marks them dead, closes
     * their handles' instances, then (with no lock held) hands back buffers and delivers CLOSE.
     */
    private void teardown(List<Device> devices) {
        List<Runnable> after = new ArrayList<>();
        for (Device d : devices) {
            d.lockForTeardown();
            try {
                d.dead = true;
                for (Handle h : List.copyOf(d.handles)) {
                    Runnable r = h.detachLocked(d);
                    if (r != null) {
                        after.add(r);
                    }
                }
            } finally {
                d.gate.unlock();
            }
        }
        for (Runnable r : after) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.error("teardown step failed", e);
            }
        }
    }

    // ------------------------------------------------------------------ reconnect

    private record Reattach(Handle handle, Device device) {
    }

    private static String key(boolean output, String endpointId) {
        return (output ? "out:" : "in:") + endpointId;
    }

    /** A detached handle that asked to reconnect waits for its endpoint (or takes it if already back). */
    void awaitReconnect(Handle h, Device old) {
        Device now;
        synchronized (tableLock) {
            if (closed) {
                return;
            }
            Table t = table;
            now = (old.output ? t.outByEndpoint() : t.inByEndpoint()).get(old.endpointId);
            if (now == null || now == old) {
                reconnecting.computeIfAbsent(key(old.output, old.endpointId), k -> new ArrayList<>()).add(h);
                return;
            }
        }
        h.reattach(now);
    }

    /** A handle whose reattach failed waits for the endpoint's next arrival. */
    void queueReconnect(Handle h, Device d) {
        synchronized (tableLock) {
            if (!closed) {
                reconnecting.computeIfAbsent(key(d.output, d.endpointId), k -> new ArrayList<>()).add(h);
            }
        }
    }

    /** A handle closed while waiting to reconnect stops waiting. */
    void forgetReconnect(Handle h) {
        synchronized (tableLock) {
            Device d = h.device;
            List<Handle> list = reconnecting.get(key(d.output, d.endpointId));
            if (list != null) {
                list.remove(h);
                if (list.isEmpty()) {
                    reconnecting.remove(key(d.output, d.endpointId));
                }
            }
        }
    }

    private List<Reattach> takeReconnectsLocked(DriverEntry e) {
        if (reconnecting.isEmpty()) {
            return List.of();
        }
        List<Reattach> list = new ArrayList<>();
        for (Device d : e.outs) {
            take(d, list);
        }
        for (Device d : e.ins) {
            take(d, list);
        }
        return list;
    }

    private void take(Device d, List<Reattach> into) {
        List<Handle> hs = reconnecting.remove(key(d.output, d.endpointId));
        if (hs != null) {
            for (Handle h : hs) {
                into.add(new Reattach(h, d));
            }
        }
    }

    private void reattachAll(List<Reattach> list) {
        for (Reattach r : list) {
            if (r.handle.reattach(r.device)) {
                LOG.info("{}: handle reconnected", r.device.endpointId);
            }
        }
    }

    // ------------------------------------------------------------------ listeners

    private void fire(List<DeviceEvent> events) {
        for (DeviceEvent ev : events) {
            LOG.debug("{}", ev);
            for (DeviceListener l : listeners) {
                try {
                    l.deviceChanged(ev);
                } catch (VirtualMachineError err) {
                    throw err;
                } catch (Throwable t) {
                    LOG.warn("device listener {} threw on {}", l, ev, t);
                }
            }
        }
    }

    @Override
    public int openHandles(DeviceCaps device) {
        Objects.requireNonNull(device, "device");
        Table t = table;
        Device d = (device instanceof MidiOutCaps ? t.outByEndpoint() : t.inByEndpoint()).get(device.endpointId());
        return d == null ? 0 : d.handles.size();
    }

    @Override
    public void addDeviceListener(DeviceListener listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.addIfAbsent(listener);
    }

    @Override
    public void removeDeviceListener(DeviceListener listener) {
        listeners.remove(listener);
    }

    // ------------------------------------------------------------------ the client calls

    @Override
    public int outDeviceCount() {
        return table.outs().length;
    }

    @Override
    public int inDeviceCount() {
        return table.ins().length;
    }

    @Override
    public MidiOutCaps outCaps(int id) throws MidiException {
        if (id == MIDI_MAPPER) {
            return MAPPER_CAPS;
        }
        Table t = table;
        if (id < 0 || id >= t.outs().length) {
            throw badId(id, t.outs().length);
        }
        return t.outCaps().get(id);
    }

    @Override
    public MidiInCaps inCaps(int id) throws MidiException {
        Table t = table;
        if (id < 0 || id >= t.ins().length) {
            throw badId(id, t.ins().length);
        }
        return t.inCaps().get(id);
    }

    @Override
    public OutDeviceList outDevices() {
        return new DeviceLists.Out(this, table);
    }

    @Override
    public InDeviceList inDevices() {
        return new DeviceLists.In(this, table);
    }

    @Override
    public MidiOut openOut(int id, MidiOutCallback callback, OpenOptions options) throws MidiException {
        checkArgs(callback, options);
        Table t = table;
        Device d;
        if (id == MIDI_MAPPER) {
            d = mapperTarget(t);
        } else if (id < 0 || id >= t.outs().length) {
            throw badId(id, t.outs().length);
        } else {
            d = t.outs()[id];
        }
        return openOutDevice(d, callback, options);
    }

    @Override
    public MidiIn openIn(int id, MidiInCallback callback, OpenOptions options) throws MidiException {
        checkArgs(callback, options);
        Table t = table;
        if (id < 0 || id >= t.ins().length) {
            throw badId(id, t.ins().length);
        }
        return openInDevice(t.ins()[id], callback, options);
    }

    @Override
    public MidiOut openOut(String endpointId, MidiOutCallback callback, OpenOptions options) throws MidiException {
        checkArgs(callback, options);
        if (endpointId == null) {
            throw new MidiException(MmResult.MMSYSERR_INVALPARAM, "endpoint id is null");
        }
        Table t = table;
        Device d = MAPPER_ENDPOINT.equals(endpointId) ? mapperTarget(t) : t.outByEndpoint().get(endpointId);
        if (d == null) {
            throw new MidiException(MmResult.MIDIERR_NODEVICE, "no output " + endpointId);
        }
        return openOutDevice(d, callback, options);
    }

    @Override
    public MidiIn openIn(String endpointId, MidiInCallback callback, OpenOptions options) throws MidiException {
        checkArgs(callback, options);
        if (endpointId == null) {
            throw new MidiException(MmResult.MMSYSERR_INVALPARAM, "endpoint id is null");
        }
        Device d = table.inByEndpoint().get(endpointId);
        if (d == null) {
            throw new MidiException(MmResult.MIDIERR_NODEVICE, "no input " + endpointId);
        }
        return openInDevice(d, callback, options);
    }

    /**
     * The MIDI mapper's device: the configured default output while it is present, else the
     * first software synthesizer, else output 0.
     */
    private Device mapperTarget(Table t) throws MidiException {
        String preferred = mapperDefault;
        if (!preferred.isEmpty()) {
            Device d = t.outByEndpoint().get(preferred);
            if (d != null) {
                return d;
            }
        }
        for (int i = 0; i < t.outs().length; i++) {
            if (t.outCaps().get(i).technology() == Technology.SWSYNTH) {
                return t.outs()[i];
            }
        }
        if (t.outs().length == 0) {
            throw new MidiException(MmResult.MIDIERR_NODEVICE, "the MIDI mapper has no output to map to");
        }
        return t.outs()[0];
    }

    MidiOut openOutDevice(Device d, MidiOutCallback callback, OpenOptions options) throws MidiException {
        OutHandle h = new OutHandle(this, d, callback, options);
        h.attach(d);
        return h;
    }

    MidiIn openInDevice(Device d, MidiInCallback callback, OpenOptions options) throws MidiException {
        InHandle h = new InHandle(this, d, callback, options);
        h.attach(d);
        return h;
    }

    static void checkArgs(Object callback, OpenOptions options) throws MidiException {
        if (callback == null || options == null) {
            throw new MidiException(MmResult.MMSYSERR_INVALPARAM, callback == null ? "callback is null"
                    : "options are null");
        }
    }

    private static MidiException badId(int id, int count) {
        return new MidiException(MmResult.MMSYSERR_BADDEVICEID, "device id " + id + ", " + count + " device(s)");
    }

    /**
     * Logs a driver's failure and turns it into the client's result: the driver's own
     * {@link MidiException} as it is, anything else as {@code MMSYSERR_ERROR}.
     */
    static MidiException driverFault(Device d, String call, Throwable t) {
        if (t instanceof MidiException me) {
            LOG.debug("{}: driver '{}' answered {} to {}", d.endpointId, d.driver.id, me.result(), call);
            return me;
        }
        // One line for whoever watches the log; the stack trace for whoever debugs the driver.
        LOG.error("{}: driver '{}' threw in {}: {}", d.endpointId, d.driver.id, call, t.toString());
        LOG.debug("{}: driver '{}' threw in {}", d.endpointId, d.driver.id, call, t);
        return new MidiException(MmResult.MMSYSERR_ERROR, "driver '" + d.driver.id + "' failed in " + call, t);
    }

    // ------------------------------------------------------------------ driver properties

    static String idOf(Map<String, ?> properties) {
        Object v = properties == null ? null : properties.get(MidiDriver.ID);
        if (v instanceof String s && !s.isBlank() && s.indexOf('/') < 0 && s.strip().equals(s)) {
            return s;
        }
        return null;
    }

    static int orderOf(Map<String, ?> properties) {
        Object v = properties == null ? null : properties.get(MidiDriver.ORDER);
        if (v instanceof Number n) {
            return n.intValue();
        }
        if (v instanceof String s) {
            try {
                return Integer.parseInt(s.strip());
            } catch (NumberFormatException e) {
                LOG.warn("{}={} is not a number; using {}", MidiDriver.ORDER, s, MidiDriver.DEFAULT_ORDER);
            }
        }
        return MidiDriver.DEFAULT_ORDER;
    }
}
