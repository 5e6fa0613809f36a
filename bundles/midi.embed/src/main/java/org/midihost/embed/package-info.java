/**
 * midihost inside a plain Java program: {@link org.midihost.embed.EmbeddedMidiHost} starts an
 * embedded Apache Felix with the host and its stock drivers in the program's own JVM and hands out
 * the {@link org.midihost.api.MidiHost}, typed with the program's own copy of the client API.
 *
 * <pre>{@code
 * try (EmbeddedMidiHost embedded = EmbeddedMidiHost.start()) {
 *     MidiHost host = embedded.host();
 *     ...
 * }
 * }</pre>
 */
@Export
@Version("1.0.0")
package org.midihost.embed;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
