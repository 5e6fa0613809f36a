package org.midihost.host;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.midihost.api.DeviceCaps;
import org.midihost.api.DeviceEvent;
import org.midihost.api.DriverState;
import org.midihost.api.MidiInCaps;
import org.midihost.api.MidiOutCaps;
import org.midihost.spi.DeviceDescription;
import org.midihost.spi.InDevice;
import org.midihost.spi.MidiDriver;
import org.midihost.spi.OutDevice;

/**
 * The device table: which drivers are present, which wait for an id another holds, which were
 * refused; the numbering of their devices into immutable {@link Table} snapshots; and the handles
 * waiting to reconnect to an endpoint.
 *
 * <p>Every change runs under {@link #lock} and returns a {@link Change} describing what the owner
 * must do once the lock is released (retire devices, reattach handles, fire events): the table
 * never calls a driver, a handle or a listener itself. Readers use {@link #current()} without a
 * lock.
 */
final class DeviceTable implements Reconnects {
    /**
     * The table lock. Guards {@link #drivers}, {@link #byService}, {@link #waiting},
     * {@link #refused}, {@link #reconnecting}, {@link #closed}, the devices' names and the
     * publication of {@link #table}. Taken by every method here, for map updates and the snapshot
     * rebuild only: nothing waits for a device gate or calls a driver, a handle or a listener
     * while holding it.
     */
    private final Object lock = new Object();
    private volatile Table table = Table.EMPTY;
    private final Map<String, DriverEntry> drivers = new HashMap<>();
    private final Map<MidiDriver, DriverEntry> byService = new IdentityHashMap<>();
    /** Drivers whose id was taken, in arrival order: the first with a freed id takes over. */
    private final List<Waiting> waiting = new ArrayList<>();
    /**
     * Drivers refused for a bad id or a failed listing, with their properties: a change of their
     * properties retries them.
     */
    private final Map<MidiDriver, Map<String, ?>> refused = new IdentityHashMap<>();
    /** Detached handles that asked to reconnect, by direction and endpoint id. */
    private final Map<String, List<Waiter>> reconnecting = new HashMap<>();
    private boolean closed;
    /** The bound on stuck driver calls, given to every device. */
    private final StuckCalls stuck;

    DeviceTable(StuckCalls stuck) {
        this.stuck = stuck;
    }

    /** A driver waiting for its id, with the properties it came with. */
    record Waiting(MidiDriver driver, Map<String, ?> properties) {
    }

    /** A driver's devices as it listed them, taken before the lock. */
    record Listing(List<OutDevice> outs, List<InDevice> ins) {
    }

    /** A handle to reattach to the device that brought its endpoint back. */
    record Reattach(Waiter handle, Device device) {
    }

    /**
     * What a change asks its owner to do after the lock, in this order: retire {@code removed},
     * reattach {@code reattach}, fire {@code events}; then bind {@code next}, a driver that waited
     * for the id that was freed.
     */
    record Change(List<DeviceEvent> events, List<Device> removed, List<Reattach> reattach, Waiting next) {
        static final Change NONE = new Change(List.of(), List.of(), List.of(), null);
    }

    /** What a bind did: bound, made the driver wait for its id, or nothing (the table closed). */
    enum Outcome { BOUND, WAITS, CLOSED }

    /** The result of {@link #bind}. */
    record Bound(Outcome outcome, Change change) {
    }

    /**
     * Where a driver whose properties changed stands: bound ({@code entry}), to be bound again
     * ({@code retry}: it had been refused), or neither (waiting, or gone).
     */
    record Standing(DriverEntry entry, boolean retry) {
    }

    /** @return the current snapshot */
    Table current() {
        return table;
    }

    /** Binds a driver with its listing, or makes it wait if its id is present. */
    Bound bind(MidiDriver driver, String id, int order, Map<String, ?> properties, Listing listing) {
        synchronized (lock) {
            if (closed) {
                return new Bound(Outcome.CLOSED, Change.NONE);
            }
            refused.remove(driver);
            if (drivers.containsKey(id)) {
                waiting.add(new Waiting(driver, properties));
                return new Bound(Outcome.WAITS, Change.NONE);
            }
            DriverEntry e = new DriverEntry(driver, id, order);
            e.properties = properties == null ? Map.of() : properties;
            e.outs = devices(e, true, listing.outs(), Map.of());
            e.ins = devices(e, false, listing.ins(), Map.of());
            drivers.put(id, e);
            byService.put(driver, e);
            List<DeviceEvent> events = publishLocked();
            return new Bound(Outcome.BOUND, new Change(events, List.of(), takeReconnectsLocked(e), null));
        }
    }

    /**
     * A driver's properties changed: a waiting driver keeps its new properties; a refused one is
     * to be tried again; a bound one is to be listed again.
     */
    Standing standing(MidiDriver driver, Map<String, ?> properties) {
        synchronized (lock) {
            DriverEntry cur = byService.get(driver);
            if (cur != null) {
                return new Standing(cur, false);
            }
            for (int i = 0; i < waiting.size(); i++) {
                if (waiting.get(i).driver() == driver) {
                    waiting.set(i, new Waiting(driver, properties));
                    return new Standing(null, false);
                }
            }
            return new Standing(null, refused.remove(driver) != null);
        }
    }

    /**
     * A bound driver listed its devices again: devices that keep their id keep their object (and
     * handles, and name); new ones are added; missing ones are to be retired.
     *
     * @return the change, {@link Change#NONE} if the entry is no longer the driver's
     */
    Change relist(MidiDriver driver, DriverEntry cur, int order, Map<String, ?> properties, Listing listing) {
        synchronized (lock) {
            if (byService.get(driver) != cur) {
                return Change.NONE;
            }
            cur.properties = properties == null ? Map.of() : properties;
            List<Device> removed = new ArrayList<>();
            cur.order = order;
            cur.outs = devices(cur, true, listing.outs(), byLocalId(cur.outs, removed));
            cur.ins = devices(cur, false, listing.ins(), byLocalId(cur.ins, removed));
            removed.removeIf(d -> cur.outs.contains(d) || cur.ins.contains(d));
            List<DeviceEvent> events = publishLocked();
            return new Change(events, removed, takeReconnectsLocked(cur), null);
        }
    }

    /**
     * Takes a driver out: bound, waiting or refused.
     *
     * @return the change (its devices to retire, and a waiting driver for the freed id);
     *         {@code null} if the driver was not bound
     */
    Change unbind(MidiDriver driver) {
        synchronized (lock) {
            refused.remove(driver);
            if (waiting.removeIf(w -> w.driver() == driver)) {
                return null;
            }
            DriverEntry e = byService.remove(driver);
            if (e == null) {
                return null;
            }
            drivers.remove(e.id);
            List<DeviceEvent> events = publishLocked();
            Waiting next = null;
            for (int i = 0; i < waiting.size(); i++) {
                if (e.id.equals(Host.idOf(waiting.get(i).properties()))) {
                    next = waiting.remove(i);
                    break;
                }
            }
            List<Device> gone = new ArrayList<>(e.outs);
            gone.addAll(e.ins);
            return new Change(events, gone, List.of(), next);
        }
    }

    /** A driver with a bad id or a failed listing: a change of its properties tries it again. */
    void refuse(MidiDriver driver, Map<String, ?> properties) {
        synchronized (lock) {
            if (!closed) {
                refused.put(driver, properties == null ? Map.of() : properties);
            }
        }
    }

    /** @return every driver tracked: bound, waiting, refused */
    List<DriverState> states() {
        synchronized (lock) {
            List<DriverState> list = new ArrayList<>();
            for (DriverEntry e : byService.values()) {
                list.add(state(e.id, e.properties, DriverState.Status.BOUND, -1));
            }
            for (Waiting w : waiting) {
                String id = Host.idOf(w.properties());
                DriverEntry holder = id == null ? null : drivers.get(id);
                list.add(state(id, w.properties(), DriverState.Status.WAITING,
                        holder == null ? -1 : number(holder.properties.get("service.id"))));
            }
            refused.forEach((d, p) -> list.add(state(Host.idOf(p), p, DriverState.Status.REFUSED, -1)));
            list.sort(java.util.Comparator.comparingLong(DriverState::serviceId));
            return list;
        }
    }

    private static DriverState state(String id, Map<String, ?> p, DriverState.Status status, long heldBy) {
        return new DriverState(id == null ? "" : id, number(p.get("service.id")), number(p.get("service.bundleid")),
                status, heldBy);
    }

    private static long number(Object v) {
        return v instanceof Number n ? n.longValue() : -1;
    }

    /** Closes the table: every device is to be retired, nothing binds after this. */
    Change close() {
        synchronized (lock) {
            if (closed) {
                return Change.NONE;
            }
            closed = true;
            List<Device> gone = new ArrayList<>();
            for (DriverEntry e : drivers.values()) {
                gone.addAll(e.outs);
                gone.addAll(e.ins);
            }
            drivers.clear();
            byService.clear();
            waiting.clear();
            refused.clear();
            reconnecting.clear();
            return new Change(publishLocked(), gone, List.of(), null);
        }
    }

    /** @return how many handles wait to reconnect (for tests and diagnostics) */
    int reconnectWaiters() {
        synchronized (lock) {
            return reconnecting.values().stream().mapToInt(List::size).sum();
        }
    }

    // ------------------------------------------------------------------ reconnect

    private static String key(boolean output, String endpointId) {
        return (output ? "out:" : "in:") + endpointId;
    }

    @Override
    public boolean awaitReconnect(Waiter h, Device old) {
        Device now;
        synchronized (lock) {
            if (closed) {
                return false;
            }
            Table t = table;
            now = (old.output ? t.outByEndpoint() : t.inByEndpoint()).get(old.endpointId);
            if (now == null || now == old) {
                reconnecting.computeIfAbsent(key(old.output, old.endpointId), k -> new ArrayList<>()).add(h);
                return true;
            }
        }
        h.reattach(now);
        return true;
    }

    @Override
    public void queueReconnect(Waiter h, Device d) {
        synchronized (lock) {
            if (!closed) {
                reconnecting.computeIfAbsent(key(d.output, d.endpointId), k -> new ArrayList<>()).add(h);
            }
        }
    }

    @Override
    public void forgetReconnect(Waiter h) {
        synchronized (lock) {
            Device d = h.lastDevice();
            String k = key(d.output, d.endpointId);
            List<Waiter> list = reconnecting.get(k);
            if (list != null) {
                list.remove(h);
                if (list.isEmpty()) {
                    reconnecting.remove(k);
                }
            }
        }
    }

    private List<Reattach> takeReconnectsLocked(DriverEntry e) {
        if (reconnecting.isEmpty()) {
            return List.of();
        }
        // inputs first: an output held across a swap delivers what it queued as it reattaches, and
        // an input of the same driver (a loopback cable) must be listening again by then
        List<Reattach> list = new ArrayList<>();
        for (Device d : e.ins) {
            take(d, list);
        }
        for (Device d : e.outs) {
            take(d, list);
        }
        return list;
    }

    private void take(Device d, List<Reattach> into) {
        List<Waiter> hs = reconnecting.remove(key(d.output, d.endpointId));
        if (hs != null) {
            for (Waiter h : hs) {
                into.add(new Reattach(h, d));
            }
        }
    }

    // ------------------------------------------------------------------ numbering

    private static Map<String, Device> byLocalId(List<Device> old, List<Device> removed) {
        Map<String, Device> m = new HashMap<>();
        for (Device d : old) {
            m.put(d.localId, d);
        }
        removed.addAll(old);
        return m;
    }

    private List<Device> devices(DriverEntry e, boolean output, List<? extends DeviceDescription> descriptions,
            Map<String, Device> keep) {
        List<Device> list = new ArrayList<>(descriptions.size());
        for (DeviceDescription desc : descriptions) {
            Device d = keep.get(desc.id());
            if (d == null) {
                d = new Device(e, output, desc, stuck);
            } else {
                d.description = desc;
            }
            list.add(d);
        }
        return List.copyOf(list);
    }

    /** Builds and publishes the next snapshot from {@link #drivers}; returns the events it makes. */
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
        nameLocked(outs);
        nameLocked(ins);
        long gen = old.generation() + 1;
        List<MidiOutCaps> outCaps = new ArrayList<>(outs.size());
        for (Device d : outs) {
            OutDevice o = (OutDevice) d.description;
            outCaps.add(new MidiOutCaps(o.manufacturerId(), o.productId(), o.driverVersion(), d.name, o.technology(),
                    o.voices(), o.notes(), o.channelMask(), o.support(), d.endpointId));
        }
        List<MidiInCaps> inCaps = new ArrayList<>(ins.size());
        for (Device d : ins) {
            DeviceDescription in = d.description;
            inCaps.add(new MidiInCaps(in.manufacturerId(), in.productId(), in.driverVersion(), d.name, Set.of(),
                    d.endpointId));
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

    /**
     * Names stay put: a device that has a name keeps it (unless its driver renamed it), whoever
     * comes or goes; a new device takes its short name, or the first free {@code " #k"} suffix.
     */
    private static void nameLocked(List<Device> devices) {
        Set<String> taken = new HashSet<>();
        List<Device> fresh = new ArrayList<>();
        for (Device d : devices) {
            if (d.name != null && d.nameBase.equals(d.description.shortName()) && taken.add(d.name)) {
                continue;
            }
            fresh.add(d);
        }
        for (Device d : fresh) {
            d.nameBase = d.description.shortName();
            d.name = uniqueName(d.nameBase, taken);
        }
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
}
