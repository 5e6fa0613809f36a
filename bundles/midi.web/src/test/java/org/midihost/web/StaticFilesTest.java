package org.midihost.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StaticFilesTest {
    @Test
    void pathsMapIntoWebOnly() {
        assertThat(StaticFiles.entryPath("/")).isEqualTo("web/index.html");
        assertThat(StaticFiles.entryPath("/app.js")).isEqualTo("web/app.js");
        assertThat(StaticFiles.entryPath("/css/page.css")).isEqualTo("web/css/page.css");
        assertThat(StaticFiles.entryPath("/css/")).as("a directory: no listing").isNull();
        assertThat(StaticFiles.entryPath("/../META-INF/MANIFEST.MF")).isNull();
        assertThat(StaticFiles.entryPath("/a/../../x")).isNull();
        assertThat(StaticFiles.entryPath("/./app.js")).isNull();
        assertThat(StaticFiles.entryPath("//app.js")).isNull();
        assertThat(StaticFiles.entryPath("/a\\..\\b")).isNull();
        assertThat(StaticFiles.entryPath("/app.js\u0000.png")).isNull();
        assertThat(StaticFiles.entryPath("app.js")).isNull();
        assertThat(StaticFiles.entryPath(null)).isNull();
    }

    @Test
    void typesByExtension() {
        assertThat(StaticFiles.contentType("web/index.html")).isEqualTo("text/html;charset=utf-8");
        assertThat(StaticFiles.contentType("web/app.JS")).isEqualTo("text/javascript;charset=utf-8");
        assertThat(StaticFiles.contentType("web/page.css")).isEqualTo("text/css;charset=utf-8");
        assertThat(StaticFiles.contentType("web/icon.svg")).isEqualTo("image/svg+xml");
        assertThat(StaticFiles.contentType("web/README")).isEqualTo("application/octet-stream");
        assertThat(StaticFiles.contentType("web/x.v1/file")).isEqualTo("application/octet-stream");
    }
}
