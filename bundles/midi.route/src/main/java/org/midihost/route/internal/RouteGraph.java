package org.midihost.route.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Cycles in the graph of routes: a route goes from an input endpoint to output endpoints, and an
 * output may feed an input (a loopback cable: what is sent to output k comes in at input k). A new
 * route closes a cycle when, from one of its outputs, the feeds and the routes present lead back
 * to its input. Pure: it calls nothing but {@code feeds}.
 */
final class RouteGraph {
    /** A route as the graph sees it. */
    record Edge(String name, String from, List<String> to) {
    }

    private RouteGraph() {
    }

    /**
     * @param routes the routes present
     * @param from the new route's input endpoint id
     * @param to the new route's output endpoint ids
     * @param feeds the input endpoint id an output endpoint feeds, if any
     * @return the cycle the new route would close, as the endpoints along it (first and last the
     *         new route's input), or empty
     */
    static Optional<List<String>> cycle(Collection<Edge> routes, String from, List<String> to,
            Function<String, Optional<String>> feeds) {
        for (String out : to) {
            List<String> path = new ArrayList<>();
            path.add(from + " (in)");
            if (reaches(routes, out, from, feeds, path, new HashSet<>())) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }

    /** Depth first from an output: whether it leads to {@code target} (an input); the path grows along. */
    private static boolean reaches(Collection<Edge> routes, String out, String target,
            Function<String, Optional<String>> feeds, List<String> path, Set<String> seen) {
        if (!seen.add(out)) {
            return false;
        }
        path.add(out + " (out)");
        Optional<String> in = feeds.apply(out);
        if (in.isPresent()) {
            path.add(in.get() + " (in)");
            if (in.get().equals(target)) {
                return true;
            }
            for (Edge r : routes) {
                if (r.from().equals(in.get())) {
                    for (String next : r.to()) {
                        if (reaches(routes, next, target, feeds, path, seen)) {
                            return true;
                        }
                    }
                }
            }
            path.remove(path.size() - 1);
        }
        path.remove(path.size() - 1);
        return false;
    }

    /** @return the cycle as text: {@code loopback/0 (in) → loopback/1 (out) → loopback/1 (in) → …} */
    static String describe(List<String> cycle) {
        return String.join(" \u2192 ", cycle);
    }
}
