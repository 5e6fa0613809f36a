/**
 * midihost benchmarks: the JMH short-message benchmark and the latency, throughput, enumeration,
 * hot-swap, soak and start-up harnesses, all run by {@link org.midihost.bench.RunAll}. Not a
 * bundle and not part of the test run: the normal build only compiles and packages them.
 */
package org.midihost.bench;
