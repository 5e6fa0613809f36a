package org.midihost.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.midihost.api.MidiException;
import org.midihost.api.MidiHeader;
import org.midihost.api.MmResult;
import org.midihost.api.Support;
import org.midihost.api.Technology;
import org.midihost.spi.DeviceDescription;
import org.midihost.spi.InDevice;
import org.midihost.spi.InInstance;
import org.midihost.spi.MidiDriver;
import org.midihost.spi.OutDevice;
import org.midihost.spi.OutInstance;
import org.opentest4j.TestAbortedException;

/**
 * The conformance suite every {@link MidiDriver} passes, against the SPI directly (no host). A
 * driver's test extends it, supplies the driver under test ({@link #newDriver()}) and, where it
 * can, the hooks that let the suite look inside: what reached an output device
 * ({@link #observeOutput}), input arriving at an input device ({@link #arriveAtInput}), and the
 * driver listing its devices again ({@link #relist()}). A hook the driver leaves alone makes the
 * tests that need it skip (a JUnit assumption), never pass without checking anything; so do the
 * tests of a direction the driver has no device for.
 *
 * <p>Waits are bounded by {@link #timeout()}; races are pinned with latches, never with sleeps.
 */
public abstract class MidiDriverContract {
    /** Note On, middle C, velocity 100, channel 1. */
    protected static final int NOTE_ON = 0x90 | (60 << 8) | (100 << 16);
    /** Note Off, middle C, channel 1. */
    protected static final int NOTE_OFF = 0x80 | (60 << 8);
    /** GM System On: a complete system-exclusive message. */
    private static final byte[] GM_ON = {(byte) 0xF0, 0x7E, 0x7F, 0x09, 0x01, (byte) 0xF7};
    private static final String UNKNOWN_ID = "midihost-contract-no-such-device";

    private MidiDriver driver;
    // A lock-rule test found threads stuck in the driver: leave it alone afterwards.
    private volatile boolean wedged;

    /**
     * @return a fresh driver, activated as Declarative Services would; one per test
     * @throws Exception if it cannot be made
     */
    protected abstract MidiDriver newDriver() throws Exception;

    /**
     * Deactivates the driver after a test, as Declarative Services would. Does nothing by default.
     *
     * @param d the driver {@link #newDriver()} made
     * @throws Exception on failure
     */
    protected void dispose(MidiDriver d) throws Exception {
    }

    /**
     * Hook: starts recording what reaches output device {@code outDeviceId} from now on, as
     * {@link org.midihost.spi.InClient} events (a short message as {@code data}, a system-exclusive
     * message as {@code sysex} pieces). The default skips the tests that need it.
     *
     * @param outDeviceId the device's id
     * @return the recording
     * @throws Exception on failure
     */
    protected RecordingInClient observeOutput(String outDeviceId) throws Exception {
        return abort("the driver's test gives no way to see what reached an output device");
    }

    /**
     * Hook: makes a short message arrive at input device {@code inDeviceId}, as from outside, on
     * whatever thread the driver delivers input (this one, for a driver that delivers on the
     * sender's thread). The default skips the tests that need it.
     *
     * @param inDeviceId the device's id
     * @param message the short message, WinMM packing
     * @throws Exception on failure
     */
    protected void arriveAtInput(String inDeviceId, int message) throws Exception {
        abort("the driver's test gives no way to make input arrive");
    }

    /**
     * Hook: makes the driver list its devices again (a configuration change, a hot-plug scan) in a
     * way that keeps the devices it has. The default skips the test that needs it.
     *
     * @throws Exception on failure
     */
    protected void relist() throws Exception {
        abort("the driver's test gives no way to make the driver list its devices again");
    }

    /** @return how long any wait lasts before a test fails */
    protected Duration timeout() {
        return Duration.ofSeconds(10);
    }

    /** @return the driver under test */
    protected final MidiDriver driver() {
        return driver;
    }

    @BeforeEach
    final void createDriver() throws Exception {
        driver = newDriver();
    }

    @AfterEach
    final void disposeDriver() throws Exception {
        if (!wedged) {
            dispose(driver);
        }
    }

    private List<OutDevice> outputs() {
        List<OutDevice> outs = driver.outDevices();
        assumeFalse(outs.isEmpty(), "the driver has no output device");
        return outs;
    }

    private List<InDevice> inputs() {
        List<InDevice> ins = driver.inDevices();
        assumeFalse(ins.isEmpty(), "the driver has no input device");
        return ins;
    }

    private static int note(int key) {
        return 0x90 | (key << 8) | (0x40 << 16);
    }

    // ---- caps

    @Test
    void deviceListsAreNotNullAndStable() {
        assertThat(driver.outDevices()).isNotNull().isEqualTo(driver.outDevices());
        assertThat(driver.inDevices()).isNotNull().isEqualTo(driver.inDevices());
    }

    @Test
    void outputCapsAreHonest() {
        List<OutDevice> outs = outputs();
        assertThat(outs).extracting(OutDevice::id).doesNotHaveDuplicates();
        for (OutDevice d : outs) {
            checkCommon(d);
            assertThat(d.technology()).as("%s technology", d.id()).isNotNull().isNotEqualTo(Technology.MAPPER);
            if (d.technology() == Technology.PORT) {
                assertThat(d.voices()).as("%s: a port has no voices", d.id()).isZero();
                assertThat(d.notes()).as("%s: a port has no notes", d.id()).isZero();
            } else {
                assertThat(d.voices()).as("%s: a synthesizer has voices", d.id()).isPositive();
                assertThat(d.notes()).as("%s: a synthesizer plays notes", d.id()).isPositive();
            }
            assertThat(d.channelMask()).as("%s channel mask", d.id()).isNotZero().isBetween(1, 0xFFFF);
            if (d.support().contains(Support.LRVOLUME)) {
                assertThat(d.support()).as("%s: LRVOLUME without VOLUME", d.id()).contains(Support.VOLUME);
            }
        }
    }

    @Test
    void inputCapsAreHonest() {
        List<InDevice> ins = inputs();
        assertThat(ins).extracting(InDevice::id).doesNotHaveDuplicates();
        for (InDevice d : ins) {
            checkCommon(d);
        }
    }

    private static void checkCommon(DeviceDescription d) {
        assertThat(d.id()).as("device id").isNotBlank().doesNotContainAnyWhitespaces();
        assertThat(d.name()).as("%s name", d.id()).isNotBlank();
        assertThat(d.shortName()).as("%s short name", d.id()).isNotBlank();
        assertThat(d.manufacturerId()).as("%s wMid", d.id()).isBetween(0, 0xFFFF);
        assertThat(d.productId()).as("%s wPid", d.id()).isBetween(0, 0xFFFF);
        assertThat(d.driverVersion()).as("%s version", d.id()).isBetween(0, 0xFFFF);
    }

    @Test
    void volumeSupportMeansVolumeWorks() throws MidiException {
        List<OutDevice> withVolume = outputs().stream().filter(d -> d.support().contains(Support.VOLUME)).toList();
        assumeFalse(withVolume.isEmpty(), "no output device claims VOLUME");
        for (OutDevice d : withVolume) {
            OutInstance out = driver.openOut(d.id(), new RecordingOutClient());
            try {
                int before = out.volume();
                out.setVolume(0x4000_4000);
                int now = out.volume();
                assertThat(now & 0xFFFF).as("%s left volume", d.id()).isEqualTo(0x4000);
                if (d.support().contains(Support.LRVOLUME)) {
                    assertThat(now >>> 16).as("%s right volume", d.id()).isEqualTo(0x4000);
                }
                out.setVolume(0x1234_ABCD);
                if (d.support().contains(Support.LRVOLUME)) {
                    assertThat(out.volume()).as("%s left and right apart", d.id()).isEqualTo(0x1234_ABCD);
                }
                out.setVolume(before);
                assertThat(out.volume()).isEqualTo(before);
            } finally {
                out.close();
            }
        }
    }

    @Test
    void volumeWithoutSupportFailsWithAResultCodeIfAtAll() throws MidiException {
        List<OutDevice> without = outputs().stream().filter(d -> !d.support().contains(Support.VOLUME)).toList();
        assumeFalse(without.isEmpty(), "every output device claims VOLUME");
        for (OutDevice d : without) {
            OutInstance out = driver.openOut(d.id(), new RecordingOutClient());
            try {
                Throwable t = catchThrowable(out::volume);
                if (t != null) {
                    assertThat(t).as("%s volume()", d.id()).isInstanceOf(MidiException.class);
                }
            } finally {
                out.close();
            }
        }
    }

    // ---- open and close

    @Test
    void everyOutputOpensAndClosesAndClosingTwiceIsHarmless() throws MidiException {
        for (OutDevice d : outputs()) {
            OutInstance out = driver.openOut(d.id(), new RecordingOutClient());
            assertThat(out).as(d.id()).isNotNull();
            out.close();
            out.close();
            // the double close freed no second slot and broke nothing: it opens again
            driver.openOut(d.id(), new RecordingOutClient()).close();
        }
    }

    @Test
    void everyInputOpensStartsStopsAndClosesAndClosingTwiceIsHarmless() throws MidiException {
        for (InDevice d : inputs()) {
            InInstance in = driver.openIn(d.id(), new RecordingInClient());
            assertThat(in).as(d.id()).isNotNull();
            in.start();
            in.stop();
            in.stop();
            in.close();
            in.close();
            driver.openIn(d.id(), new RecordingInClient()).close();
        }
    }

    @Test
    void anExclusiveOutputRefusesASecondOpenAndAMultiClientOneTakesTwo() throws MidiException {
        for (OutDevice d : outputs()) {
            OutInstance first = driver.openOut(d.id(), new RecordingOutClient());
            if (d.multiClient()) {
                driver.openOut(d.id(), new RecordingOutClient()).close();
            } else {
                assertResult(() -> driver.openOut(d.id(), new RecordingOutClient()), MmResult.MMSYSERR_ALLOCATED);
            }
            first.close();
            driver.openOut(d.id(), new RecordingOutClient()).close();
        }
    }

    @Test
    void anExclusiveInputRefusesASecondOpenAndAMultiClientOneTakesTwo() throws MidiException {
        for (InDevice d : inputs()) {
            InInstance first = driver.openIn(d.id(), new RecordingInClient());
            if (d.multiClient()) {
                driver.openIn(d.id(), new RecordingInClient()).close();
            } else {
                assertResult(() -> driver.openIn(d.id(), new RecordingInClient()), MmResult.MMSYSERR_ALLOCATED);
            }
            first.close();
            driver.openIn(d.id(), new RecordingInClient()).close();
        }
    }

    @Test
    void openingAnUnknownDeviceIdFailsWithAMidiException() {
        assertThat(driver.outDevices()).extracting(OutDevice::id).doesNotContain(UNKNOWN_ID);
        assertThat(driver.inDevices()).extracting(InDevice::id).doesNotContain(UNKNOWN_ID);
        assertThatThrownBy(() -> driver.openOut(UNKNOWN_ID, new RecordingOutClient()))
                .isInstanceOf(MidiException.class);
        assertThatThrownBy(() -> driver.openIn(UNKNOWN_ID, new RecordingInClient()))
                .isInstanceOf(MidiException.class);
    }

    // ---- output

    @Test
    void shortAndLongMessagesAreTakenAndDoneComesExactlyOnce() throws Exception {
        for (OutDevice d : outputs()) {
            RecordingOutClient client = new RecordingOutClient();
            OutInstance out = driver.openOut(d.id(), client);
            out.shortMsg(NOTE_ON);
            out.shortMsg(NOTE_OFF);
            MidiHeader header = new MidiHeader(GM_ON.clone());
            out.longMsg(header);
            client.awaitDone(header, timeout());
            out.close();
            assertThat(client.doneCount(header)).as("%s: DONE for one longMsg", d.id()).isEqualTo(1);
            assertThat(client.done()).as("%s: DONE only for headers given", d.id()).containsOnly(header);
        }
    }

    @Test
    void shortAndLongMessagesReachTheDevice() throws Exception {
        for (OutDevice d : outputs()) {
            RecordingInClient seen = observeOutput(d.id());
            RecordingOutClient client = new RecordingOutClient();
            OutInstance out = driver.openOut(d.id(), client);
            out.shortMsg(NOTE_ON);
            out.shortMsg(NOTE_OFF);
            byte[] buffer = {(byte) 0xF0, 0x7E, 0x7F, 0x09, 0x01, (byte) 0xF7, 0x55, 0x55};
            MidiHeader header = new MidiHeader(buffer, GM_ON.length);
            out.longMsg(header);
            client.awaitDone(header, timeout());
            out.close();

            assertThat(seen.awaitSysexBytes(GM_ON.length, timeout())).as("%s sysex", d.id()).containsExactly(GM_ON);
            assertThat(seen.messages()).as("%s short messages", d.id()).containsExactly(NOTE_ON, NOTE_OFF);
        }
    }

    // ---- input

    @Test
    void inputFlowsOnlyBetweenStartAndStop() throws Exception {
        for (InDevice d : inputs()) {
            RecordingInClient client = new RecordingInClient();
            InInstance in = driver.openIn(d.id(), client);
            arriveAtInput(d.id(), note(1));
            in.start();
            arriveAtInput(d.id(), note(2));
            client.awaitEvents(1, timeout());
            in.stop();
            arriveAtInput(d.id(), note(3));
            in.start();
            arriveAtInput(d.id(), note(4));
            client.awaitEvents(2, timeout());
            in.stop();
            arriveAtInput(d.id(), note(5));
            in.close();
            arriveAtInput(d.id(), note(6));

            assertThat(client.messages()).as("%s: only what came while started", d.id())
                    .containsExactly(note(2), note(4));
        }
    }

    @Test
    void noCallReachesAClientAfterCloseReturns() throws Exception {
        for (InDevice d : inputs()) {
            RecordingInClient closed = new RecordingInClient();
            InInstance in = driver.openIn(d.id(), closed);
            in.start();
            arriveAtInput(d.id(), note(1));
            closed.awaitEvents(1, timeout());
            in.close();
            arriveAtInput(d.id(), note(2));
            // A later instance getting a later message shows that the earlier one had its chance.
            RecordingInClient later = new RecordingInClient();
            InInstance next = driver.openIn(d.id(), later);
            next.start();
            arriveAtInput(d.id(), note(3));
            later.awaitEvents(1, timeout());
            next.close();

            assertThat(closed.messages()).as("%s: nothing after close", d.id()).containsExactly(note(1));
            assertThat(later.messages()).containsExactly(note(3));
        }
    }

    // ---- devices listed again

    @Test
    void aDriverListingItsDevicesAgainKeepsTheInstancesOfDevicesThatStay() throws Exception {
        List<OutDevice> outs = driver.outDevices();
        List<InDevice> ins = driver.inDevices();
        assumeFalse(outs.isEmpty() && ins.isEmpty(), "the driver has no device");
        OutInstance out = outs.isEmpty() ? null : driver.openOut(outs.get(0).id(), new RecordingOutClient());
        RecordingInClient client = new RecordingInClient();
        // the last input: with a device of each direction per id (a cable), not the output's
        InDevice kept = ins.isEmpty() ? null : ins.get(ins.size() - 1);
        InInstance in = kept == null ? null : driver.openIn(kept.id(), client);
        if (in != null) {
            in.start();
        }

        relist();

        if (out != null) {
            String id = outs.get(0).id();
            assertThat(driver.outDevices()).extracting(OutDevice::id).as("the device stays").contains(id);
            out.shortMsg(NOTE_ON);
            out.shortMsg(NOTE_OFF);
            out.close();
        }
        if (in != null) {
            String id = kept.id();
            assertThat(driver.inDevices()).extracting(InDevice::id).as("the device stays").contains(id);
            boolean canArrive = true;
            try {
                arriveAtInput(id, note(7));
            } catch (TestAbortedException e) {
                canArrive = false;
            }
            if (canArrive) {
                assertThat(client.awaitEvents(1, timeout())).extracting(RecordingInClient.Event::message)
                        .containsExactly(note(7));
            }
            in.stop();
            in.close();
        }
    }

    // ---- the lock rule

    /**
     * The lock rule (MidiDriver's Javadoc): a DIRECT callback stops its own input on the driver's
     * delivery thread, taking the device gate as the host does, while another thread holds that
     * gate and stops the same input. A driver that holds a lock of its own across the callback and
     * takes it again in stop() deadlocks here.
     */
    @Test
    void aCallbackStoppingItsInputWhileAnotherThreadStopsItDoesNotDeadlock() throws Exception {
        lockRule(false);
    }

    /** As {@link #aCallbackStoppingItsInputWhileAnotherThreadStopsItDoesNotDeadlock}, with close(). */
    @Test
    void aCallbackClosingItsInputWhileAnotherThreadClosesItDoesNotDeadlock() throws Exception {
        lockRule(true);
    }

    private void lockRule(boolean close) throws Exception {
        InDevice d = inputs().get(0);
        ReentrantLock gate = new ReentrantLock(); // the host's device gate
        CountDownLatch inCallback = new CountDownLatch(1);
        CountDownLatch otherHasGate = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        AtomicReference<InInstance> instance = new AtomicReference<>();
        AtomicReference<Throwable> callbackFailure = new AtomicReference<>();
        RecordingInClient client = new RecordingInClient() {
            @Override
            public void data(int message, long nanos) {
                super.data(message, nanos);
                if (!first.compareAndSet(true, false)) {
                    return;
                }
                inCallback.countDown();
                try {
                    if (!otherHasGate.await(timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                    gate.lock();
                    try {
                        stopOrClose(instance.get(), close);
                    } finally {
                        gate.unlock();
                    }
                } catch (Throwable t) {
                    callbackFailure.set(t);
                }
            }
        };
        InInstance in = driver.openIn(d.id(), client);
        instance.set(in);
        // before start: delivers nothing, and skips the test if input cannot be made to arrive
        arriveAtInput(d.id(), note(1));
        in.start();

        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "contract-lock-rule");
            t.setDaemon(true); // a deadlocked thread must not keep the JVM alive
            return t;
        });
        try {
            Future<?> delivery = pool.submit(() -> {
                arriveAtInput(d.id(), note(2));
                return null;
            });
            if (!inCallback.await(timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                delivery.get(timeout().toMillis(), TimeUnit.MILLISECONDS);
                fail("%s: the input was started but the message did not arrive", d.id());
            }
            Future<?> other = pool.submit(() -> {
                gate.lock();
                try {
                    otherHasGate.countDown();
                    stopOrClose(in, close);
                } finally {
                    gate.unlock();
                }
                return null;
            });
            long deadline = System.nanoTime() + timeout().toNanos();
            try {
                other.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                delivery.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                wedged = true;
                fail("%s: deadlock: %s() under the device gate and a callback doing the same on the delivery "
                        + "thread did not both return within %d ms (the driver holds a lock across the client "
                        + "call that %s() takes)", d.id(), close ? "close" : "stop", timeout().toMillis(),
                        close ? "close" : "stop");
            } catch (ExecutionException e) {
                throw new AssertionError(d.id() + ": " + e.getCause(), e.getCause());
            }
            assertThat(callbackFailure.get()).as("the callback's own %s()", close ? "close" : "stop").isNull();
            assertThat(client.messages()).as("only the message that came while started").containsExactly(note(2));
        } finally {
            pool.shutdownNow();
        }
        in.close();
    }

    private static void stopOrClose(InInstance in, boolean close) throws MidiException {
        if (close) {
            in.close();
        } else {
            in.stop();
        }
    }

    // ---- helpers

    /** A call that may fail with a result code. */
    @FunctionalInterface
    protected interface MidiCall {
        /** @throws MidiException the failure */
        void run() throws MidiException;
    }

    /**
     * Asserts that {@code call} fails with a {@link MidiException} carrying {@code expected}.
     *
     * @param call the call
     * @param expected the result code
     */
    protected static void assertResult(MidiCall call, MmResult expected) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(MidiException.class,
                e -> assertThat(e.result()).isEqualTo(expected));
    }
}
