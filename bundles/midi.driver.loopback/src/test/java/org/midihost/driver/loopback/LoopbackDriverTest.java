package org.midihost.driver.loopback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.midihost.api.MidiException;
import org.midihost.api.MmResult;
import org.midihost.spi.InDevice;
import org.midihost.spi.InInstance;
import org.midihost.spi.OutDevice;
import org.midihost.spi.OutInstance;
import org.midihost.testkit.Configs;
import org.midihost.testkit.RecordingInClient;
import org.midihost.testkit.RecordingOutClient;

/** Configuration, device lists, opening, and configuration changes. */
class LoopbackDriverTest {
    private static final int NOTE_ON = 0x90 | (60 << 8) | (100 << 16);

    @Test
    void noConfigurationGivesOneMultiClientCable() {
        LoopbackDriver driver = new LoopbackDriver(Configs.of(LoopbackDriver.Config.class));

        assertThat(driver.outDevices()).extracting(OutDevice::id, OutDevice::name, OutDevice::multiClient)
                .containsExactly(tuple("0", "Loopback 1", true));
        assertThat(driver.inDevices()).extracting(InDevice::id, InDevice::name, InDevice::multiClient)
                .containsExactly(tuple("0", "Loopback 1", true));
    }

    @Test
    void cablesAreNumberedByIndexAndNamedByNamesThenByDefault() {
        LoopbackDriver driver = new LoopbackDriver(Configs.of(LoopbackDriver.Config.class, "cables", 3, "names", new String[] {"Out A", "Out B"}));

        assertThat(driver.outDevices()).extracting(OutDevice::id).containsExactly("0", "1", "2");
        assertThat(driver.outDevices()).extracting(OutDevice::name).containsExactly("Out A", "Out B", "Loopback 3");
        assertThat(driver.inDevices()).extracting(InDevice::id).containsExactly("0", "1", "2");
        assertThat(driver.inDevices()).extracting(InDevice::name).containsExactly("Out A", "Out B", "Loopback 3");
    }

    @Test
    void moreNamesThanCablesMakesOneCablePerName() {
        LoopbackDriver driver = new LoopbackDriver(Configs.of(LoopbackDriver.Config.class, "cables", 1, "names", new String[] {"a", "b", "c"}));

        assertThat(driver.outDevices()).extracting(OutDevice::name).containsExactly("a", "b", "c");
        assertThat(driver.inDevices()).hasSize(3);
    }

    @Test
    void namesInOneCommaSeparatedStringAsACfgFileGivesThemAreSplit() {
        LoopbackDriver driver = new LoopbackDriver(Configs.of(LoopbackDriver.Config.class, "names", "Piano, Drums"));

        assertThat(driver.outDevices()).extracting(OutDevice::name).containsExactly("Piano", "Drums");
        assertThat(driver.inDevices()).extracting(InDevice::name).containsExactly("Piano", "Drums");
    }

    @Test
    void cablesThatIsNotANumberKeepsTheInstanceFromStartingAndSaysSo() {
        assertThatThrownBy(() -> new LoopbackDriver(Configs.of(LoopbackDriver.Config.class, "cables", "many")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cables is not a number")
                .hasMessageContaining("many");
    }

    @Test
    void aBadValueInAChangeLeavesNoHalfConfiguredInstance() {
        LoopbackDriver driver = new LoopbackDriver(Configs.of(LoopbackDriver.Config.class, "cables", 2));
        assertThatThrownBy(() -> driver.modified(Configs.of(LoopbackDriver.Config.class, "cables", "many")))
                .hasMessageContaining("many");
        assertThat(driver.outDevices()).isEmpty();
        assertThat(driver.inDevices()).isEmpty();
        driver.modified(Configs.of(LoopbackDriver.Config.class, "cables", 1)); // a good value brings it back
        assertThat(driver.outDevices()).hasSize(1);
    }

    @Test
    void blankNameFallsBackToDefault() {
        LoopbackDriver driver = new LoopbackDriver(Configs.of(LoopbackDriver.Config.class, "cables", 2, "names", new String[] {" ", "x"}));

        assertThat(driver.outDevices()).extracting(OutDevice::name).containsExactly("Loopback 1", "x");
    }

    @Test
    void exclusiveMakesBothEndsSingleClient() throws MidiException {
        LoopbackDriver driver = new LoopbackDriver(Configs.of(LoopbackDriver.Config.class, "cables", 2, "exclusive", true));

        assertThat(driver.outDevices()).extracting(OutDevice::multiClient).containsExactly(false, false);
        assertThat(driver.inDevices()).extracting(InDevice::multiClient).containsExactly(false, false);

        OutInstance out = driver.openOut("0", new RecordingOutClient());
        InInstance in = driver.openIn("0", new RecordingInClient());
        assertResult(() -> driver.openOut("0", new RecordingOutClient()), MmResult.MMSYSERR_ALLOCATED);
        assertResult(() -> driver.openIn("0", new RecordingInClient()), MmResult.MMSYSERR_ALLOCATED);
        // the other cable is free
        driver.openOut("1", new RecordingOutClient()).close();

        out.close();
        out.close();
        in.close();
        in.close();
        driver.openOut("0", new RecordingOutClient()).close();
        driver.openIn("0", new RecordingInClient()).close();
        // a double close did not free a second slot
        OutInstance again = driver.openOut("0", new RecordingOutClient());
        assertResult(() -> driver.openOut("0", new RecordingOutClient()), MmResult.MMSYSERR_ALLOCATED);
        again.close();
    }

    @Test
    void multiClientByDefault() throws MidiException {
        LoopbackDriver driver = new LoopbackDriver(Configs.of(LoopbackDriver.Config.class));

        driver.openOut("0", new RecordingOutClient());
        driver.openOut("0", new RecordingOutClient());
        driver.openIn("0", new RecordingInClient());
        driver.openIn("0", new RecordingInClient());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 1025, Integer.MIN_VALUE})
    void cableCountOutOfRangeIsRefusedNamingTheValue(int cables) {
        assertThatThrownBy(() -> new LoopbackDriver(Configs.of(LoopbackDriver.Config.class, "cables", cables)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cables = " + cables)
                .hasMessageContaining("1..1024");
    }

    @Test
    void cableCountAtTheLimitsIsTaken() {
        assertThat(new LoopbackDriver(Configs.of(LoopbackDriver.Config.class, "cables", 1)).outDevices()).hasSize(1);
        assertThat(new LoopbackDriver(Configs.of(LoopbackDriver.Config.class, "cables", 1024)).outDevices()).hasSize(1024)
                .last().extracting(OutDevice::id, OutDevice::name)
                .containsExactly("1023", "Loopback 1024");
    }

    @Test
    void moreThan1024NamesIsRefused() {
        assertThatThrownBy(() -> new LoopbackDriver(Configs.of(LoopbackDriver.Config.class, "names", new String[1025])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1025");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a/b", "two words"})
    void unusableDriverIdIsRefused(String id) {
        assertThatThrownBy(() -> new LoopbackDriver(Configs.of(LoopbackDriver.Config.class, "midihost_driver_id", id)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("midihost.driver.id");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 2, 3, Integer.MAX_VALUE})
    void indexOutOfRangeGivesBadDeviceId(int index) {
        LoopbackDriver driver = new LoopbackDriver(Configs.of(LoopbackDriver.Config.class, "cables", 2));

        assertResult(() -> driver.openOut(Integer.toString(index), new RecordingOutClient()), MmResult.MMSYSERR_BADDEVICEID);
        assertResult(() -> driver.openIn(Integer.toString(index), new RecordingInClient()), MmResult.MMSYSERR_BADDEVICEID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "01", "+1", " 1", "1.0", "loopback/1"})
    void anIdThatIsNotACableIndexGivesBadDeviceId(String id) {
        LoopbackDriver driver = new LoopbackDriver(Configs.of(LoopbackDriver.Config.class, "cables", 2));

        assertResult(() -> driver.openOut(id, new RecordingOutClient()), MmResult.MMSYSERR_BADDEVICEID);
        assertResult(() -> driver.openIn(id, new RecordingInClient()), MmResult.MMSYSERR_BADDEVICEID);
    }

    @Test
    void modifiedAddsCablesAndKeepsStartedInputs() throws MidiException {
        LoopbackDriver driver = new LoopbackDriver(Configs.of(LoopbackDriver.Config.class, "cables", 1));
        OutInstance out0 = driver.openOut("0", new RecordingOutClient());
        RecordingInClient client0 = new RecordingInClient();
        driver.openIn("0", client0).start();

        driver.modified(Configs.of(LoopbackDriver.Config.class, "cables", 3, "names", new String[] {"renamed"}));

        assertThat(driver.outDevices()).extracting(OutDevice::id, OutDevice::name).containsExactly(
                tuple("0", "renamed"),
                tuple("1", "Loopback 2"),
                tuple("2", "Loopback 3"));
        assertThat(driver.inDevices()).extracting(InDevice::id).containsExactly("0", "1", "2");

        out0.shortMsg(NOTE_ON);
        assertThat(client0.messages()).containsExactly(NOTE_ON);

        RecordingInClient client2 = new RecordingInClient();
        driver.openIn("2", client2).start();
        driver.openOut("2", new RecordingOutClient()).shortMsg(NOTE_ON + 1);
        assertThat(client2.messages()).containsExactly(NOTE_ON + 1);
        assertThat(client0.messages()).containsExactly(NOTE_ON);
    }

    @Test
    void modifiedRemovesCablesWhichStopDelivering() throws MidiException {
        LoopbackDriver driver = new LoopbackDriver(Configs.of(LoopbackDriver.Config.class, "cables", 3));
        RecordingInClient kept = new RecordingInClient();
        RecordingInClient dropped = new RecordingInClient();
        driver.openIn("0", kept).start();
        InInstance droppedIn = driver.openIn("2", dropped);
        droppedIn.start();
        InInstance droppedIdle = driver.openIn("2", new RecordingInClient());
        OutInstance out0 = driver.openOut("0", new RecordingOutClient());
        OutInstance out2 = driver.openOut("2", new RecordingOutClient());

        driver.modified(Configs.of(LoopbackDriver.Config.class, "cables", 2));

        assertThat(driver.outDevices()).extracting(OutDevice::id).containsExactly("0", "1");
        assertThat(driver.inDevices()).extracting(InDevice::id).containsExactly("0", "1");
        assertResult(() -> out2.shortMsg(NOTE_ON), MmResult.MMSYSERR_NODRIVER);
        assertResult(droppedIdle::start, MmResult.MMSYSERR_NODRIVER);
        assertResult(() -> driver.openOut("2", new RecordingOutClient()), MmResult.MMSYSERR_BADDEVICEID);
        assertResult(() -> driver.openIn("2", new RecordingInClient()), MmResult.MMSYSERR_BADDEVICEID);
        out0.shortMsg(NOTE_ON);
        assertThat(kept.messages()).containsExactly(NOTE_ON);
        assertThat(dropped.events()).isEmpty();
        // the host cleans up as usual
        droppedIn.stop();
        droppedIn.close();
        droppedIdle.close();
        out2.close();

        // growing back makes a fresh cable under the same id; the old instances stay dead
        driver.modified(Configs.of(LoopbackDriver.Config.class, "cables", 3));
        RecordingInClient fresh = new RecordingInClient();
        driver.openIn("2", fresh).start();
        driver.openOut("2", new RecordingOutClient()).shortMsg(NOTE_ON);
        assertThat(fresh.messages()).containsExactly(NOTE_ON);
        assertThat(dropped.events()).isEmpty();
    }

    @Test
    void modifiedWithBadConfigurationOffersNoDeviceUntilAGoodOne() throws MidiException {
        // Issue 16: Declarative Services keeps an instance whose @Modified throws, with the new
        // service properties (a new driver id, say); keeping the old cables under them was the
        // half-configured instance users saw. Now it offers nothing until a good configuration.
        LoopbackDriver driver = new LoopbackDriver(Configs.of(LoopbackDriver.Config.class, "cables", 2, "names", new String[] {"a", "b"}));
        RecordingInClient client = new RecordingInClient();
        driver.openIn("1", client).start();

        assertThatThrownBy(() -> driver.modified(Configs.of(LoopbackDriver.Config.class, "cables", 0))).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("cables = 0");
        assertThat(driver.outDevices()).isEmpty();
        assertThatThrownBy(() -> driver.openOut("1", new RecordingOutClient())).isInstanceOf(MidiException.class);
        assertThatThrownBy(() -> driver.modified(Configs.of(LoopbackDriver.Config.class, "cables", 5, "midihost_driver_id", "x/y")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(driver.inDevices()).isEmpty();

        driver.modified(Configs.of(LoopbackDriver.Config.class, "cables", 2, "names", new String[] {"a", "b"}));
        assertThat(driver.outDevices()).extracting(OutDevice::name).containsExactly("a", "b");
        RecordingInClient again = new RecordingInClient();
        driver.openIn("1", again).start();
        driver.openOut("1", new RecordingOutClient()).shortMsg(NOTE_ON);
        assertThat(again.messages()).containsExactly(NOTE_ON);
        assertThat(client.messages()).as("the old cable went with the bad change").isEmpty();
    }

    @Test
    void modifiedTogglesExclusive() throws MidiException {
        LoopbackDriver driver = new LoopbackDriver(Configs.of(LoopbackDriver.Config.class));
        OutInstance first = driver.openOut("0", new RecordingOutClient());

        driver.modified(Configs.of(LoopbackDriver.Config.class, "exclusive", true));

        assertThat(driver.outDevices()).extracting(OutDevice::multiClient).containsExactly(false);
        assertResult(() -> driver.openOut("0", new RecordingOutClient()), MmResult.MMSYSERR_ALLOCATED);
        first.close();
        driver.openOut("0", new RecordingOutClient());
    }

    @Test
    void deactivateStopsEveryDelivery() throws MidiException {
        LoopbackDriver driver = new LoopbackDriver(Configs.of(LoopbackDriver.Config.class, "cables", 2));
        RecordingInClient client = new RecordingInClient();
        driver.openIn("1", client).start();
        OutInstance out = driver.openOut("1", new RecordingOutClient());

        driver.deactivate();

        assertResult(() -> out.shortMsg(NOTE_ON), MmResult.MMSYSERR_NODRIVER);
        assertThat(client.events()).isEmpty();
        assertThat(driver.outDevices()).isEmpty();
        assertThat(driver.inDevices()).isEmpty();
    }

    @Test
    void deviceListsAreUnmodifiable() {
        LoopbackDriver driver = new LoopbackDriver(Configs.of(LoopbackDriver.Config.class));
        List<OutDevice> outs = driver.outDevices();

        assertThatThrownBy(() -> outs.add(OutDevice.port("9", "x"))).isInstanceOf(UnsupportedOperationException.class);
    }

    interface MidiCall {
        void run() throws MidiException;
    }

    static void assertResult(MidiCall call, MmResult expected) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(MidiException.class,
                e -> assertThat(e.result()).isEqualTo(expected));
    }
}
