package org.midihost.web.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.midihost.web.ApiException;
import org.midihost.web.Json;

/** How {@code POST /api/routes} reads its fields, and the shape of a route in the answers. */
class RoutesServletTest {
    @Test
    void toIsAnArrayOrACommaSeparatedString() throws ApiException {
        assertThat(RoutesServlet.to(JsonParser.parseString("[\"synth/0\",\"loopback/1\"]"))).containsExactly("synth/0", "loopback/1");
        assertThat(RoutesServlet.to(JsonParser.parseString("\"synth/0,loopback/1\""))).containsExactly("synth/0", "loopback/1");
        assertThat(RoutesServlet.to(null)).isEmpty();
        assertThatThrownBy(() -> RoutesServlet.to(JsonParser.parseString("[1]"))).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.getMessage()).isEqualTo("'to' must be output endpoint ids (strings), not 1"));
        assertThatThrownBy(() -> RoutesServlet.to(JsonParser.parseString("{}")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void optionsAreStringsWholeNumbersFactorsOrLists() throws ApiException {
        assertThat(RoutesServlet.option("transpose", JsonParser.parseString("-12"))).isEqualTo(-12L);
        assertThat(RoutesServlet.option("transpose", JsonParser.parseString("12.0"))).isEqualTo(12L);
        assertThat(RoutesServlet.option("velocity-scale", JsonParser.parseString("0.8"))).isEqualTo(0.8);
        assertThat(RoutesServlet.option("channels", JsonParser.parseString("\"1-9\""))).isEqualTo("1-9");
        assertThat(RoutesServlet.option("channels", JsonParser.parseString("[1,2,\"4-5\"]"))).isEqualTo("1,2,4-5");
        assertThat(RoutesServlet.option("channels", JsonParser.parseString("null"))).isNull();
        assertThatThrownBy(() -> RoutesServlet.option("channels", JsonParser.parseString("true")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("'channels' must be a string or a number, not true");
                });
        assertThatThrownBy(() -> RoutesServlet.option("transpose", JsonParser.parseString("1e40")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).contains("out of range"));
    }

    @Test
    void aRowHasTheFieldsThePageReads() {
        RouteTable.Row row = new RouteTable.Row("keys", "loopback/0", List.of("synth/0"), Map.of("transpose", -12), "transpose -12",
                "waiting", List.of("synth/0"), 1, 2, 3, 0);
        assertThat(Json.GSON.toJson(row)).isEqualTo("{\"name\":\"keys\",\"from\":\"loopback/0\",\"to\":[\"synth/0\"],"
                + "\"transform\":{\"transpose\":-12},\"transformText\":\"transpose -12\",\"state\":\"waiting\","
                + "\"waitingFor\":[\"synth/0\"],\"passed\":1,\"filtered\":2,\"dropped\":3,\"throttled\":0}");
    }
}
