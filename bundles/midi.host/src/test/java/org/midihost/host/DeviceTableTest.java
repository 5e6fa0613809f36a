package org.midihost.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.midihost.api.DeviceEvent;

/** The device table on its own: each change says what to do after its lock, and calls nobody. */
class DeviceTableTest {
    final DeviceTable table = new DeviceTable(new StuckCalls());

    private static DeviceTable.Listing listing(TestDriver d) {
        return new DeviceTable.Listing(List.copyOf(d.outs), List.copyOf(d.ins));
    }

    @Test
    void bindUnbindAndAWaitingDriverAreChangesTheOwnerCarriesOut() {
        TestDriver a = new TestDriver("x", 10, 2, 1, true);
        TestDriver b = new TestDriver("x", 10, 1, 0, true);
        DeviceTable.Bound bound = table.bind(a, "x", 10, a.props(), listing(a));
        assertThat(bound.outcome()).isEqualTo(DeviceTable.Outcome.BOUND);
        assertThat(bound.change().events()).extracting(DeviceEvent::type).containsOnly(DeviceEvent.Type.ADDED)
                .hasSize(3);
        assertThat(table.current().outs()).hasSize(2);

        assertThat(table.bind(b, "x", 10, b.props(), listing(b)).outcome()).isEqualTo(DeviceTable.Outcome.WAITS);
        assertThat(table.current().outs()).hasSize(2);

        DeviceTable.Change gone = table.unbind(a);
        assertThat(gone.removed()).extracting(d -> d.endpointId).containsExactly("x/0", "x/1", "x/0");
        assertThat(gone.removed()).allMatch(d -> d.deviceId == -1 && !d.dead); // retiring is the owner's job
        assertThat(gone.next().driver()).isSameAs(b);
        assertThat(table.current().outs()).isEmpty();
        assertThat(a.calledAfterGone.get()).isFalse();
        assertThat(a.closes.get()).isZero(); // nothing was called on the driver
    }

    @Test
    void relistingKeepsTheDevicesThatStayAndRemovesTheOthers() {
        TestDriver a = new TestDriver("x", 10, 3, 0, true);
        DriverEntry entry = table.standing(a, a.props()).entry();
        assertThat(entry).isNull();
        table.bind(a, "x", 10, a.props(), listing(a));
        Device kept = table.current().outs()[1];
        entry = table.standing(a, a.props()).entry();
        a.outs = List.of(a.outs.get(1));
        DeviceTable.Change c = table.relist(a, entry, 10, a.props(), listing(a));
        assertThat(c.removed()).extracting(d -> d.localId).containsExactlyInAnyOrder("0", "2");
        assertThat(table.current().outs()).containsExactly(kept);
        assertThat(kept.deviceId).isZero();
    }
}
