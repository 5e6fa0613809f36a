package org.midihost.web.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.midihost.api.MidiIn;
import org.midihost.web.ApiException;
import org.midihost.web.Json;

/** Playing uploaded files on a real host's loopback cable, with the progress the page gets. */
@Timeout(60)
class PlaybacksTest {
    final LoopbackHost lb = new LoopbackHost();
    final FileStore files = new FileStore();
    /** What the playbacks send to /api/events, as JSON. */
    final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
    final Playbacks playbacks = new Playbacks(lb.host, files, s -> events.add(Json.GSON.toJson(s)));

    @AfterEach
    void tearDown() {
        playbacks.close();
        lb.close();
    }

    private String upload(int stepMillis, int... notes) throws Exception {
        byte[] mid = LoopbackHost.jdkFile(stepMillis, notes);
        return files.add("t.mid", mid.length, new ByteArrayInputStream(mid)).id();
    }

    /** @return the playback events until one whose state is not playing */
    private List<JsonObject> untilEnd() throws InterruptedException {
        List<JsonObject> seen = new ArrayList<>();
        while (true) {
            String e = events.poll(10, TimeUnit.SECONDS);
            assertThat(e).as("a playback event within 10 s; so far %s", seen).isNotNull();
            JsonObject o = JsonParser.parseString(e).getAsJsonObject();
            seen.add(o);
            if (!o.get("state").getAsString().equals("playing")) {
                return seen;
            }
        }
    }

    @Test
    void aFilePlaysOnTheOutputAndTheProgressEndsDone() throws Exception {
        String f = upload(150, 60, 62, 64, 65, 67);
        LoopbackHost.Watcher w = new LoopbackHost.Watcher();
        MidiIn in = lb.watch(w);
        Playbacks.Status s = playbacks.start(f, "loopback/0");
        assertThat(s.id()).isEqualTo("p1");
        assertThat(s.state()).isEqualTo("playing");
        assertThat(s.output()).isEqualTo("loopback/0");
        assertThat(playbacks.list()).extracting(Playbacks.Status::state).containsExactly("playing");
        List<Integer> notesOn = new ArrayList<>();
        while (notesOn.size() < 5) {
            Integer m = w.next(5000);
            assertThat(m).as("a message at the input; notes so far %s", notesOn).isNotNull();
            if ((m & 0xF0) == 0x90 && (m >> 16) > 0) {
                notesOn.add((m >> 8) & 0x7F);
            }
        }
        assertThat(notesOn).containsExactly(60, 62, 64, 65, 67);
        List<JsonObject> seen = untilEnd();
        JsonObject last = seen.get(seen.size() - 1);
        assertThat(last.get("state").getAsString()).isEqualTo("done");
        assertThat(last.get("positionMs").getAsLong()).isEqualTo(last.get("durationMs").getAsLong());
        assertThat(last.keySet()).containsExactlyInAnyOrder("id", "file", "output", "positionMs", "durationMs", "state");
        assertThat(seen).as("progress while playing").anyMatch(o -> o.get("state").getAsString().equals("playing"));
        assertThat(playbacks.list()).extracting(Playbacks.Status::state).containsExactly("done");
        assertThatThrownBy(() -> playbacks.stop("p1")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(409));
        in.close();
    }

    @Test
    void stopEndsAPlaybackAsStoppedAndSilencesTheOutput() throws Exception {
        String f = upload(500, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69);
        Playbacks.Status s = playbacks.start(f, "loopback/0");
        assertThat(events.poll(5, TimeUnit.SECONDS)).as("progress").contains("\"state\":\"playing\"");
        Playbacks.Status end = playbacks.stop(s.id());
        assertThat(end.state()).isEqualTo("stopped");
        assertThat(end.positionMs()).isLessThan(end.durationMs());
        List<JsonObject> seen = untilEnd();
        assertThat(seen.get(seen.size() - 1).get("state").getAsString()).isEqualTo("stopped");
        assertThat(playbacks.status(s.id())).hasValueSatisfying(x -> assertThat(x.state()).isEqualTo("stopped"));
    }

    @Test
    void aPlaybackWhoseOutputGoesEndsInErrorSayingSo() throws Exception {
        String f = upload(500, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69);
        Playbacks.Status s = playbacks.start(f, "loopback/0");
        assertThat(events.poll(5, TimeUnit.SECONDS)).as("progress").contains("\"state\":\"playing\"");
        lb.host.removeDriver(lb.loopback);
        List<JsonObject> seen = untilEnd();
        JsonObject last = seen.get(seen.size() - 1);
        assertThat(last.get("state").getAsString()).isEqualTo("error");
        assertThat(last.get("error").getAsString()).isEqualTo("the output loopback/0 went away while playing");
        assertThatThrownBy(() -> playbacks.stop(s.id())).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(409));
    }

    @Test
    void errorsNameWhatIsWrong() throws Exception {
        String f = upload(100, 60);
        assertThatThrownBy(() -> playbacks.start("f99", "loopback/0")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.getMessage()).startsWith("no file 'f99'");
        });
        assertThatThrownBy(() -> playbacks.start(f, "nosuch/0")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.getMessage()).startsWith("cannot open output 'nosuch/0': ").endsWith("MIDIERR_NODEVICE");
        });
        assertThatThrownBy(() -> playbacks.start(f, "7")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.getMessage()).endsWith("MMSYSERR_BADDEVICEID");
        });
        assertThatThrownBy(() -> playbacks.start(null, "loopback/0"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> playbacks.start(f, " "))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> playbacks.stop("p9")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(404));
    }
}
