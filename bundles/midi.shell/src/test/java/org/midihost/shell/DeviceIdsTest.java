package org.midihost.shell;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeviceIdsTest {
    @Test
    void theMapperIsANumberAndAnEndpointIdIsNot() {
        assertThat(DeviceIds.deviceId("-1")).hasValue(-1);
        assertThat(DeviceIds.deviceId("0")).hasValue(0);
        assertThat(DeviceIds.deviceId("12")).hasValue(12);
        assertThat(DeviceIds.deviceId("loopback/0")).isEmpty();
        assertThat(DeviceIds.deviceId("x")).isEmpty();
        assertThat(DeviceIds.deviceId("-")).isEmpty();
        assertThat(DeviceIds.deviceId("99999999999")).isEmpty(); // too long for an id: an endpoint id
    }
}
