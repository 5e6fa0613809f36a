package org.midihost.web.files;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.midihost.stream.smf.Smf;
import org.midihost.stream.smf.SmfException;
import org.midihost.stream.smf.SmfReader;
import org.midihost.stream.smf.TempoMap;
import org.midihost.web.ApiException;
import org.osgi.service.component.annotations.Component;

/**
 * The Standard MIDI Files uploaded to the page ({@code POST /api/files}), kept in memory only:
 * at most {@value #MAX_FILES} files of at most {@value #MAX_BYTES} bytes each; a new file beyond
 * that drops the oldest. Each is read by the strict {@link SmfReader} when it comes, so that what
 * is kept can be played. Ids are {@code f1}, {@code f2}, …, never reused while the bundle runs.
 */
@Component(service = FileStore.class)
public final class FileStore {
    /** The largest upload taken: {@value} bytes (1 MiB). */
    public static final int MAX_BYTES = 1 << 20;
    /** How many files are kept: {@value}; the oldest goes first. */
    public static final int MAX_FILES = 16;
    /** The longest file name kept; a longer one is cut. */
    static final int MAX_NAME = 200;

    /** An uploaded file. */
    record Stored(String id, String name, byte[] bytes, Smf smf, long durationMs) {
        /** @return what the API shows of it */
        FileInfo info() {
            return new FileInfo(id, name, smf.format(), smf.tracks().size(), durationMs, bytes.length,
                    smf.warnings().isEmpty() ? null : smf.warnings());
        }
    }

    /**
     * A file as {@code POST /api/files} and {@code GET /api/files} show it.
     *
     * @param id {@code f1}, …
     * @param name the name it was uploaded with
     * @param format the SMF format, 0, 1 or 2
     * @param tracks the number of tracks
     * @param durationMs its length by its tempo map
     * @param bytes its size
     * @param warnings what the reader tolerated and noted, or {@code null} (left out) if nothing
     */
    public record FileInfo(String id, String name, int format, int tracks, long durationMs, int bytes, List<String> warnings) {
    }

    /** Guards {@link #files} and {@link #next}: request threads add and read. */
    private final Object lock = new Object();
    private final Map<String, Stored> files = new LinkedHashMap<>();
    private int next = 1;

    /**
     * Reads an upload, at most {@link #MAX_BYTES}, and keeps it.
     *
     * @param name the file's name as the client gave it ({@code X-Filename}), or {@code null}
     * @param declaredLength the request's {@code Content-Length}, or -1 if not given
     * @param body the request body
     * @return the file
     * @throws ApiException 413 if the body is larger than {@link #MAX_BYTES} (found while reading:
     *         no more than that is ever held); 400 with the reader's message if it is not a valid
     *         Standard MIDI File
     * @throws IOException if the client went away
     */
    public FileInfo add(String name, long declaredLength, InputStream body) throws ApiException, IOException {
        if (declaredLength > MAX_BYTES) {
            throw tooLarge(declaredLength + " bytes");
        }
        byte[] data = body.readNBytes(MAX_BYTES + 1);
        if (data.length > MAX_BYTES) {
            throw tooLarge("over " + MAX_BYTES + " bytes");
        }
        if (data.length == 0) {
            throw new ApiException(400, "the upload is empty: send the .mid file's bytes as the request body");
        }
        String clean = cleanName(name);
        Smf smf;
        try {
            smf = new SmfReader().read(data);
        } catch (SmfException e) {
            throw new ApiException(400, clean + " is not a valid Standard MIDI File: " + e.getMessage());
        }
        long durationMs = Math.round(TempoMap.of(smf).durationMicros() / 1000);
        Stored s;
        synchronized (lock) {
            s = new Stored("f" + next++, clean, data, smf, durationMs);
            files.put(s.id(), s);
            Iterator<String> oldest = files.keySet().iterator();
            while (files.size() > MAX_FILES) {
                oldest.next();
                oldest.remove();
            }
        }
        return s.info();
    }

    /**
     * @param id a file's id
     * @return the file, if it is kept
     */
    Optional<Stored> get(String id) {
        synchronized (lock) {
            return Optional.ofNullable(files.get(id));
        }
    }

    /** @return the files kept, oldest first */
    public List<FileInfo> list() {
        List<Stored> all;
        synchronized (lock) {
            all = new ArrayList<>(files.values());
        }
        return all.stream().map(Stored::info).toList();
    }

    private static ApiException tooLarge(String size) {
        return new ApiException(413, "the file is " + size + "; at most " + MAX_BYTES + " bytes (1 MiB) are taken");
    }

    /** @return the last path segment of the name, without control characters, at most {@link #MAX_NAME} chars */
    static String cleanName(String name) {
        if (name == null) {
            return "upload.mid";
        }
        String n = name.replaceAll("\\p{Cntrl}", "");
        n = n.substring(Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\')) + 1).strip();
        if (n.isEmpty()) {
            return "upload.mid";
        }
        return n.length() > MAX_NAME ? n.substring(0, MAX_NAME) : n;
    }
}
