package org.midihost.host;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.midihost.api.DeviceCaps;
import org.midihost.api.DeviceEvent;
import org.midihost.api.DeviceListener;
import org.midihost.api.DriverState;
import org.midihost.api.InDeviceList;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHost;
import org.midihost.api.MidiIn;
import org.midihost.api.MidiInCallback;
import org.midihost.api.MidiInCaps;
import org.midihost.api.MidiOut;
import org.midihost.api.MidiOutCallback;
import org.midihost.api.MidiOutCaps;
import org.midihost.api.MidiScheduler;
import org.midihost.api.MidiStream;
import org.midihost.api.MmResult;
import org.midihost.api.OpenOptions;
import org.midihost.api.OutDeviceList;
import org.midihost.api.StreamCallback;
import org.midihost.api.StuckCall;
import org.midihost.api.Technology;
import org.midihost.host.port.MiniportBindings;
import org.midihost.host.port.PortDriver;
import org.midihost.spi.DeviceDescription;
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
 * The MIDI host, a DS component: binds every {@link MidiDriver} and {@link Miniport} service,
 * answers the {@link MidiHost} calls, tells the device listeners, and holds the configuration and
 * the MIDI mapper.
 *
 * <p>The numbering lives in the {@link DeviceTable}: a bind, update or unbind lists the driver's
 * devices first (a call into the driver, with no lock held), hands the listing to the table, and
 * carries out the {@link DeviceTable.Change} it returns (retire devices, reattach handles, fire
 * events) after the table's lock. Miniports get a port driver from {@link MiniportBindings} and
 * are then bound like any driver.
 */
@Component(service = MidiHost.class, immediate = true, configurationPid = Host.PID)
@Designate(ocd = Host.Config.class)
public final class Host implements MidiHost {
    private static final Logger LOG = LoggerFactory.getLogger(Host.class);

    /** The endpoint id of the MIDI mapper. */
    static final String MAPPER_ENDPOINT = "midihost/mapper";
    private static final MidiOutCaps MAPPER_CAPS = new MidiOutCaps(0, 0, 0x0100, "MIDI Mapper", Technology.MAPPER, 0,
            0, 0xFFFF, Set.of(), MAPPER_ENDPOINT);

    private final StuckCalls stuck = new StuckCalls();
    private final DeviceTable devices = new DeviceTable(stuck);
    private final MiniportBindings miniports = new MiniportBindings();
    private final ServiceLocks serviceLocks = new ServiceLocks();
    private final CopyOnWriteArrayList<DeviceListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService callbackPool;
    private final Handles handles;
    /** Hands spies' callback work from senders to the callback executors. */
    private final Relay relay = new Relay();
    /** The thru connections' loop check, and which input an output feeds. */
    private final Thru thru;
    /** Runs the ends of holds across a swap ({@code OpenOptions.holdAcrossSwap}). */
    private final ScheduledExecutorService timers;

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

        /**
         * @return how long an unbind waits for a call stuck inside a driver before it removes the
         *         device anyway, and how long a client waits for a device that such a call holds
         *         before it gets {@code MIDIERR_NOTREADY}; in milliseconds, positive
         */
        @AttributeDefinition(name = "Bound on a stuck driver call (ms)", min = "1",
                description = "How long unbind waits for a call stuck inside a driver, and a client for a device such a call holds (then MIDIERR_NOTREADY).")
        long unbind_timeout_ms() default StuckCalls.DEFAULT_BOUND_MILLIS;
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
        long bound = config.unbind_timeout_ms();
        if (bound > 0) {
            stuck.setBoundMillis(bound);
        } else {
            LOG.warn("{}: unbind.timeout.ms={} is not positive; keeping {} ms", PID, bound,
                    stuck.boundNanos() / 1_000_000);
        }
    }

    /**
     * @param millis how long an unbind waits for a stuck driver call, and a client for a device
     *        such a call holds; positive
     */
    public void setUnbindTimeout(long millis) {
        stuck.setBoundMillis(millis);
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
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "midihost-timer");
            t.setDaemon(true);
            return t;
        });
        this.thru = new Thru(devices::current);
        this.handles = new Handles(devices, callbackPool, timers, relay, thru);
    }

    /** @return the current snapshot of the device table */
    Table table() {
        return devices.current();
    }

    @Override
    public List<DriverState> drivers() {
        return devices.states();
    }

    @Override
    public List<StuckCall> stuckCalls() {
        long now = System.nanoTime();
        List<StuckCall> list = new ArrayList<>();
        for (StuckCalls.Stuck s : stuck.now()) {
            list.add(new StuckCall(s.endpointId(), s.driverId(), (now - s.sinceNanos()) / 1_000_000));
        }
        return list;
    }

    /** @return the device table (tests look at its reconnect waiters) */
    DeviceTable deviceTable() {
        return devices;
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
        synchronized (serviceLocks.of(driver)) {
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
        DeviceTable.Waiting next;
        synchronized (serviceLocks.of(driver)) {
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
        DeviceTable.Waiting next;
        synchronized (serviceLocks.of(driver)) {
            next = unbind(driver);
            serviceLocks.forget(driver);
        }
        promote(next);
    }

    private void promote(DeviceTable.Waiting next) {
        if (next != null) {
            addDriver(next.driver(), next.properties());
        }
    }

    /** Carries out what the table asked for, with no lock held. */
    private void apply(DeviceTable.Change change) {
        Device.retire(change.removed());
        for (DeviceTable.Reattach r : change.reattach()) {
            if (r.handle().reattach(r.device())) {
                LOG.info("{}: handle reconnected", r.device().endpointId);
            }
        }
        fire(change.events());
    }

    private void bind(MidiDriver driver, Map<String, ?> properties) {
        String id = idOf(properties);
        if (id == null) {
            LOG.warn("MIDI driver {} refused: it has no valid {} service property (a non-empty string without '/')",
                    driver.getClass().getName(), MidiDriver.ID);
            devices.refuse(driver, properties);
            return;
        }
        DeviceTable.Listing listing = listing(driver, id);
        if (listing == null) {
            devices.refuse(driver, properties);
            return;
        }
        DeviceTable.Bound bound = devices.bind(driver, id, orderOf(properties), properties, listing);
        switch (bound.outcome()) {
            case WAITS -> LOG.warn("MIDI driver {} refused: driver id '{}' is already present; it waits until that one goes",
                    driver.getClass().getName(), id);
            case BOUND -> {
                LOG.info("MIDI driver '{}' bound: {} output(s), {} input(s)", id, listing.outs().size(),
                        listing.ins().size());
                apply(bound.change());
            }
            case CLOSED -> {
            }
        }
    }

    private DeviceTable.Waiting modify(MidiDriver driver, Map<String, ?> properties) {
        DeviceTable.Standing standing = devices.standing(driver, properties);
        DriverEntry cur = standing.entry();
        if (cur == null) {
            if (standing.retry()) {
                bind(driver, properties);
            }
            return null; // waiting with its new properties, or unbound meanwhile
        }
        if (!cur.id.equals(idOf(properties))) {
            DeviceTable.Waiting next = unbind(driver);
            bind(driver, properties);
            return next;
        }
        DeviceTable.Listing listing = listing(driver, cur.id);
        if (listing == null) {
            DeviceTable.Waiting next = unbind(driver);
            devices.refuse(driver, properties);
            return next;
        }
        apply(devices.relist(driver, cur, orderOf(properties), properties, listing));
        return null;
    }

    /** @return a driver that waited for the freed id, to bind once the caller holds no lock */
    private DeviceTable.Waiting unbind(MidiDriver driver) {
        DeviceTable.Change change = devices.unbind(driver);
        if (change == null) {
            return null;
        }
        Device.retire(change.removed());
        LOG.info("MIDI driver '{}' unbound", change.removed().isEmpty() ? driver : change.removed().get(0).driver.id);
        fire(change.events());
        return change.next();
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
        synchronized (serviceLocks.of(miniport)) {
            PortDriver port = miniports.bind(miniport, idOf(properties));
            if (port != null) {
                addDriver(port, properties);
            }
        }
    }

    /**
     * A miniport's service properties changed: list its devices again, as for a driver. Its port
     * driver takes the new id if it changed.
     *
     * @param miniport the miniport
     * @param properties its new service properties
     */
    public void modifiedMiniport(Miniport miniport, Map<String, ?> properties) {
        synchronized (serviceLocks.of(miniport)) {
            PortDriver port = miniports.get(miniport);
            if (port == null) {
                addMiniport(miniport, properties); // it had failed to initialise: try again
            } else {
                port.rename(idOf(properties));
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
        synchronized (serviceLocks.of(miniport)) {
            PortDriver port = miniports.remove(miniport);
            if (port != null) {
                removeDriver(port);
                port.stop();
            }
            serviceLocks.forget(miniport);
        }
    }

    /** Deactivation: every device leaves; every handle gets its buffers back and CLOSE. */
    @Deactivate
    public void close() {
        DeviceTable.Change change = devices.close();
        Device.retire(change.removed());
        fire(change.events());
        miniports.close();
        timers.shutdownNow();
        relay.close();
        callbackPool.shutdown();
    }

    private DeviceTable.Listing listing(MidiDriver driver, String id) {
        try {
            List<OutDevice> outs = List.copyOf(driver.outDevices());
            List<InDevice> ins = List.copyOf(driver.inDevices());
            checkUnique(outs, id, "output");
            checkUnique(ins, id, "input");
            return new DeviceTable.Listing(outs, ins);
        } catch (VirtualMachineError err) {
            throw err;
        } catch (Throwable t) {
            LOG.error("MIDI driver '{}' failed to list its devices ({}); it is left out until its properties change",
                    id, t.toString());
            LOG.debug("MIDI driver '{}' failed to list its devices", id, t);
            return null;
        }
    }

    private static void checkUnique(List<? extends DeviceDescription> devices, String driver, String what) {
        Set<String> seen = new HashSet<>();
        for (DeviceDescription d : devices) {
            if (!seen.add(d.id())) {
                throw new IllegalArgumentException("driver '" + driver + "' lists " + what + " device id '" + d.id()
                        + "' twice");
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
    public int openHandles(DeviceCaps device) throws MidiException {
        if (device == null) {
            throw new MidiException(MmResult.MMSYSERR_INVALPARAM, "device caps are null");
        }
        Table t = devices.current();
        Device d = (device instanceof MidiOutCaps ? t.outByEndpoint() : t.inByEndpoint()).get(device.endpointId());
        if (d == null) {
            return 0;
        }
        int n = 0;
        for (Device.Attached h : d.handles) {
            if (!(h instanceof InHandle i && i.spy)) { // a spy watches the output; it is not a client
                n++;
            }
        }
        return n;
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
        return devices.current().outs().length;
    }

    @Override
    public int inDeviceCount() {
        return devices.current().ins().length;
    }

    @Override
    public MidiOutCaps outCaps(int id) throws MidiException {
        if (id == MIDI_MAPPER) {
            return MAPPER_CAPS;
        }
        Table t = devices.current();
        if (id < 0 || id >= t.outs().length) {
            throw badId(id, t.outs().length, "output");
        }
        return t.outCaps().get(id);
    }

    @Override
    public MidiInCaps inCaps(int id) throws MidiException {
        Table t = devices.current();
        if (id < 0 || id >= t.ins().length) {
            throw badId(id, t.ins().length, "input");
        }
        return t.inCaps().get(id);
    }

    @Override
    public OutDeviceList outDevices() {
        return new DeviceLists.Out(devices, handles, devices.current());
    }

    @Override
    public InDeviceList inDevices() {
        return new DeviceLists.In(devices, handles, devices.current());
    }

    @Override
    public MidiOut openOut(int id, MidiOutCallback callback, OpenOptions options) throws MidiException {
        Handles.checkArgs(callback, options);
        Table t = devices.current();
        Device d;
        if (id == MIDI_MAPPER) {
            return openMapper(t, callback, options);
        } else if (id < 0 || id >= t.outs().length) {
            throw badId(id, t.outs().length, "output");
        } else {
            d = t.outs()[id];
        }
        return handles.openOut(d, callback, options);
    }

    @Override
    public MidiIn openIn(int id, MidiInCallback callback, OpenOptions options) throws MidiException {
        Handles.checkArgs(callback, options);
        Table t = devices.current();
        if (id < 0 || id >= t.ins().length) {
            throw badId(id, t.ins().length, "input");
        }
        return handles.openIn(t.ins()[id], callback, options);
    }

    @Override
    public MidiOut openOut(String endpointId, MidiOutCallback callback, OpenOptions options) throws MidiException {
        Handles.checkArgs(callback, options);
        if (endpointId == null) {
            throw new MidiException(MmResult.MMSYSERR_INVALPARAM, "endpoint id is null");
        }
        Table t = devices.current();
        if (MAPPER_ENDPOINT.equals(endpointId)) {
            return openMapper(t, callback, options);
        }
        Device d = t.outByEndpoint().get(endpointId);
        if (d == null) {
            throw new MidiException(MmResult.MIDIERR_NODEVICE, "no output with endpoint id '" + endpointId + "'");
        }
        return handles.openOut(d, callback, options);
    }

    /**
     * The scheduler that plays streams (bundle {@code org.midihost.stream}), or {@code null}. A
     * volatile field (see setScheduler); no lock: {@link #openStream} reads it once.
     */
    private volatile MidiScheduler scheduler;

    /**
     * Binds the scheduler (DS; tests call it directly).
     *
     * @param s the scheduler
     */
    @Reference(service = MidiScheduler.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetScheduler")
    public void setScheduler(MidiScheduler s) {
        scheduler = s;
    }

    /**
     * Unbinds the scheduler if it is the one bound. Streams already open stay with it until it stops.
     *
     * @param s the scheduler going
     */
    public void unsetScheduler(MidiScheduler s) {
        if (scheduler == s) {
            scheduler = null;
        }
    }

    private MidiScheduler scheduler() throws MidiException {
        MidiScheduler s = scheduler;
        if (s == null) {
            throw new MidiException(MmResult.MMSYSERR_NODRIVER,
                    "no stream scheduler: install and start bundle org.midihost.stream");
        }
        return s;
    }

    @Override
    public MidiStream openStream(int id, StreamCallback callback, OpenOptions options) throws MidiException {
        Handles.checkArgs(callback, options);
        return scheduler().openStream(c -> openOut(id, c, options), callback);
    }

    @Override
    public MidiStream openStream(String endpointId, StreamCallback callback, OpenOptions options) throws MidiException {
        Handles.checkArgs(callback, options);
        return scheduler().openStream(c -> openOut(endpointId, c, options), callback);
    }

    @Override
    public MidiIn openIn(String endpointId, MidiInCallback callback, OpenOptions options) throws MidiException {
        Handles.checkArgs(callback, options);
        if (endpointId == null) {
            throw new MidiException(MmResult.MMSYSERR_INVALPARAM, "endpoint id is null");
        }
        Device d = devices.current().inByEndpoint().get(endpointId);
        if (d == null) {
            throw new MidiException(MmResult.MIDIERR_NODEVICE, "no input with endpoint id '" + endpointId + "'");
        }
        return handles.openIn(d, callback, options);
    }

    @Override
    public MidiIn openSpy(int id, MidiInCallback callback, OpenOptions options) throws MidiException {
        Handles.checkArgs(callback, options);
        Table t = devices.current();
        if (id == MIDI_MAPPER) {
            throw mapperSpy();
        }
        if (id < 0 || id >= t.outs().length) {
            throw badId(id, t.outs().length, "output");
        }
        return handles.openSpy(t.outs()[id], callback, options);
    }

    @Override
    public MidiIn openSpy(String endpointId, MidiInCallback callback, OpenOptions options) throws MidiException {
        Handles.checkArgs(callback, options);
        if (endpointId == null) {
            throw new MidiException(MmResult.MMSYSERR_INVALPARAM, "endpoint id is null");
        }
        if (MAPPER_ENDPOINT.equals(endpointId)) {
            throw mapperSpy();
        }
        Device d = devices.current().outByEndpoint().get(endpointId);
        if (d == null) {
            throw new MidiException(MmResult.MIDIERR_NODEVICE, "no output with endpoint id '" + endpointId + "'");
        }
        return handles.openSpy(d, callback, options);
    }

    private MidiException mapperSpy() {
        String now = mapperEndpoint();
        return new MidiException(MmResult.MMSYSERR_BADDEVICEID, "the MIDI mapper is not a device to spy on"
                + (now == null ? " (and there is no output)" : ": spy on " + now + ", the output it stands for now"));
    }

    @Override
    public java.util.Optional<String> feeds(String outputEndpointId) {
        if (outputEndpointId == null) {
            return java.util.Optional.empty();
        }
        Table t = devices.current();
        String endpoint = MAPPER_ENDPOINT.equals(outputEndpointId) ? mapperEndpoint() : outputEndpointId;
        Device d = endpoint == null ? null : t.outByEndpoint().get(endpoint);
        Device in = d == null ? null : thru.feedsInput(d);
        return in == null ? java.util.Optional.empty() : java.util.Optional.of(in.endpointId);
    }

    /**
     * The MIDI mapper's candidates, best first: the configured default output while it is
     * present, then the software synthesizers, then every other output in device-id order.
     */
    private List<Device> mapperCandidates(Table t) throws MidiException {
        if (t.outs().length == 0) {
            throw new MidiException(MmResult.MIDIERR_NODEVICE, "the MIDI mapper has no output to map to");
        }
        java.util.LinkedHashSet<Device> order = new java.util.LinkedHashSet<>();
        String preferred = mapperDefault;
        if (!preferred.isEmpty()) {
            Device d = t.outByEndpoint().get(preferred);
            if (d != null) {
                order.add(d);
            }
        }
        for (int i = 0; i < t.outs().length; i++) {
            if (t.outCaps().get(i).technology() == Technology.SWSYNTH) {
                order.add(t.outs()[i]);
            }
        }
        order.addAll(List.of(t.outs()));
        return List.copyOf(order);
    }

    /**
     * Opens the MIDI mapper: the first candidate that opens. A candidate that is taken or fails
     * is passed over, so the mapper never stands for an output it cannot open while another works.
     *
     * @throws MidiException the first candidate's error if none opens
     */
    private MidiOut openMapper(Table t, MidiOutCallback callback, OpenOptions options) throws MidiException {
        MidiException first = null;
        for (Device d : mapperCandidates(t)) {
            try {
                return handles.openOut(d, callback, options);
            } catch (MidiException e) {
                if (first == null) {
                    first = e;
                }
                LOG.debug("MIDI mapper: {} did not open ({}); trying the next output", d.endpointId, e.getMessage());
            }
        }
        throw first;
    }

    /** @return the output the MIDI mapper stands for now (its first candidate), or {@code null} if none */
    String mapperEndpoint() {
        return mapperOutput().map(MidiOutCaps::endpointId).orElse(null);
    }

    @Override
    public java.util.Optional<MidiOutCaps> mapperOutput() {
        try {
            return java.util.Optional.of((MidiOutCaps) mapperCandidates(devices.current()).get(0).caps);
        } catch (MidiException e) {
            return java.util.Optional.empty();
        }
    }

    private static MidiException badId(int id, int count, String direction) {
        String range = count == 0 ? "no " + direction + "s" : count == 1 ? "1 " + direction
                : count + " " + direction + "s, 0.." + (count - 1);
        return new MidiException(MmResult.MMSYSERR_BADDEVICEID, "device id " + id + " is out of range (" + range + ")");
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
