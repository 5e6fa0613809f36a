package org.midihost.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventHubTest {
    @Test
    void aPageGetsTheRetainedStatesOnConnectAndOnlyChanges() throws Exception {
        EventHub hub = new EventHub();
        hub.retain("devices", Map.of("n", 1));
        hub.retain("drivers", List.of());
        EventHub.Mailbox box = hub.subscribe();
        assertThat(box.take(1, TimeUnit.SECONDS)).containsExactly("event: devices\ndata: {\"n\":1}\n\n", "event: drivers\ndata: []\n\n");
        hub.retain("devices", Map.of("n", 1));
        assertThat(box.take(50, TimeUnit.MILLISECONDS)).as("the same state again is not sent").isEmpty();
        hub.retain("devices", Map.of("n", 2));
        assertThat(box.take(1, TimeUnit.SECONDS)).containsExactly("event: devices\ndata: {\"n\":2}\n\n");
        hub.unsubscribe(box);
        assertThat(hub.hasSubscribers()).isFalse();
    }

    @Test
    void aSlowPageGetsOnlyTheLatestOfEachKey() throws Exception {
        EventHub hub = new EventHub();
        EventHub.Mailbox box = hub.subscribe();
        for (int i = 0; i < 1000; i++) {
            hub.send("playback:p1", "playback", Map.of("positionMs", i));
            hub.send("playback:p2", "playback", Map.of("positionMs", -i));
        }
        assertThat(box.take(1, TimeUnit.SECONDS)).containsExactly("event: playback\ndata: {\"positionMs\":999}\n\n",
                "event: playback\ndata: {\"positionMs\":-999}\n\n");
    }

    @Test
    void aWaitingPageWakesWhenAnEventComes() throws Exception {
        EventHub hub = new EventHub();
        EventHub.Mailbox box = hub.subscribe();
        CountDownLatch waiting = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            waiting.countDown();
            hub.retain("routes", List.of("r"));
        });
        t.start();
        waiting.await();
        assertThat(box.take(10, TimeUnit.SECONDS)).containsExactly("event: routes\ndata: [\"r\"]\n\n");
        t.join();
    }
}
