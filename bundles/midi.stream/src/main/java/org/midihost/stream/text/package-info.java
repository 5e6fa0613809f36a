/**
 * MIDI messages in words, for people: what {@code midi:monitor} prints and the web page shows.
 */
@Export
@Version("1.0.0")
package org.midihost.stream.text;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
