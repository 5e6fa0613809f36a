package org.midihost.host;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.midihost.api.MidiException;
import org.midihost.api.MmResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host's thru connections ({@code midiConnect}) as a graph, and which input an output feeds
 * ({@code MidiDriver.feeds}): refuses a connection that would send an input's messages back into
 * it. Such a loop would never end, and with a driver that delivers on the sender's thread (the
 * loopback) it would take the device gates in a cycle.
 *
 * <p>The connections themselves live on the input handles' attachments; this class only makes
 * the loop check and the change one step against other connects (see {@link #lock}).
 */
final class Thru {
    private static final Logger LOG = LoggerFactory.getLogger(Thru.class);

    private final Supplier<Table> table;
    /**
     * Guards {@link #version}: a connect reads it, checks for a loop with no lock held (the check
     * calls drivers' {@code feeds}), and adds its connection under this lock only if no other
     * connection was added meanwhile, else checks again. Held only for that compare and add, never
     * while calling a driver or a client.
     */
    private final Object lock = new Object();
    private long version;

    Thru(Supplier<Table> table) {
        this.table = table;
    }

    /**
     * The input {@code out} feeds, as its driver says, if that input is present now. Calls the
     * driver with no lock held; a driver that throws feeds nothing (logged).
     *
     * @return the input device, or {@code null}
     */
    Device feedsInput(Device out) {
        String local;
        try {
            local = out.driver.driver.feeds(out.localId);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            LOG.warn("{}: driver '{}' threw in feeds: {}", out.endpointId, out.driver.id, t.toString());
            return null;
        }
        if (local == null) {
            return null;
        }
        return table.get().inByEndpoint().get(out.driver.id + "/" + local);
    }

    /**
     * Connects input attachment {@code in} to output attachment {@code out}, unless that loops.
     *
     * @throws MidiException {@code MMSYSERR_INVALPARAM} naming the loop; {@code MIDIERR_NOTREADY}
     *         if already connected; the handles' gone errors if either left meanwhile
     */
    void connect(InHandle.Attachment in, OutHandle.Attachment out) throws MidiException {
        while (true) {
            long seen;
            synchronized (lock) {
                seen = version;
            }
            String loop = findLoop(in.device, out.device);
            if (loop != null) {
                throw new MidiException(MmResult.MMSYSERR_INVALPARAM,
                        "connecting in " + in.device.endpointId + " to out " + out.device.endpointId + " would loop: "
                                + loop);
            }
            synchronized (lock) {
                if (seen == version) {
                    in.handle.addThru(in, out);
                    version++;
                    return;
                }
            }
        }
    }

    /**
     * Follows what is sent to {@code start}: the input it feeds, that input's open handles, their
     * thru connections, and on.
     *
     * @return the loop as "out A → in B → out C → in B", or {@code null} if messages sent to
     *         {@code start} never reach {@code input}
     */
    private String findLoop(Device input, Device start) {
        Map<Device, Device> cameFrom = new HashMap<>(); // output → the output whose input led to it
        ArrayDeque<Device> todo = new ArrayDeque<>();
        cameFrom.put(start, null);
        todo.add(start);
        while (!todo.isEmpty()) {
            Device o = todo.poll();
            Device fed = feedsInput(o);
            if (fed == null) {
                continue;
            }
            if (fed == input) {
                StringBuilder path = new StringBuilder("out " + o.endpointId + " → in " + fed.endpointId);
                for (Device p = cameFrom.get(o); p != null; p = cameFrom.get(p)) {
                    path.insert(0, "out " + p.endpointId + " → in " + feedsName(p) + " → ");
                }
                return "in " + input.endpointId + " → " + path;
            }
            for (Device.Attached h : fed.handles) {
                if (h instanceof InHandle ih) {
                    InHandle.Attachment a = ih.attachment;
                    if (a != null) {
                        for (OutHandle.Attachment x : a.thru) {
                            if (x.live && !cameFrom.containsKey(x.device)) {
                                cameFrom.put(x.device, o);
                                todo.add(x.device);
                            }
                        }
                    }
                }
            }
        }
        return null;
    }

    private String feedsName(Device out) {
        Device in = feedsInput(out);
        return in == null ? "?" : in.endpointId;
    }
}
