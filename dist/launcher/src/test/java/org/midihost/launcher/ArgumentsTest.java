package org.midihost.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ArgumentsTest {
    @Test
    void noArgumentsRunsWithTheDefaultDeployFolder() {
        Arguments a = Arguments.parse(new String[0]);
        assertThat(a.mode()).isEqualTo(Arguments.Mode.RUN);
        assertThat(a.deploy()).isEqualTo(Path.of("deploy"));
    }

    @Test
    void commandsScriptDeployAndHelp() {
        Arguments c = Arguments.parse(new String[] { "--deploy", "/tmp/d", "-c", "midi:devices; midi:drivers" });
        assertThat(c.mode()).isEqualTo(Arguments.Mode.COMMANDS);
        assertThat(c.commands()).isEqualTo("midi:devices; midi:drivers");
        assertThat(c.deploy()).isEqualTo(Path.of("/tmp/d"));

        Arguments s = Arguments.parse(new String[] { "test.gosh" });
        assertThat(s.mode()).isEqualTo(Arguments.Mode.SCRIPT);
        assertThat(s.script()).isEqualTo(Path.of("test.gosh"));

        assertThat(Arguments.parse(new String[] { "--help" }).mode()).isEqualTo(Arguments.Mode.HELP);
    }

    @Test
    void nonsenseIsOneLineReason() {
        assertThatThrownBy(() -> Arguments.parse(new String[] { "-c" })).hasMessage("-c needs the commands to run");
        assertThatThrownBy(() -> Arguments.parse(new String[] { "--deploy" })).hasMessage("--deploy needs a folder");
        assertThatThrownBy(() -> Arguments.parse(new String[] { "--bogus" })).hasMessage("unknown option --bogus");
        assertThatThrownBy(() -> Arguments.parse(new String[] { "-c", "x", "a.gosh" })).hasMessageContaining("give one of them");
        assertThatThrownBy(() -> Arguments.parse(new String[] { "a.gosh", "b.gosh" })).hasMessageContaining("one script at a time");
    }
}
