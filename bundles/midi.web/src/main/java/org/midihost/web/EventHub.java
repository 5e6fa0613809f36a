package org.midihost.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.osgi.service.component.annotations.Component;

/**
 * The events of {@code GET /api/events}, for every open page. State events ({@code devices},
 * {@code drivers}, {@code routes}) are <em>retained</em>: the last one of each name goes to a page
 * when it connects, and one equal to the last is not sent again. Progress events ({@code playback})
 * are <em>sent</em> to the pages connected now, keyed so that a page that reads slowly gets only the
 * latest of each key (a {@link Mailbox} holds one frame per key): memory per page is bounded by
 * the number of keys, and nobody who publishes ever waits for a browser.
 *
 * <p>Other components of this bundle (routes, playback) publish through this service:
 * {@link #retain} on every change of a state, {@link #send} for progress.
 */
@Component(service = EventHub.class)
public final class EventHub {
    /** Retained frames by event name, in first-published order. Guarded by itself. */
    private final Map<String, String> retained = new LinkedHashMap<>();
    /** The connected pages. Copy-on-write: delivering iterates without a lock. */
    private final List<Mailbox> mailboxes = new CopyOnWriteArrayList<>();

    /**
     * Publishes a state: sent to every page now and to each page that connects later, unless it
     * equals the last one of that name.
     *
     * @param event the event name, e.g. {@code routes}
     * @param data the event's data, serialized with {@link Json#GSON}
     */
    public void retain(String event, Object data) {
        String frame = SseWriter.frame(event, Json.GSON.toJson(data));
        synchronized (retained) {
            if (frame.equals(retained.get(event))) {
                return;
            }
            retained.put(event, frame);
            // delivered under the lock, so that a page connecting now gets either this frame from
            // the snapshot or from here, and never an older one after it; put() never blocks
            for (Mailbox m : mailboxes) {
                m.put(event, frame);
            }
        }
    }

    /**
     * Sends an event to the pages connected now; a page that has not read the previous event of
     * the same key gets only this one.
     *
     * @param key what the event is about, e.g. {@code playback:p1}
     * @param event the event name, e.g. {@code playback}
     * @param data the event's data, serialized with {@link Json#GSON}
     */
    public void send(String key, String event, Object data) {
        String frame = SseWriter.frame(event, Json.GSON.toJson(data));
        for (Mailbox m : mailboxes) {
            m.put("send:" + key, frame);
        }
    }

    /** @return whether a page is connected */
    boolean hasSubscribers() {
        return !mailboxes.isEmpty();
    }

    /** @return a mailbox holding every retained event; {@link #unsubscribe} it when the page goes */
    Mailbox subscribe() {
        Mailbox m = new Mailbox();
        synchronized (retained) {
            for (Map.Entry<String, String> e : retained.entrySet()) {
                m.put(e.getKey(), e.getValue());
            }
            mailboxes.add(m);
        }
        return m;
    }

    void unsubscribe(Mailbox m) {
        mailboxes.remove(m);
    }

    /** One page's pending frames, at most one per key, in the order the keys were first published. */
    static final class Mailbox {
        // guards: pending
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition notEmpty = lock.newCondition();
        private final LinkedHashMap<String, String> pending = new LinkedHashMap<>();

        void put(String key, String frame) {
            lock.lock();
            try {
                pending.put(key, frame);
                notEmpty.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /**
         * @param timeout how long to wait for a frame
         * @param unit its unit
         * @return the frames pending, oldest key first; empty if none came in time
         */
        List<String> take(long timeout, TimeUnit unit) throws InterruptedException {
            long left = unit.toNanos(timeout);
            lock.lock();
            try {
                while (pending.isEmpty()) {
                    if (left <= 0) {
                        return List.of();
                    }
                    left = notEmpty.awaitNanos(left);
                }
                List<String> frames = new ArrayList<>(pending.values());
                pending.clear();
                return frames;
            } finally {
                lock.unlock();
            }
        }
    }
}
