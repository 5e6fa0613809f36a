package org.midihost.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.midihost.launcher.DeviceIdCompletion.Target;

class DeviceIdCompletionTest {
    private static Target at(int wordIndex, String... words) {
        return DeviceIdCompletion.target(List.of(words), wordIndex);
    }

    @Test
    void theFirstArgumentOfSendResetAndCapsIsAnOutput() {
        assertThat(at(1, "midi:send", "")).isEqualTo(Target.OUTPUT);
        assertThat(at(1, "send", "lo")).isEqualTo(Target.OUTPUT);
        assertThat(at(2, "midi:send", "-d", "")).isEqualTo(Target.OUTPUT);
        assertThat(at(1, "midi:reset", "")).isEqualTo(Target.OUTPUT);
        assertThat(at(1, "midi:caps", "")).isEqualTo(Target.OUTPUT);
    }

    @Test
    void monitorAndCapsMinusIAreInputs() {
        assertThat(at(1, "midi:monitor", "")).isEqualTo(Target.INPUT);
        assertThat(at(3, "midi:monitor", "-n", "5", "")).isEqualTo(Target.INPUT);
        assertThat(at(2, "midi:caps", "-i", "")).isEqualTo(Target.INPUT);
        assertThat(at(2, "midi:caps", "--input", "")).isEqualTo(Target.INPUT);
    }

    @Test
    void nothingAfterTheDeviceNorForAnOptionValueNorOtherCommands() {
        assertThat(at(2, "midi:send", "0", "")).isEqualTo(Target.NONE);
        assertThat(at(2, "midi:monitor", "-t", "")).isEqualTo(Target.NONE);
        assertThat(at(1, "midi:devices", "")).isEqualTo(Target.NONE);
        assertThat(at(1, "felix:send", "")).isEqualTo(Target.NONE);
        assertThat(at(0, "midi:se")).isEqualTo(Target.NONE);
    }
}
