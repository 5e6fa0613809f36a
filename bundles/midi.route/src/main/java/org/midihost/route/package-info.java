/**
 * The router: standing routes from an input endpoint to output endpoints, with filters and
 * transforms ({@link org.midihost.route.Transform}), configured by factory PID
 * {@code org.midihost.route} and listed by the {@code Routes} service.
 */
@Export
@Version("1.1.0")
package org.midihost.route;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
