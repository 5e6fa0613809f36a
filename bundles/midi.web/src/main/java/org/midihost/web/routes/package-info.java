/**
 * The web page's routes API (private to the bundle): the standing routes of the route bundle,
 * made and removed exactly as {@code midi:connect} and {@code midi:disconnect} do (its
 * {@code RouteConfigurations}: saved as {@code org.midihost.route-NAME.cfg} in the deploy
 * folder where File Install watches one, else in Configuration Admin).
 *
 * <ul>
 * <li>{@code GET /api/routes} →
 * {@code [{"name","from","to":[…],"transform":{"channels":"1-9","transpose":-12},"transformText":"channels 1-9, transpose -12","state":"active"|"waiting","waitingFor":[…],"passed","filtered","dropped","throttled"}]};
 * {@code GET /api/routes/NAME}: one (404 if none).</li>
 * <li>{@code POST /api/routes} {@code {"name":…,"from":…,"to":[…] or "a,b", and midi:connect's
 * options by the same names: types, channels, channel-map, notes, transpose, velocity-scale,
 * velocity-offset, velocity-fixed, cc-map, cc-scale, rate}} → 201 with the route; a name left
 * out (or blank) is made of the ends. A cycle, an unknown option or field, a bad value, a bad or
 * taken name → 400 with midi:connect's message.</li>
 * <li>{@code DELETE /api/routes/NAME} → 204; 404 if there is no such route.</li>
 * <li>Event {@code routes} of {@code /api/events}: the {@code GET /api/routes} array, on connect
 * and whenever it changes (checked every second: states and counters change without notice).</li>
 * </ul>
 */
package org.midihost.web.routes;
