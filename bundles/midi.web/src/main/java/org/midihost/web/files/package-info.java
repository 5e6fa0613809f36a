/**
 * The web page's files API (private to the bundle): Standard MIDI Files uploaded, played and
 * recorded, as {@code midi:play} and {@code midi:record} do it (the stream bundle's
 * {@code SmfPlayback} and {@code SmfRecorder}).
 *
 * <ul>
 * <li>{@code POST /api/files}: the raw {@code .mid} bytes ({@code Content-Type: audio/midi} or
 * {@code application/octet-stream}, else 415; the name in {@code X-Filename}, percent-encoded if
 * not ASCII) → 201 {@code {"id":"f1","name":…,"format":1,"tracks":N,"durationMs":N,"bytes":N}}
 * (and {@code "warnings":[…]} if the reader noted any). Larger than 1 MiB → 413, found from
 * {@code Content-Length} or while reading, never holding more than 1 MiB + 1 byte; not a valid
 * file → 400 with the strict reader's message ({@code NAME is not a valid Standard MIDI File:
 * offset N: …}). Kept in memory only: the last 16 files ({@link org.midihost.web.files.FileStore});
 * the oldest goes first. {@code GET /api/files}: the list.</li>
 * <li>{@code POST /api/play} {@code {"file":"f1","output":"synth/0"}} (an endpoint id or a device
 * id, -1 for the mapper) → 201 with the playback ({@code {"id":"p1",…}}); unknown file or output
 * → 404, output in use → 409. {@code POST /api/play/p1/stop} → 204 (409 once it has ended).
 * Progress as event {@code playback} of {@code /api/events}:
 * {@code {"id","file","output","positionMs","durationMs","state":"playing"|"done"|"stopped"|"error","error"}}
 * every 200 ms while playing and once at the end. {@code GET /api/play}, {@code GET /api/play/p1}:
 * the same, for the last 16 ended playbacks and those playing.</li>
 * <li>{@code POST /api/record} {@code {"input":"loopback/0"}} → 201 {@code {"id":"r1",…}};
 * {@code POST /api/record/r1/stop} → 200
 * {@code {"id","input","state","events","durationMs","elapsedMs","stoppedBecause","errors","lost"}};
 * {@code GET /api/record/r1.mid} → the type-1 file, {@code audio/midi}, as an attachment (409
 * while it records). A recording stops by itself after 10 minutes, after 1 MiB of events, or when
 * its input goes away, and {@code stoppedBecause} says which; the last 16 are kept.</li>
 * </ul>
 */
package org.midihost.web.files;
