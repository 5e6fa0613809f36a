package org.midihost.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.junit.jupiter.api.Test;

class ArgumentsTest {
    private static final Function CLOSURE = (CommandSession session, List<Object> args) -> null;

    @Test
    void helpAnywhereWinsOverEverythingElse() throws UsageException {
        assertThat(Arguments.parse(Help.CAPS_USAGE, "--help").help()).isTrue();
        assertThat(Arguments.parse(Help.CAPS_USAGE, "-h").help()).isTrue();
        assertThat(Arguments.parse(Help.MONITOR_USAGE, "0", "--count", "x", "--help").help()).isTrue();
        assertThat(Arguments.parse(Help.CAPS_USAGE, "--nosuch", "-h").help()).isTrue();
        assertThat(Arguments.parse(Help.CAPS_USAGE, "0").help()).isFalse();
    }

    @Test
    void afterDoubleDashHelpIsAnOperand() throws UsageException {
        Arguments a = Arguments.parse(Help.CAPS_USAGE, "--", "--help");
        assertThat(a.help()).isFalse();
        assertThat(a.operand("ID")).isEqualTo("--help");
    }

    @Test
    void flagsAndOperandsInAnyOrder() throws UsageException {
        Arguments a = Arguments.parse(Help.CAPS_USAGE, "loopback/0", "-i");
        assertThat(a.flag("--input")).isTrue();
        assertThat(a.operand("ID")).isEqualTo("loopback/0");
        a.end();
        assertThat(Arguments.parse(Help.CAPS_USAGE, "0").flag("--input")).isFalse();
    }

    @Test
    void theMapperIdIsAnOperandNotAnOption() throws UsageException {
        Arguments a = Arguments.parse(Help.CAPS_USAGE, "-1");
        assertThat(a.operand("ID")).isEqualTo("-1");
        a.end();
    }

    @Test
    void optionValuesLongShortAndInline() throws UsageException {
        Arguments a = Arguments.parse(Help.MONITOR_USAGE, "0", "--count", "3", "-t", "0.5");
        assertThat(a.count("--count", 0)).isEqualTo(3);
        assertThat(a.seconds("--timeout", 0)).isEqualTo(0.5);
        // Gogo passes numbers as numbers, not text
        Arguments n = Arguments.parse(Help.MONITOR_USAGE, 0L, "--count", 3L, "--timeout", 0.25, CLOSURE);
        assertThat(n.count("--count", 0)).isEqualTo(3);
        assertThat(n.seconds("--timeout", 0)).isEqualTo(0.25);
        assertThat(n.operand("ID")).isEqualTo("0");
        assertThat(n.closure()).isSameAs(CLOSURE);
        Arguments b = Arguments.parse(Help.MONITOR_USAGE, "--count=7", "0");
        assertThat(b.count("--count", 0)).isEqualTo(7);
        assertThat(b.seconds("--timeout", 0)).isZero();
    }

    @Test
    void aClosureIsTakenWhereOneIsExpected() throws UsageException {
        Arguments a = Arguments.parse(Help.MONITOR_USAGE, "0", "--count", "1", CLOSURE);
        assertThat(a.operand("ID")).isEqualTo("0");
        assertThat(a.closure()).isSameAs(CLOSURE);
        a.end();
        assertThat(Arguments.parse(Help.MONITOR_USAGE, "0").closure()).isNull();
    }

    @Test
    void errorsNameTheBadValueAndShowTheUsageLineOnOneLine() {
        assertUsageError(() -> Arguments.parse(Help.CAPS_USAGE).operand("ID"),
                "midi:caps: missing ID; usage: midi:caps [-i] ID");
        assertUsageError(() -> Arguments.parse(Help.MONITOR_USAGE, "0", "--count", "x").count("--count", 0),
                "midi:monitor: --count 'x' is not a whole number 0 or more; usage: midi:monitor [-o] ID [--count N] [--timeout S] [{ COMMANDS }]");
        assertUsageError(() -> Arguments.parse(Help.MONITOR_USAGE, "0", "--count", "-2").count("--count", 0),
                "--count '-2' is not a whole number");
        assertUsageError(() -> Arguments.parse(Help.MONITOR_USAGE, "0", "--timeout", "NaN").seconds("--timeout", 0),
                "--timeout 'NaN' is not a number of seconds");
        assertUsageError(() -> Arguments.parse(Help.MONITOR_USAGE, "0", "--count"), "--count needs a value N");
        assertUsageError(() -> Arguments.parse(Help.CAPS_USAGE, "0", "--nosuch"), "unknown option '--nosuch'");
        assertUsageError(() -> Arguments.parse(Help.CAPS_USAGE, "--input=yes", "0"), "--input takes no value");
        assertUsageError(() -> {
            Arguments a = Arguments.parse(Help.RESET_USAGE, "0", "1");
            a.operand("ID");
            a.end();
        }, "midi:reset: unexpected argument '1'; usage: midi:reset ID");
        assertUsageError(() -> Arguments.parse(Help.CAPS_USAGE, CLOSURE).operand("ID"), "ID expected where a { closure } is");
    }

    @Test
    void helpPrintsTheUsageLineDescriptionOperandsAndOptions() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Help.MONITOR_USAGE.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).isEqualTo("usage: midi:monitor [-o] ID [--count N] [--timeout S] [{ COMMANDS }]");
        assertThat(lines.get(1)).isEqualTo(Help.MONITOR);
        assertThat(lines).anyMatch(l -> l.matches("  ID\\s+a device id .*"));
        assertThat(lines).anyMatch(l -> l.matches("  -n, --count N\\s+stop after N messages.*"));
        assertThat(lines).anyMatch(l -> l.matches("  -o, --out\\s+the id is an output's: print what every client sends to it.*"));
        assertThat(lines).anyMatch(l -> l.matches("  -h, --help\\s+print this help instead of running"));
    }

    @Test
    void theOverviewHasOneLinePerCommand() {
        List<String> lines = Help.OVERVIEW.lines().toList();
        assertThat(lines).hasSize(15);
        for (String command : List.of("devices", "caps", "drivers", "send", "monitor", "reset", "volume", "play", "stop",
                "record", "render", "connect", "disconnect", "routes")) {
            assertThat(lines).anyMatch(l -> l.startsWith("   midi:" + command + " "));
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    private static void assertUsageError(Call call, String text) {
        assertThatThrownBy(call::run).isInstanceOf(UsageException.class).hasMessageContaining(text)
                .hasMessageNotContaining("\n").hasMessageNotContaining("coerce");
    }
}
