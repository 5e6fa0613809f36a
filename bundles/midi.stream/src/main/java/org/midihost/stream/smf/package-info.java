/**
 * Standard MIDI Files: a strict reader (types 0, 1 and 2) with clear errors, and a type-1 writer.
 */
@Export
@Version("1.0.0")
package org.midihost.stream.smf;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
