/**
 * What the integration tests see of the probe driver: a test-only {@code MidiDriver} with id
 * {@value org.midihost.itests.probe.ProbeRecorder#DRIVER_ID} that records every message the host
 * delivers to its output devices, and offers the recordings as a {@link
 * org.midihost.itests.probe.ProbeRecorder} service.
 */
@Export
@Version("1.1.0")
package org.midihost.itests.probe;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
