package org.midihost.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each of {@link ApiGuard}'s rules, from the side that passes and the side that is refused. */
class ApiGuardTest {
    private static ApiGuard.Incoming get(String remote, String host) {
        return new ApiGuard.Incoming("GET", "/api/devices", "http", remote, host, null, null, null, null, null, false, null);
    }

    private static ApiGuard.Incoming post(String remote, String host, String origin, String xMidihost, String contentType) {
        return new ApiGuard.Incoming("POST", "/api/send", "http", remote, host, origin, null, null, null, contentType, true,
                xMidihost);
    }

    @Test
    void fromLoopbackTheHostMustNameLoopback() {
        assertThat(ApiGuard.check(get("127.0.0.1", "localhost:8080"), null)).isNull();
        assertThat(ApiGuard.check(get("127.0.0.1", "127.0.0.1:8080"), null)).isNull();
        assertThat(ApiGuard.check(get("0:0:0:0:0:0:0:1", "[::1]:8080"), null)).isNull();
        assertThat(ApiGuard.check(get("127.0.0.1", "LOCALHOST"), null)).as("any case, no port").isNull();
        ApiGuard.Refusal r = ApiGuard.check(get("127.0.0.1", "evil.example:8080"), null);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.message()).startsWith("the Host header 'evil.example:8080' is not this machine");
        assertThat(ApiGuard.check(get("127.0.0.1", null), null).message()).startsWith("the Host header is missing");
        assertThat(ApiGuard.check(get("127.0.0.1", "localhost.evil.example"), null).status()).isEqualTo(403);
        assertThat(ApiGuard.check(get("127.0.0.1", "localhost:80x"), null).status()).as("a malformed port").isEqualTo(403);
    }

    @Test
    void fromAnotherAddressATokenIsNeeded() {
        ApiGuard.Refusal none = ApiGuard.check(get("192.168.1.20", "192.168.1.10:8080"), "");
        assertThat(none).isEqualTo(new ApiGuard.Refusal(403, ApiGuard.NO_TOKEN));
        assertThat(ApiGuard.check(get("192.168.1.20", "192.168.1.10:8080"), null).status()).isEqualTo(403);

        assertThat(ApiGuard.check(get("192.168.1.20", "x"), "t0ken").status()).as("missing").isEqualTo(401);
        ApiGuard.Incoming wrong = new ApiGuard.Incoming("GET", "/api/devices", "http", "192.168.1.20", "x", null,
                "Bearer nope", null, null, null, false, null);
        assertThat(ApiGuard.check(wrong, "t0ken")).isEqualTo(new ApiGuard.Refusal(401, "wrong token"));
        ApiGuard.Incoming right = new ApiGuard.Incoming("GET", "/api/devices", "http", "192.168.1.20", "x", null,
                "bearer t0ken", null, null, null, false, null);
        assertThat(ApiGuard.check(right, "t0ken")).isNull();
    }

    @Test
    void theQueryTokenCountsOnlyForAnEventSource() {
        ApiGuard.Incoming stream = new ApiGuard.Incoming("GET", "/api/events", "http", "10.0.0.2", "h", null, null, "t0ken",
                "text/event-stream", null, false, null);
        assertThat(ApiGuard.check(stream, "t0ken")).isNull();
        ApiGuard.Incoming plain = new ApiGuard.Incoming("GET", "/api/devices", "http", "10.0.0.2", "h", null, null, "t0ken",
                "application/json", null, false, null);
        assertThat(ApiGuard.check(plain, "t0ken").status()).isEqualTo(401);
        ApiGuard.Incoming postWithQuery = new ApiGuard.Incoming("POST", "/api/send", "http", "10.0.0.2", "h", null, null,
                "t0ken", "text/event-stream", "application/json", true, "1");
        assertThat(ApiGuard.check(postWithQuery, "t0ken").status()).isEqualTo(401);
    }

    @Test
    void aStateChangeNeedsTheHeaderAndTheSameOrigin() {
        assertThat(ApiGuard.check(post("127.0.0.1", "localhost:8080", null, "1", "application/json"), null)).isNull();
        assertThat(ApiGuard.check(post("127.0.0.1", "localhost:8080", "http://localhost:8080", "1", "application/json; charset=utf-8"), null))
                .isNull();
        ApiGuard.Refusal noHeader = ApiGuard.check(post("127.0.0.1", "localhost:8080", null, null, "application/json"), null);
        assertThat(noHeader).isEqualTo(new ApiGuard.Refusal(403, "cross-site request refused: the header X-Midihost: 1 is missing"));
        assertThat(ApiGuard.check(post("127.0.0.1", "localhost:8080", null, "yes", "application/json"), null).status()).isEqualTo(403);
        ApiGuard.Refusal other = ApiGuard.check(post("127.0.0.1", "localhost:8080", "http://evil.example", "1", "application/json"), null);
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.message()).isEqualTo("cross-site request refused: Origin http://evil.example is not http://localhost:8080");
        assertThat(ApiGuard.check(post("127.0.0.1", "localhost:8080", "http://localhost:8081", "1", "application/json"), null)
                .status()).as("another port").isEqualTo(403);
        assertThat(ApiGuard.check(post("127.0.0.1", "localhost:8080", "null", "1", "application/json"), null).status())
                .as("an opaque origin").isEqualTo(403);
        assertThat(ApiGuard.check(post("127.0.0.1", "localhost", "http://localhost:80", "1", "application/json"), null))
                .as("the scheme's default port either way").isNull();
        ApiGuard.Incoming delete = new ApiGuard.Incoming("DELETE", "/api/routes/x", "http", "127.0.0.1", "localhost", null,
                null, null, null, null, false, null);
        assertThat(ApiGuard.check(delete, null).status()).isEqualTo(403);
    }

    @Test
    void aBodyMustBeJsonExceptAFileUpload() {
        ApiGuard.Refusal r = ApiGuard.check(post("127.0.0.1", "localhost", null, "1", "text/plain"), null);
        assertThat(r).isEqualTo(new ApiGuard.Refusal(415, "the body must be JSON (Content-Type: application/json), not text/plain"));
        assertThat(ApiGuard.check(post("127.0.0.1", "localhost", null, "1", null), null).status()).isEqualTo(415);
        ApiGuard.Incoming upload = new ApiGuard.Incoming("POST", "/api/files", "http", "127.0.0.1", "localhost", null, null,
                null, null, "audio/midi", true, "1");
        assertThat(ApiGuard.check(upload, null)).isNull();
        ApiGuard.Incoming noBody = new ApiGuard.Incoming("POST", "/api/play/p1/stop", "http", "127.0.0.1", "localhost", null,
                null, null, null, null, false, "1");
        assertThat(ApiGuard.check(noBody, null)).isNull();
    }

    @Test
    void loopbackIsJudgedFromAddressLiteralsOnly() {
        assertThat(ApiGuard.isLoopback("127.0.0.1")).isTrue();
        assertThat(ApiGuard.isLoopback("127.5.5.5")).isTrue();
        assertThat(ApiGuard.isLoopback("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(ApiGuard.isLoopback("[::1]")).isTrue();
        assertThat(ApiGuard.isLoopback("192.168.1.2")).isFalse();
        assertThat(ApiGuard.isLoopback("localhost")).as("a name is never looked up").isFalse();
        assertThat(ApiGuard.isLoopback(null)).isFalse();
    }
}
