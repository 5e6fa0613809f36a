package org.midihost.route.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RouteGraphTest {
    /** Loopback cables 0..2: output k feeds input k; synth/0 feeds nothing. */
    private static final Function<String, Optional<String>> FEEDS = out -> out.startsWith("loopback/")
            ? Optional.of(out) : Optional.empty();

    @Test
    void aRouteFromACableToItsOwnOutputIsACycle() {
        Optional<List<String>> c = RouteGraph.cycle(List.of(), "loopback/0", List.of("loopback/0"), FEEDS);
        assertThat(c).isPresent();
        assertThat(RouteGraph.describe(c.get())).isEqualTo("loopback/0 (in) \u2192 loopback/0 (out) \u2192 loopback/0 (in)");
    }

    @Test
    void aCycleThroughOtherRoutesIsFoundAndNamed() {
        List<RouteGraph.Edge> present = List.of(new RouteGraph.Edge("a", "loopback/1", List.of("synth/0", "loopback/2")),
                new RouteGraph.Edge("b", "loopback/2", List.of("loopback/0")));
        Optional<List<String>> c = RouteGraph.cycle(present, "loopback/0", List.of("loopback/1"), FEEDS);
        assertThat(c.map(RouteGraph::describe)).contains("loopback/0 (in) \u2192 loopback/1 (out) \u2192 loopback/1 (in) \u2192 "
                + "loopback/2 (out) \u2192 loopback/2 (in) \u2192 loopback/0 (out) \u2192 loopback/0 (in)");
    }

    @Test
    void routesThatEndAtOutputsFeedingNothingAreNoCycle() {
        List<RouteGraph.Edge> present = List.of(new RouteGraph.Edge("a", "loopback/1", List.of("synth/0")));
        assertThat(RouteGraph.cycle(present, "loopback/0", List.of("loopback/1", "synth/0"), FEEDS)).isEmpty();
        Map<String, String> none = Map.of();
        assertThat(RouteGraph.cycle(present, "loopback/0", List.of("synth/0"), out -> Optional.ofNullable(none.get(out))))
                .isEmpty();
    }
}
