package org.midihost.driver.loopback;

/** The conformance suite again with exclusive cables: one client per end, ALLOCATED for a second. */
class ExclusiveLoopbackConformanceTest extends LoopbackConformanceTest {
    @Override
    boolean exclusive() {
        return true;
    }
}
