package org.midihost.web.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.midihost.web.ApiException;
import org.midihost.web.Json;

class FileStoreTest {
    final FileStore store = new FileStore();

    @Test
    void aFileWrittenByTheJdkIsReadAndShownWithItsShape() throws Exception {
        byte[] mid = LoopbackHost.jdkFile(250, 60, 64, 67, 72);
        FileStore.FileInfo info = store.add("dir/../tune.mid", mid.length, new ByteArrayInputStream(mid));
        JsonObject json = JsonParser.parseString(Json.GSON.toJson(info)).getAsJsonObject();
        assertThat(json.get("id").getAsString()).isEqualTo("f1");
        assertThat(json.get("name").getAsString()).isEqualTo("tune.mid");
        assertThat(json.get("format").getAsInt()).isEqualTo(1);
        assertThat(json.get("tracks").getAsInt()).isEqualTo(1);
        // four notes a quarter of a second apart, the last one's note-off at 0.875 s
        assertThat(json.get("durationMs").getAsLong()).isBetween(870L, 880L);
        assertThat(json.get("bytes").getAsInt()).isEqualTo(mid.length);
        assertThat(json.has("warnings")).as("no warnings: left out").isFalse();
        assertThat(store.list()).extracting(FileStore.FileInfo::id).containsExactly("f1");
    }

    @Test
    void aDeclaredLengthOverOneMebibyteIsRefusedBeforeReading() {
        InputStream never = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("the body was read");
            }
        };
        assertThatThrownBy(() -> store.add("big.mid", 2 << 20, never)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(413);
            assertThat(e.getMessage()).contains("2097152 bytes").contains("at most 1048576 bytes (1 MiB)");
        });
    }

    @Test
    void anUndeclaredBodyOverOneMebibyteIsRefusedHavingReadOneByteMoreAtMost() {
        long[] read = {0};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                read[0]++;
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                read[0] += len;
                return len;
            }
        };
        assertThatThrownBy(() -> store.add("big.mid", -1, endless))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(413));
        assertThat(read[0]).isLessThanOrEqualTo(FileStore.MAX_BYTES + 1L);
        assertThat(store.list()).isEmpty();
    }

    @Test
    void garbageIsRefusedWithTheStrictReadersMessage() {
        byte[] garbage = "this is not a MIDI file".getBytes();
        assertThatThrownBy(() -> store.add("x.mid", garbage.length, new ByteArrayInputStream(garbage)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).startsWith("x.mid is not a valid Standard MIDI File: offset 0: ");
                });
        assertThatThrownBy(() -> store.add("e.mid", 0, new ByteArrayInputStream(new byte[0])))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).contains("empty"));
        assertThat(store.list()).isEmpty();
    }

    @Test
    void theOldestFileGoesWhenMoreThanSixteenAreKept() throws Exception {
        byte[] mid = LoopbackHost.jdkFile(100, 60);
        for (int i = 0; i < FileStore.MAX_FILES + 1; i++) {
            store.add("t" + i + ".mid", mid.length, new ByteArrayInputStream(mid));
        }
        assertThat(store.list()).hasSize(FileStore.MAX_FILES);
        assertThat(store.list().get(0).id()).isEqualTo("f2");
        assertThat(store.get("f1")).isEmpty();
        assertThat(store.get("f17")).isPresent();
    }

    @Test
    void namesLoseTheirFoldersAndControlCharacters() {
        assertThat(FileStore.cleanName(null)).isEqualTo("upload.mid");
        assertThat(FileStore.cleanName("C:\\music\\a.mid")).isEqualTo("a.mid");
        assertThat(FileStore.cleanName("a\nb.mid")).isEqualTo("ab.mid");
        assertThat(FileStore.cleanName("/")).isEqualTo("upload.mid");
        assertThat(FileStore.cleanName("x".repeat(500))).hasSize(FileStore.MAX_NAME);
    }
}
