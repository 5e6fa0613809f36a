/**
 * Standard MIDI Files: a strict reader (types 0, 1 and 2) with clear errors, a type-1 writer, and
 * playing a file through a host stream and recording an input into one ({@code SmfPlayback}, {@code SmfRecorder}).
 */
@Export
@Version("1.1.0")
package org.midihost.stream.smf;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
