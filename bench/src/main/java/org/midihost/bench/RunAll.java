package org.midihost.bench;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.midihost.api.Delivery;
import org.midihost.api.OpenOptions;
import org.midihost.stream.StreamScheduler;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark, prints the table and writes {@code bench/results/latest.json}.
 *
 * <p>{@code java -jar bench/target/benchmarks.jar [--quick] [SECTION…]}, with sections
 * {@code jmh latency throughput devices hotswap startup burst scheduler routes rtp} (all by default). {@code --quick} makes
 * every run short, to check that the harness works, and writes {@code bench/target/quick.json}
 * instead. The exit status is 1 if the soak finds a lost, duplicated or reordered message (or any
 * section fails), 0 otherwise: a missed timing target is reported, not an error.
 */
public final class RunAll {
    private static final List<String> SECTIONS = List.of("jmh", "latency", "throughput", "devices", "hotswap",
            "startup", "burst", "scheduler", "routes", "rtp");

    private RunAll() {
    }

    /**
     * @param args {@code --quick} and the sections to run
     * @throws Exception when a harness cannot run at all
     */
    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Set<String> sections = new LinkedHashSet<>();
        for (String a : args) {
            if (a.equals("--quick")) {
                quick = true;
            } else if (SECTIONS.contains(a)) {
                sections.add(a);
            } else {
                System.err.println("unknown argument '" + a + "'; use --quick and any of " + SECTIONS);
                System.exit(2);
            }
        }
        if (sections.isEmpty()) {
            sections.addAll(SECTIONS);
        }
        // The host logs every driver bound and unbound at INFO: hundreds of lines in the hot-swap run.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");

        Path root = root();
        Results results = new Results();
        describeMachine(results);
        long started = System.nanoTime();
        boolean ok = true;
        for (String s : sections) {
            long t0 = System.nanoTime();
            System.out.println("== " + s + " ...");
            try {
                switch (s) {
                    case "jmh" -> jmh(results, quick);
                    case "latency" -> latency(results, quick);
                    case "throughput" -> throughput(results, quick);
                    case "devices" -> devices(results, quick);
                    case "hotswap" -> ok &= hotswap(results, root, quick);
                    case "startup" -> startup(results, root, quick);
                    case "burst" -> ok &= burst(results, root);
                    case "scheduler" -> scheduler(results, quick);
                    case "routes" -> routes(results, quick);
                    case "rtp" -> ok &= rtp(results, quick);
                    default -> throw new IllegalStateException(s);
                }
            } catch (Exception | AssertionError e) {
                ok = false;
                results.missing(s, "(failed)", e.toString());
                e.printStackTrace();
            }
            System.out.printf("   %s took %.1f s%n", s, (System.nanoTime() - t0) / 1e9);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        // The machine may be shared: the load says how much else ran beside the benchmark.
        results.machine("loadAverageAtEnd", loadAverage());

        String table = results.table();
        System.out.println();
        System.out.print(table);
        System.out.printf("%nmachine: %s%nwhole run: %.0f s%n", results.machineLine(), seconds);

        Map<String, Object> run = new LinkedHashMap<>();
        run.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        run.put("command", "java -jar bench/target/benchmarks.jar" + (quick ? " --quick" : "")
                + (sections.size() == SECTIONS.size() ? "" : " " + String.join(" ", sections)));
        run.put("commit", git(root, "rev-parse", "HEAD"));
        run.put("bundlesChangedSinceCommit", !git(root, "status", "--porcelain", "bundles", "itests/probe").isEmpty());
        run.put("durationSeconds", Math.round(seconds));
        run.put("quick", quick);
        run.put("allSections", sections.size() == SECTIONS.size());
        run.put("passed", ok);
        // Only a full run replaces the published results.
        Path out = quick || sections.size() != SECTIONS.size()
                ? root.resolve("bench/target/" + (quick ? "quick" : "partial") + ".json")
                : root.resolve("bench/results/latest.json");
        results.writeJson(out, run);
        System.out.println("written: " + out);
        System.exit(ok ? 0 : 1);
    }

    /** The project root: {@code -Dmidihost.root}, else two folders above this jar's (bench/target/…). */
    private static Path root() throws URISyntaxException {
        String p = System.getProperty("midihost.root");
        if (p != null) {
            return Path.of(p).toAbsolutePath();
        }
        Path here = Path.of(RunAll.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        // bench/target/benchmarks.jar or bench/target/classes
        Path root = here.getParent().getParent().getParent();
        if (!Files.isDirectory(root.resolve("bundles"))) {
            throw new IllegalStateException("cannot find the project root from " + here + "; set -Dmidihost.root");
        }
        return root;
    }

    /** @return what git prints for these arguments in the project root, trimmed; "unknown" if it cannot run */
    private static String git(Path root, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", root.toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static void describeMachine(Results results) {
        results.machine("cpu", cpuModel());
        results.machine("nproc", Integer.toString(Runtime.getRuntime().availableProcessors()));
        results.machine("memory", Math.round(memoryKb() / 1024.0 / 1024.0) + " GiB");
        results.machine("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        results.machine("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        results.machine("maxHeap", Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
        results.machine("loadAverageAtStart", loadAverage());
    }

    /** @return the 1, 5 and 15 minute load averages, from /proc/loadavg */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long memoryKb() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
            return lines.filter(l -> l.startsWith("MemTotal:")).map(l -> l.replaceAll("[^0-9]", ""))
                    .mapToLong(Long::parseLong).findFirst().orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }

    // ------------------------------------------------------------------ 1. short-message cost (JMH)

    private static void jmh(Results results, boolean quick) throws Exception {
        Options opt = new OptionsBuilder()
                .include(ShortMsgBenchmark.class.getName() + "\\.")
                .forks(1)
                .warmupIterations(quick ? 1 : 3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 1 : 5).measurementTime(TimeValue.seconds(1))
                .addProfiler(GCProfiler.class)
                .jvmArgsAppend("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
                .verbosity(VerboseMode.SILENT)
                .build();
        Collection<RunResult> runs = new Runner(opt).run();
        Map<String, double[]> byName = new LinkedHashMap<>();
        for (RunResult r : runs) {
            String name = r.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1);
            double alloc = Double.NaN;
            for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
                if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                    alloc = e.getValue().getScore();
                }
            }
            byName.put(name, new double[] {r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError(),
                alloc});
        }
        String section = "short message (JMH)";
        for (String name : List.of("directSink", "directSinkLocked", "hostSink", "directLoopback", "hostLoopback",
                "javaSoundReusedMessage", "javaSoundNewMessage")) {
            double[] v = byName.get(name);
            if (v == null) {
                results.missing(section, name, "did not run");
                continue;
            }
            if (name.equals("directSinkLocked")) {
                results.add(section, name + " time", v[0], "ns/op", String.format(Locale.ROOT,
                        "± %.2f; the direct call inside an uncontended ReentrantLock, as the host's device gate",
                        v[1]));
                continue;
            }
            results.add(section, name + " time", v[0], "ns/op", String.format(Locale.ROOT, "± %.2f (99.9%% CI)", v[1]));
            boolean host = name.startsWith("host");
            if (host) {
                results.check(section, name + " allocation", v[2], "B/op", "0 B/op", v[2] < 0.5, null);
            } else {
                results.add(section, name + " allocation", v[2], "B/op");
            }
        }
        ratio(results, section, byName, "hostSink", "directSink", "trivial sink driver: the host's whole cost");
        ratio(results, section, byName, "hostLoopback", "directLoopback", "loopback driver, no input started");
        if (byName.containsKey("hostLoopback") && byName.containsKey("javaSoundNewMessage")) {
            results.add(section, "javaSoundNewMessage / hostLoopback", byName.get("javaSoundNewMessage")[0]
                    / byName.get("hostLoopback")[0], "x");
        }
    }

    private static void ratio(Results results, String section, Map<String, double[]> byName, String host, String direct,
            String note) {
        double[] h = byName.get(host);
        double[] d = byName.get(direct);
        if (h == null || d == null) {
            return;
        }
        double r = h[0] / d[0];
        results.check(section, host + " / " + direct, r, "x", "<= 1.10", r <= 1.10,
                note + String.format(Locale.ROOT, "; host adds %.1f ns", h[0] - d[0]));
    }

    // ------------------------------------------------------------------ 2. latency

    private static void latency(Results results, boolean quick) throws Exception {
        int count = quick ? 20_000 : 1_000_000;
        int warmup = quick ? 5_000 : 100_000;
        for (Delivery d : List.of(Delivery.DIRECT, Delivery.THREAD)) {
            Histogram h = LatencyBench.run(d, warmup, count);
            String section = "latency loopback out->in, " + d;
            double target = d == Delivery.DIRECT ? 5 : 50;
            String note = h.getTotalCount() + " messages, one in flight";
            results.add(section, "p50", h.getValueAtPercentile(50) / 1e3, "µs", note);
            double p99 = h.getValueAtPercentile(99) / 1e3;
            results.check(section, "p99", p99, "µs", "< " + (int) target + " µs", p99 < target, null);
            results.add(section, "p99.9", h.getValueAtPercentile(99.9) / 1e3, "µs");
            results.add(section, "max", h.getMaxValue() / 1e3, "µs");
        }
    }

    // ------------------------------------------------------------------ 3. throughput

    private static void throughput(Results results, boolean quick) throws Exception {
        long millis = quick ? 300 : 2000;
        ThroughputBench.shortMessages(2, true, quick ? 200 : 1000); // warm-up, not reported
        for (int clients : new int[] {1, 2, 4, 8}) {
            double rate = ThroughputBench.shortMessages(clients, true, millis);
            results.add("throughput, one shared cable", clients + " client(s)", rate, "msg/s",
                    "each client its own handle on loopback/0; one DIRECT input counts");
        }
        for (int clients : new int[] {2, 4, 8}) {
            double rate = ThroughputBench.shortMessages(clients, false, millis);
            results.add("throughput, a cable per client", clients + " client(s)", rate, "msg/s",
                    "client k sends to loopback/k; sum over the inputs");
        }
        results.add("throughput, sysex", "64 KiB messages", ThroughputBench.sysex(64 * 1024, millis), "MB/s",
                "one client; into 64 KiB input buffers, DIRECT");
    }

    // ------------------------------------------------------------------ 4. open/close, 1,000 cables

    private static void devices(Results results, boolean quick) throws Exception {
        long millis = quick ? 300 : 2000;
        DeviceTableBench.openCloseRate(true, OpenOptions.direct(), quick ? 200 : 1000); // warm-up
        String section = "open/close";
        results.add(section, "output, DIRECT callbacks",
                DeviceTableBench.openCloseRate(true, OpenOptions.direct(), millis), "pairs/s");
        results.add(section, "output, THREAD callbacks", DeviceTableBench.openCloseRate(true, OpenOptions.defaults(),
                millis), "pairs/s", "OPEN and CLOSE go through the host's callback pool");
        results.add(section, "input, DIRECT callbacks", DeviceTableBench.openCloseRate(false, OpenOptions.direct(),
                millis), "pairs/s");
        int rounds = quick ? 3 : 21;
        DeviceTableBench.cables(1000, quick ? 1 : 5); // warm-up
        DeviceTableBench.CableCosts c = DeviceTableBench.cables(1000, rounds);
        String s2 = "1,000 loopback cables";
        String note = "median of " + rounds;
        results.add(s2, "bind driver (number " + (c.outputs() + c.inputs()) + " devices)", c.bindMicros(), "µs", note);
        results.add(s2, "enumerate: counts + caps of every device", c.enumerateMicros(), "µs", note);
        results.add(s2, "open+close output by index", c.openByIndexMicros(), "µs each", note);
        results.add(s2, "open+close input by endpoint id", c.openByEndpointMicros(), "µs each", note);
        results.add(s2, "unbind driver", c.unbindMicros(), "µs", note);
    }

    // ------------------------------------------------------------------ 5. hot swap and soak

    private static boolean hotswap(Results results, Path root, boolean quick) throws Exception {
        int swaps = quick ? 10 : 100;
        HotSwapBench.Outcome o = HotSwapBench.run(root, quick ? 3 : 10, swaps, 8);
        String section = "hot swap in Felix 7.0.5";
        String note = swaps + " Bundle.update() of the loopback bundle until loopback/0 out and in are ADDED again";
        swaps(results, section, "idle", o.idle(), note);
        swaps(results, section, "8 clients sending", o.underLoad(), null);
        HotSwapBench.Soak s = o.soak();
        String soak = "soak: 8 clients -> probe/rec during " + swaps + " swaps";
        results.add(soak, "messages sent", s.sent(), "msgs");
        results.add(soak, "messages recorded", s.received(), "msgs");
        results.check(soak, "lost", s.lost(), "msgs", "0", s.lost() == 0, null);
        results.check(soak, "duplicated", s.duplicated(), "msgs", "0", s.duplicated() == 0, null);
        results.check(soak, "reordered", s.reordered(), "msgs", "0", s.reordered() == 0, null);
        results.check(soak, "send errors", s.sendErrors(), "calls", "0", s.sendErrors() == 0, null);
        results.check(soak, "driver calls after close", s.callsAfterClose(), "calls", "0", s.callsAfterClose() == 0,
                null);
        HotSwapBench.Held h = o.held();
        String held = "held soak: 8 clients on loopback/0 through " + h.swaps() + " updates of it";
        results.add(held, "messages sent", h.soak().sent(), "msgs");
        results.add(held, "messages received at loopback/0 in", h.soak().received(), "msgs");
        results.check(held, "lost", h.soak().lost(), "msgs", "0", h.soak().lost() == 0, null);
        results.check(held, "duplicated", h.soak().duplicated(), "msgs", "0", h.soak().duplicated() == 0, null);
        results.check(held, "reordered", h.soak().reordered(), "msgs", "0", h.soak().reordered() == 0, null);
        results.check(held, "send errors", h.soak().sendErrors(), "calls", "0", h.soak().sendErrors() == 0,
                h.firstError() == null ? null : "first: " + h.firstError());
        results.check(held, "CLOSE seen during the swaps", h.closes(), "callbacks", "0", h.closes() == 0,
                "OpenOptions.holdAcrossSwap: the handles stay open");
        results.check(held, "OPEN seen again", h.opens(), "callbacks", "0", h.opens() == 0, null);
        results.add(held, "onSwap seen", h.swapEvents(), "callbacks");
        return s.clean() && h.clean();
    }

    private static void swaps(Results results, String section, String label, HotSwapBench.Swaps s, String note) {
        results.add(section, label + ": p50", percentile(s.back(), 50), "ms", note);
        results.add(section, label + ": p90", percentile(s.back(), 90), "ms");
        double max = s.back()[s.back().length - 1];
        results.check(section, label + ": max", max, "ms", "< 100 ms", max < 100, null);
        results.add(section, label + ": p50 until REMOVED", percentile(s.removed(), 50), "ms",
                "the host has taken the old devices out (unbind done)");
        results.add(section, label + ": p50 until update() returned", percentile(s.updateReturned(), 50), "ms",
                "Felix stopped, re-read, restarted the bundle");
    }

    static double percentile(double[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    // ------------------------------------------------------------------ 6. distribution start
    // (startup, below burst)

    // ------------------------------------------------------------------ 8. scheduler vs JDK Sequencer

    private static void scheduler(Results results, boolean quick) throws Exception {
        double seconds = quick ? 15 : 60;
        SchedulerBench.TestFile rich = SchedulerBench.tempoRich(seconds);
        SchedulerBench.TestFile plain = SchedulerBench.plain(seconds);
        // Warm-up, not reported: a short file through each player, so that neither plays its first
        // events in the interpreter.
        SchedulerBench.TestFile warm = SchedulerBench.tempoRich(quick ? 2 : 4);
        SchedulerBench.midihost(warm, StreamScheduler.DEFAULT_SPIN_MICROS);
        SchedulerBench.jdk(warm);
        int spin = StreamScheduler.DEFAULT_SPIN_MICROS;
        // One player after the other, never together; the JDK first on each file.
        SchedulerBench.Outcome jdkRich = SchedulerBench.jdk(rich);
        SchedulerBench.Outcome hostRich = SchedulerBench.midihost(rich, spin);
        SchedulerBench.Outcome jdkPlain = SchedulerBench.jdk(plain);
        SchedulerBench.Outcome hostPlain = SchedulerBench.midihost(plain, spin);
        SchedulerBench.Outcome spin0 = SchedulerBench.midihost(rich, 0);
        SchedulerBench.Outcome spin2000 = SchedulerBench.midihost(rich, 2000);

        String richSection = String.format(Locale.ROOT, "scheduler, tempo-rich file (%.0f s, %d notes, %d tempo changes)",
                rich.durationMicros() / 1e6, rich.messages().length / 2, rich.tempoSegments() - 1);
        String plainSection = String.format(Locale.ROOT, "scheduler, plain file (%.0f s, %d notes, one tempo)",
                plain.durationMicros() / 1e6, plain.messages().length / 2);
        schedulerRows(results, richSection, hostRich, true);
        schedulerRows(results, richSection, jdkRich, false);
        double ratio = jdkRich.p99() / hostRich.p99();
        results.check(richSection, "JDK p99 / midihost p99", ratio, "x", ">= 100", ratio >= 100,
                "same file, same recorder, one after the other in one JVM");
        schedulerRows(results, richSection, spin0, false);
        schedulerRows(results, richSection, spin2000, false);
        schedulerRows(results, plainSection, hostPlain, true);
        schedulerRows(results, plainSection, jdkPlain, false);
        results.add(plainSection, "JDK p99 / midihost p99", jdkPlain.p99() / hostPlain.p99(), "x");
    }

    private static void schedulerRows(Results results, String section, SchedulerBench.Outcome o, boolean target) {
        String p = o.player() + ": ";
        String note = o.matched() + " of " + o.expected() + " note messages matched"
                + (o.unmatched() == 0 ? "" : ", " + o.unmatched() + " others skipped")
                + "; |arrival - scheduled|, both from the first event";
        results.add(section, p + "p50 error", o.p50(), "µs", note);
        if (target) {
            results.check(section, p + "p99 error", o.p99(), "µs", "<= 100 µs", o.p99() <= 100, null);
        } else {
            results.add(section, p + "p99 error", o.p99(), "µs");
        }
        results.add(section, p + "max error", o.max(), "µs");
        String driftNote = "mean signed error of the last 10 events (+ = late)";
        if (target) {
            results.check(section, p + "drift at the end", o.drift(), "µs", "|drift| <= 100 µs",
                    Math.abs(o.drift()) <= 100, driftNote);
        } else {
            results.add(section, p + "drift at the end", o.drift(), "µs", driftNote);
        }
        results.add(section, p + "start call to first event", o.startMicros(), "µs",
                "a late first event shifts every error above the other way");
        results.add(section, p + "CPU of the player thread", o.cpuMillis(), "ms", String.format(Locale.ROOT,
                "%.2f %% of %.1f s (ThreadMXBean thread CPU time, start to last event)", o.cpuPercent(),
                o.wallMillis() / 1e3));
    }

    // ------------------------------------------------------------------ 9. routes (the router)

    private static void routes(Results results, boolean quick) throws Exception {
        int count = quick ? 20_000 : 1_000_000;
        int warmup = quick ? 5_000 : 100_000;
        int alloc = quick ? 20_000 : 1_000_000;
        RouteBench.Latency l = RouteBench.latency(warmup, count, quick ? 5_000 : 50_000, alloc);
        String section = "routes: thru latency, DIRECT";
        String note = count + " messages each, one in flight, in alternating blocks: client -> loopback/0, route"
                + " loopback/0 -> loopback/1, arrival at input 1 (routed) vs client -> loopback/1 (no route)";
        Histogram r = l.routed();
        Histogram d = l.direct();
        results.add(section, "routed: p50", r.getValueAtPercentile(50) / 1e3, "µs", note);
        double p99 = r.getValueAtPercentile(99) / 1e3;
        results.check(section, "routed: p99", p99, "µs", "< 5 µs", p99 < 5, null);
        results.add(section, "routed: p99.9", r.getValueAtPercentile(99.9) / 1e3, "µs");
        results.add(section, "routed: max", r.getMaxValue() / 1e3, "µs");
        results.add(section, "no route: p50", d.getValueAtPercentile(50) / 1e3, "µs");
        results.add(section, "no route: p99", d.getValueAtPercentile(99) / 1e3, "µs");
        results.add(section, "no route: p99.9", d.getValueAtPercentile(99.9) / 1e3, "µs");
        results.add(section, "no route: max", d.getMaxValue() / 1e3, "µs");
        results.add(section, "route's own cost: p50 difference",
                (r.getValueAtPercentile(50) - d.getValueAtPercentile(50)) / 1e3, "µs");
        results.add(section, "route's own cost: p99 difference",
                (r.getValueAtPercentile(99) - d.getValueAtPercentile(99)) / 1e3, "µs");
        results.check(section, "throttled by the rate limit", l.throttled(), "msgs", "0", l.throttled() == 0,
                "rate 10,000,000/s");
        results.check("routes: allocation", "per routed short message", l.bytesPerMessage(), "B", "0 B",
                l.bytesPerMessage() == 0, "ThreadMXBean.getThreadAllocatedBytes of the sending thread (the route runs"
                        + " on it, DIRECT) over " + l.allocated() + " routed messages after warm-up");
        long millis = quick ? 300 : 3000;
        RouteBench.throughput(1, quick ? 200 : 1000); // warm-up, not reported
        String tsec = "routes: throughput, DIRECT";
        double[] none = RouteBench.throughput(0, millis);
        results.add(tsec, "no route, 1 sender", none[0], "msg/s", "client -> loopback/1, counted at input 1");
        double[] one = RouteBench.throughput(1, millis);
        results.add(tsec, "1 route, 1 sender", one[0], "msg/s", "client -> loopback/0, route -> loopback/1, counted"
                + " at input 1" + (one[1] == 0 ? "" : "; " + (long) one[1] + " throttled (rate limit 10,000,000/s)"));
        double[] eight = RouteBench.throughput(8, millis);
        results.add(tsec, "8 routes, 8 senders", eight[0], "msg/s", "8 cable pairs: sender thread k -> loopback/2k,"
                + " route k -> loopback/2k+1; sum over the 8 inputs; " + Runtime.getRuntime().availableProcessors()
                + " cores" + (eight[1] == 0 ? "" : "; " + (long) eight[1] + " throttled"));
    }

    // ------------------------------------------------------------------ 10. rtp (RTP-MIDI on loopback, issue #14)

    private static boolean rtp(Results results, boolean quick) throws Exception {
        int count = quick ? 10_000 : 100_000;
        int warmup = quick ? 2_000 : 10_000;
        boolean ok = true;
        for (boolean spin : new boolean[] {true, false}) {
            RtpBench.RoundTrip rt = RtpBench.roundTrip(warmup, count, spin);
            Histogram h = rt.rtt();
            String section = "rtp: round trip on loopback, sender " + (spin ? "spins" : "parks");
            results.add(section, "p50", h.getValueAtPercentile(50) / 1e3, "µs", h.getTotalCount() + " messages after "
                    + warmup + " warm-up, one in flight: host A out rtp/bob -> UDP 127.0.0.1 -> host B in rtp/alice,"
                    + " B's DIRECT input callback sends it back out of rtp/alice -> host A in rtp/bob (DIRECT);"
                    + " two Host instances in one JVM, an RtpDriver each; the sender "
                    + (spin ? "spins until the echo is back (holds a core)"
                            : "parks until A's input callback unparks it"));
            double p99 = h.getValueAtPercentile(99) / 1e3;
            results.check(section, "p99", p99, "µs", "< 1 ms", p99 < 1000, null);
            results.add(section, "p99.9", h.getValueAtPercentile(99.9) / 1e3, "µs");
            results.add(section, "max", h.getMaxValue() / 1e3, "µs");
            results.add(section, "one way (estimate: RTT p50 / 2)", h.getValueAtPercentile(50) / 2e3, "µs",
                    "half the round trip, not measured on its own; alice's clock-sync latency estimate: "
                            + rt.latencyMicros() + " µs");
            ok &= rt.timedOut() == 0;
            results.check(section, "round trips not back within 10 s", rt.timedOut(), "msgs", "0",
                    rt.timedOut() == 0, null);
        }

        int burst = quick ? 10_000 : 100_000;
        RtpBench.burst(quick ? 2_000 : 10_000); // warm-up, not reported
        RtpBench.Burst b = RtpBench.burst(burst);
        String bsec = "rtp: throughput A -> B, one session";
        results.add(bsec, "received at B", b.received() / (b.receiveNanos() / 1e9), "msg/s", b.sent()
                + " Control Changes as fast as one thread on A sends (one message a packet), counted at B's DIRECT"
                + " input; from the first send to the last arrival");
        results.add(bsec, "sent by A", b.sent() / (b.sendNanos() / 1e9), "msg/s", "the sending loop alone");
        results.add(bsec, "lost (sent - received)", b.sent() - b.received(), "msgs", String.format(Locale.ROOT,
                "RTP packets: %d out of A, %d into B; B detected %d loss(es), %d journal repair(s) (repaired messages"
                        + " are counted in received)", b.packetsOut(), b.packetsIn(), b.losses(), b.repairs()));

        RtpBench.Burst w = RtpBench.burst(burst, 64);
        results.add(bsec, "received at B, at most 64 in flight", w.received() / (w.receiveNanos() / 1e9), "msg/s",
                String.format(Locale.ROOT, "%d Control Changes, A waits while 64 are unaccounted for at B; lost %d;"
                        + " RTP packets %d out of A, %d into B; B: %d loss(es), %d journal repair(s)", w.sent(),
                        w.sent() - w.received(), w.packetsOut(), w.packetsIn(), w.losses(), w.repairs()));

        int notes = quick ? 2_000 : 10_000;
        RtpBench.Loss l = RtpBench.loss(notes, 0.05, 6295);
        String lsec = "rtp: 5 % loss, relay";
        results.check(lsec, "notes left on at B", l.stuck(), "notes", "0", l.stuck() == 0, String.format(Locale.ROOT,
                "%d NoteOns (%d messages, 4 channels) through a UDP relay dropping 5 %% of RTP packets both ways"
                        + " (seed 6295), paced every 50 notes; counted when quiet%s after %d ms; %d RTP packets out"
                        + " of A (guards included), %d dropped A->B, %d B->A; B: %d loss(es), %d journal repair(s)",
                l.noteOns(), l.messages(), l.quiet() ? "" : " (NOT quiet: deadline)", l.settleMillis(),
                l.packetsOut(), l.dropped(), l.droppedBack(), l.losses(), l.repairs()));
        return ok && l.quiet();
    }

    // ------------------------------------------------------------------ 7. burst capture

    private static boolean burst(Results results, Path root) throws Exception {
        Path jar = root.resolve("dist/target/midihost.jar");
        String section = "burst capture through java -jar";
        if (!Files.isRegularFile(jar)) {
            results.missing(section, "messages lost", "not measured: dist/target/midihost.jar does not exist yet");
            return true;
        }
        BurstBench.Outcome o = BurstBench.run(jar);
        String note = "1 MiB sysex + 100,000 note-ons + 50 sysex written at once to a pipe read by rawmidi; counted at midi:monitor";
        results.add(section, "messages written", o.messages(), "msgs", note);
        results.add(section, "bytes written", o.bytes(), "bytes");
        boolean ok = o.lost() == 0 && o.overflowLines() == 0;
        results.check(section, "messages lost", o.lost(), "msgs", "0", ok,
                o.overflowLines() == 0 ? null : o.overflowLines() + " overflow/error line(s)");
        results.add(section, "time to drain", o.drainMillis(), "ms",
                "from the first byte written to the monitor's last message line, printing 100,051 lines included");
        return ok;
    }

    private static void startup(Results results, Path root, boolean quick) throws Exception {
        Path jar = root.resolve("dist/target/midihost.jar");
        String section = "distribution start";
        if (!Files.isRegularFile(jar)) {
            results.missing(section, "start to ready", "not measured: dist/target/midihost.jar does not exist yet");
            return;
        }
        String command = System.getProperty("midihost.bench.startCommand", "midi:devices");
        String expect = System.getProperty("midihost.bench.startExpect", "synth/0");
        int runs = quick ? 2 : 5;
        StartupBench.Times t = StartupBench.run(jar, command, expect, runs);
        double[] ready = t.ready().clone();
        double[] exit = t.exit().clone();
        Arrays.sort(ready);
        Arrays.sort(exit);
        String note = "java -jar dist/target/midihost.jar -c \"" + command + "\": from the process start to the line"
                + " listing " + expect + "; " + runs + " runs";
        results.add(section, "to ready: p50", percentile(ready, 50), "ms", note);
        double max = ready[ready.length - 1];
        results.check(section, "to ready: max", max, "ms", "< 1000 ms", max < 1000, null);
        results.add(section, "to exit 0: p50", percentile(exit, 50), "ms", "the whole process, shutdown included");
    }
}
