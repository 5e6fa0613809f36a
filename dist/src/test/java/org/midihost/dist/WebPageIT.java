package org.midihost.dist;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.midihost.dist.HostProcess.jar;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in a real browser (Debian's Chromium through Selenium) against the distribution
 * jar, run as a user runs it: with its console in a pseudo-terminal ({@link TerminalProcess}), so
 * that {@code midi:devices} and {@code midi:send} run in the very host the page shows, on a free
 * port given with {@code -Dorg.osgi.service.http.port}; a second host, bound beyond loopback by
 * {@code deploy/org.apache.felix.http.cfg}, for the token. One browser for the class; the tests
 * run in order.
 *
 * <p>Needs {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} ({@code apt-get install -y
 * chromium chromium-driver}; CI's {@code .ci/run} installs them); {@code -Dbrowser.skip=true}
 * skips the class on a machine without them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebPageIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String TABLE_HEADER = "DIR  ID  ENDPOINT";
    /** Where the browser saves downloads (the recorded .mid). */
    private static final Path DOWNLOADS = Path.of(System.getProperty("java.io.tmpdir"), "midihost-webpageit-" + ProcessHandle.current().pid());
    private static final Pattern DEVICE_ROW = Pattern.compile("(out|in)\\s+-?\\d+\\s+\\S+.*");

    /** The host's working directory (its deploy folder inside), for the whole class. */
    @TempDir
    static Path work;

    private TerminalProcess console;
    private ChromeDriver browser;
    private HttpClient http;
    private int port;
    private String base;
    private final List<String> browserLog = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("browser.skip"), "-Dbrowser.skip=true");
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new AssertionError("WebPageIT needs a real browser: run `apt-get install -y chromium chromium-driver` "
                    + "(CI's .ci/run does), or skip these tests with -Dbrowser.skip=true");
        }
        port = freePort();
        base = "http://127.0.0.1:" + port + "/";
        long t0 = System.nanoTime();
        console = new TerminalProcess(jar(), work, List.of("-Dorg.osgi.service.http.port=" + port));
        console.awaitPrompts(1, WAIT);
        console.await("the page's line", s -> s.contains("web page: " + base), WAIT);
        long t1 = System.nanoTime();
        browser = chrome("1280,1000");
        System.out.printf("WebPageIT: host with page up in %d ms, browser in %d ms%n",
                (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (console != null) {
            console.close();
        }
        try (Stream<Path> files = Files.walk(DOWNLOADS)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // nothing was downloaded
        }
    }

    static ChromeDriver chrome(String windowSize) {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=" + windowSize,
                "--disable-dev-shm-usage", "--no-first-run", "--lang=en-US");
        options.setExperimentalOption("prefs", Map.of("download.default_directory", DOWNLOADS.toString(),
                "download.prompt_for_download", false));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .withSilent(true).build();
        return new ChromeDriver(service, options);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    // --- helpers -------------------------------------------------------------------------------

    private <T> T until(String what, ExpectedCondition<T> condition) {
        return until(browser, what, condition);
    }

    private static <T> T until(WebDriver driver, String what, ExpectedCondition<T> condition) {
        // the page redraws its tables on every change: an element found a moment ago may be gone
        return new WebDriverWait(driver, WAIT, Duration.ofMillis(50)).withMessage(what)
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    private WebElement css(String selector) {
        return browser.findElement(By.cssSelector(selector));
    }

    private List<WebElement> all(String selector) {
        return browser.findElements(By.cssSelector(selector));
    }

    /** Types a command at the host's console and waits for the next prompt: it has run. */
    private String command(String line) throws Exception {
        int before = console.screen().length();
        int prompts = console.prompts();
        console.type(line + "\r");
        console.awaitPrompts(prompts + 1, WAIT);
        return console.screen().substring(before);
    }

    /** @return the device rows {@code midi:devices} prints now, each as its seven columns */
    private List<List<String>> shellDevices() throws Exception {
        String out = command("midi:devices");
        String table = out.substring(out.lastIndexOf(TABLE_HEADER));
        List<List<String>> rows = new ArrayList<>();
        for (String line : table.lines().skip(1).toList()) {
            if (DEVICE_ROW.matcher(line.strip()).matches()) {
                rows.add(List.of(line.strip().split("\\s{2,}")));
            }
        }
        return rows;
    }

    /** @return the page's device rows, each as the direction and its six cells */
    private List<List<String>> pageDevices() {
        List<List<String>> rows = new ArrayList<>();
        for (String dir : List.of("outputs", "inputs")) {
            for (WebElement tr : all("#devices-" + dir + " tbody tr[data-endpoint]")) {
                List<String> row = new ArrayList<>();
                row.add(dir.equals("outputs") ? "out" : "in");
                for (WebElement td : tr.findElements(By.tagName("td"))) {
                    row.add(td.getText().strip());
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private void openPage() {
        if (!browser.getCurrentUrl().startsWith(base)) {
            browser.get(base);
        }
        until("the device tables drawn", d -> "shown".equals(css("body").getAttribute("data-devices")));
    }

    private EventStreamClient traffic(String query) throws Exception {
        return new EventStreamClient(http, URI.create(base + "api/traffic?" + query));
    }

    private static EventStreamClient.Event midi(EventStreamClient stream, String hex) throws InterruptedException {
        return stream.next("midi " + hex, e -> e.name().equals("midi") && e.data().contains("\"hex\":\"" + hex + "\""),
                e -> !e.name().equals("midi"), WAIT);
    }

    private void keepBrowserLog() {
        for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
            browserLog.add(e.getLevel() + " " + e.getMessage());
        }
    }

    // --- tests ---------------------------------------------------------------------------------

    @Test
    @Order(1)
    void thePageLoadsAndItsDeviceTablesAreWhatMidiDevicesPrints() throws Exception {
        long t0 = System.nanoTime();
        browser.get(base);
        until("the device tables drawn", d -> "shown".equals(css("body").getAttribute("data-devices")));
        System.out.printf("WebPageIT: page loaded and live in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(browser.getTitle()).isEqualTo("midihost");
        until("the status says live", d -> "live".equals(css("#status").getAttribute("data-state")));

        List<List<String>> shell = shellDevices();
        assertThat(shell).as("midi:devices lists the loopback; " + console.screen())
                .anyMatch(r -> r.get(0).equals("in") && r.get(2).equals("loopback/0"));
        until("the page's rows equal midi:devices' " + shell, d -> pageDevices().equals(shell));
        assertThat(css("#devices-outputs tbody tr[data-endpoint=\"synth/0\"]").getText()).contains("Gervill Synthesizer", "swsynth");
        List<String> loopback = all("#drivers tbody tr[data-driver=\"loopback\"] td").stream().map(WebElement::getText).toList();
        assertThat(loopback).as("driver, bundle, version, state, outputs, inputs, stuck calls").hasSize(7);
        assertThat(loopback.subList(0, 2)).containsExactly("loopback", "org.midihost.driver.loopback");
        assertThat(loopback.get(3)).isEqualToIgnoringCase("active");
        assertThat(loopback.subList(4, 7)).containsExactly("1", "1", "0");
    }

    @Test
    @Order(2)
    void aLoopbackCfgDroppedIntoDeployShowsItsDevicesWithoutAReloadAndDeletingItRemovesThem() throws Exception {
        openPage();
        JavascriptExecutor js = browser;
        js.executeScript("window.stillTheSamePage = 'yes';");
        Path cfg = work.resolve("deploy/org.midihost.driver.loopback-studio.cfg");
        Path part = work.resolve("deploy/org.midihost.driver.loopback-studio.cfg.part");
        Files.writeString(part, "midihost.driver.id=studio\ncables=2\n", UTF_8);
        Files.move(part, cfg, StandardCopyOption.ATOMIC_MOVE);
        long t0 = System.nanoTime();
        until("studio/0 and studio/1 on the page", d -> all("#devices-inputs tbody tr[data-endpoint^=\"studio/\"]").size() == 2
                && all("#devices-outputs tbody tr[data-endpoint^=\"studio/\"]").size() == 2);
        System.out.printf("WebPageIT: dropped .cfg on the page in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(css("#devices-inputs tbody tr[data-endpoint=\"studio/1\"]").getText()).contains("Loopback 2", "studio");
        assertThat(all("#drivers tbody tr[data-driver=\"studio\"]")).as("the new driver's row").hasSize(1);
        assertThat(new Select(css("#keyboard-output")).getOptions()).as("the pickers follow")
                .anyMatch(o -> o.getAttribute("value").equals("studio/1"));
        List<List<String>> shell = shellDevices();
        until("the page's rows equal midi:devices' " + shell, d -> pageDevices().equals(shell));

        // watched while it goes and comes back: the stream stays, and says so
        css("[data-testid=\"traffic-in-studio/1\"]").click();
        until("watching studio/1", d -> "live".equals(css("#traffic-state").getAttribute("data-state")));

        Files.delete(cfg);
        until("studio's devices gone from the page", d -> all("tr[data-endpoint^=\"studio/\"]").isEmpty());
        assertThat(all("#drivers tbody tr[data-driver=\"studio\"]")).isEmpty();
        until("the traffic view saying studio/1 is gone", d -> all("#traffic-log li.note.closed").stream()
                .anyMatch(li -> li.getText().startsWith("studio/1 is gone")));
        assertThat(css("[data-testid=\"traffic-in-studio/1\"]").isSelected()).as("still ticked").isTrue();
        assertThat(css("#traffic-inputs").getText()).contains("studio/1 (gone)");

        Files.writeString(part, "midihost.driver.id=studio\ncables=2\n", UTF_8);
        Files.move(part, cfg, StandardCopyOption.ATOMIC_MOVE);
        until("the traffic view saying studio/1 is back", d -> all("#traffic-log li.note.reopened").stream()
                .anyMatch(li -> li.getText().startsWith("studio/1 is back")));
        command("midi:send studio/1 90 3C 64");
        until("its traffic flowing again", d -> all("#traffic-log li.msg[data-endpoint=\"studio/1\"]").stream()
                .anyMatch(li -> li.getText().contains("90 3C 64")));
        css("[data-testid=\"traffic-in-studio/1\"]").click();
        until("not watching", d -> "idle".equals(css("#traffic-state").getAttribute("data-state")));
        Files.delete(cfg);
        until("studio's devices gone again", d -> all("tr[data-endpoint^=\"studio/\"]").isEmpty());
        assertThat(js.executeScript("return window.stillTheSamePage;")).as("no reload happened").isEqualTo("yes");
    }

    @Test
    @Order(3)
    void aNoteSentWithMidiSendShowsInTheTrafficOfTheLoopbackInputAndOfItsOutputThroughTheSpy() throws Exception {
        openPage();
        css("#traffic-clear").click();
        assertThat(all("#traffic-log li")).as("Clear empties the list").isEmpty();
        css("[data-testid=\"traffic-in-loopback/0\"]").click();
        until("the traffic stream open", d -> "live".equals(css("#traffic-state").getAttribute("data-state")));
        until("the page holds the loopback input open", d -> css("#devices-inputs tbody tr[data-endpoint=\"loopback/0\"] td:last-child").getText().equals("1"));

        command("midi:send loopback/0 90 3C 64");
        WebElement line = until("the note on in the traffic view", d -> all("#traffic-log li.msg").stream()
                .filter(li -> li.getText().contains("90 3C 64")).findFirst().orElse(null));
        assertThat(line.getAttribute("data-endpoint")).isEqualTo("loopback/0");
        assertThat(line.getAttribute("data-dir")).isEqualTo("in");
        assertThat(line.findElement(By.className("t")).getText()).as("a time stamp").matches("\\d+\\.\\d{3}");
        assertThat(line.findElement(By.className("ep")).getText()).isEqualTo("\u2190 loopback/0");
        assertThat(line.findElement(By.className("text")).getText()).as("decoded").contains("C4").contains("100");
        until("a count per second", d -> css("#traffic-rates").getText().contains("in loopback/0: "));

        // a long sysex is one line, shortened until clicked
        StringBuilder sysex = new StringBuilder("F0 7D");
        for (int i = 0; i < 38; i++) {
            sysex.append(String.format(" %02X", i));
        }
        sysex.append(" F7");
        command("midi:send loopback/0 " + sysex);
        WebElement sx = until("the sysex line", d -> all("#traffic-log li.msg.sysex").stream().findFirst().orElse(null));
        assertThat(sx.findElement(By.className("hex")).getText()).startsWith("F0 7D 00").contains("(41 bytes, click to show all)");
        sx.click();
        assertThat(sx.findElement(By.className("hex")).getText()).isEqualTo(sysex.toString());

        // filters: no notes, then channel 2 only
        css("[data-testid=\"traffic-type-note\"]").click();
        assertThat(line.isDisplayed()).as("note lines hidden").isFalse();
        assertThat(sx.isDisplayed()).as("the sysex still shown").isTrue();
        css("[data-testid=\"traffic-type-note\"]").click();
        new Select(css("#traffic-channel")).selectByValue("2");
        assertThat(line.isDisplayed()).as("a channel 1 note hidden when channel 2 is picked").isFalse();
        new Select(css("#traffic-channel")).selectByValue("");
        assertThat(line.isDisplayed()).isTrue();

        // pause holds new lines back; resume shows them
        css("#traffic-pause").click();
        command("midi:send loopback/0 B0 07 64");
        until("the held count", d -> css("#traffic-state").getText().equals("paused: 1 message(s) waiting"));
        assertThat(all("#traffic-log li.msg")).noneMatch(li -> li.getText().contains("B0 07 64"));
        css("#traffic-pause").click();
        until("the held line shown after resume", d -> all("#traffic-log li.msg").stream().anyMatch(li -> li.getText().contains("B0 07 64")));

        // an output too, through the host's spy: what is sent to loopback/0 shows going out, then coming in
        css("[data-testid=\"traffic-out-loopback/0\"]").click();
        until("the stream reopened with the output", d -> "live".equals(css("#traffic-state").getAttribute("data-state"))
                && css("#traffic-state").getText().contains("out loopback/0"));
        command("midi:send loopback/0 90 3E 64");
        until("the note going out and coming in", d -> all("#traffic-log li.msg").stream()
                .filter(li -> li.getText().contains("90 3E 64")).map(li -> li.getAttribute("data-dir")).toList().containsAll(List.of("out", "in")));
        WebElement out = all("#traffic-log li.msg[data-dir=\"out\"]").get(0);
        assertThat(out.findElement(By.className("ep")).getText()).isEqualTo("\u2192 loopback/0");

        // a burst: the list keeps the last 500 lines
        for (int i = 0; i < 300; i++) {
            int controller = i == 299 ? 2 : 1; // the last one told apart: B0 02 2B
            HttpResponse<String> sent = http.send(HttpRequest.newBuilder(URI.create(base + "api/send"))
                    .header("Content-Type", "application/json").header("X-Midihost", "1")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"output\":\"loopback/0\",\"bytes\":[176," + controller + "," + (i % 128) + "]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(204);
        }
        until("the burst's last message shown coming in", d -> all("#traffic-log li.msg[data-dir=\"in\"]").stream()
                .anyMatch(li -> li.getText().contains("B0 02 2B")));
        assertThat(all("#traffic-log li")).as("300 messages out and in: 600 lines, of which the last 500 are kept").hasSize(500);
    }

    @Test
    @Order(4)
    void clickingTouchingAndTypingOnThePianoPlayNotesThatAnApiClientOnTheLoopbackInputReceives() throws Exception {
        openPage();
        new Select(css("#keyboard-output")).selectByValue("loopback/0");
        try (EventStreamClient in = traffic("in=loopback/0")) {
            css("#piano [data-note=\"60\"]").click();
            assertThat(midi(in, "90 3C 64").data()).contains("\"dir\":\"in\"", "\"endpoint\":\"loopback/0\"", "\"channel\":1");
            midi(in, "80 3C 00");

            // channel, velocity and a General MIDI program
            new Select(css("#keyboard-channel")).selectByVisibleText("10");
            new Select(css("#keyboard-program")).selectByVisibleText("41 Violin");
            midi(in, "C9 28");
            css("#piano [data-note=\"62\"]").click();
            midi(in, "99 3E 64");
            midi(in, "89 3E 00");
            new Select(css("#keyboard-channel")).selectByVisibleText("1");

            // the computer keyboard: K is the C above the middle row's A (C4 with the octave at C3)
            new Actions(browser).moveToElement(css("#keyboard-title")).click()
                    .sendKeys("k").perform();
            midi(in, "90 48 64");
            midi(in, "80 48 00");

            // touch: a tap, then a finger sliding from C4 to D4 plays one note after the other
            touch(css("#piano [data-note=\"60\"]"), null);
            midi(in, "90 3C 64");
            midi(in, "80 3C 00");
            touch(css("#piano [data-note=\"60\"]"), css("#piano [data-note=\"62\"]"));
            midi(in, "90 3C 64");
            midi(in, "80 3C 00");
            midi(in, "90 3E 64");
            midi(in, "80 3E 00");
        }
        assertThat(css("#keyboard-error").isDisplayed()).as(css("#keyboard-error").getText()).isFalse();
    }

    /** A finger down on one element, optionally sliding to another, and up. */
    private void touch(WebElement from, WebElement to) {
        PointerInput finger = new PointerInput(
                PointerInput.Kind.TOUCH, "finger");
        Sequence s = new Sequence(finger, 0);
        PointerInput.Origin at = PointerInput.Origin.fromElement(from);
        s.addAction(finger.createPointerMove(Duration.ZERO, at, 0, 0));
        s.addAction(finger.createPointerDown(PointerInput.MouseButton.LEFT.asArg()));
        if (to != null) {
            s.addAction(finger.createPointerMove(Duration.ofMillis(150),
                    PointerInput.Origin.fromElement(to), 0, 0));
        }
        s.addAction(finger.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
        browser.perform(List.of(s));
    }

    @Test
    @Order(5)
    void notesArrivingAtTheChosenInputLightTheKeys() throws Exception {
        openPage();
        new Select(css("#keyboard-input")).selectByValue("loopback/0");
        until("the lighting stream open", d -> "live".equals(css("#piano").getAttribute("data-light")));
        command("midi:send loopback/0 90 40 64");
        until("E4 lit", d -> css("#piano [data-note=\"64\"]").getAttribute("class").contains("lit"));
        command("midi:send loopback/0 80 40 00");
        until("E4 dark again", d -> !css("#piano [data-note=\"64\"]").getAttribute("class").contains("lit"));
        new Select(css("#keyboard-input")).selectByValue("");
    }

    @Test
    @Order(6)
    void aStateChangingRequestFromAnotherOriginIsRefused() throws Exception {
        // the server's answer, as any client sees it
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(base + "api/send"))
                .header("Content-Type", "application/json").header("X-Midihost", "1").header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("{\"output\":\"loopback/0\",\"bytes\":[144,60,100]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("cross-site request refused");

        // a page of another origin, in the same browser, tries what a hostile page would
        HttpServer evil = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String target = base + "api/send";
        String page = "<!DOCTYPE html><title>evil</title><script>"
                + "const body = JSON.stringify({output:'loopback/0', bytes:[144,60,100]});"
                + "Promise.allSettled(["
                + " fetch('" + target + "', {method:'POST', mode:'no-cors', headers:{'Content-Type':'text/plain'}, body}),"
                + " fetch('" + target + "', {method:'POST', headers:{'Content-Type':'application/json','X-Midihost':'1'}, body})"
                + "]).then(r => { document.title = 'tried ' + r.map(x => x.status).join(' '); });"
                + "</script>";
        evil.createContext("/", x -> {
            byte[] b = page.getBytes(UTF_8);
            x.getResponseHeaders().set("Content-Type", "text/html;charset=utf-8");
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        evil.start();
        try (EventStreamClient in = traffic("in=loopback/0")) {
            browser.get("http://127.0.0.1:" + evil.getAddress().getPort() + "/");
            until("the hostile page's requests settled", d -> d.getTitle().startsWith("tried "));
            // then a note of our own: it must be the first thing the input gets
            command("midi:send loopback/0 90 7F 01");
            EventStreamClient.Event first = in.next("the first message", e -> e.name().equals("midi"), e -> true, WAIT);
            assertThat(first.data()).as("no note from the other origin came through").contains("\"hex\":\"90 7F 01\"");
        } finally {
            evil.stop(0);
        }
    }

    @Test
    @Order(7)
    void aFileUploadedOnThePagePlaysWithProgressToTheEndAndALongOneStopsOnStop() throws Exception {
        openPage();
        Path mid = work.resolve("tune.mid");
        Files.write(mid, halfSecondTune());
        css("#upload-file").sendKeys(mid.toString());
        css("#upload").click();
        WebElement row = until("the uploaded file listed, or the server's error", d -> {
            List<WebElement> rows = all("#files-table tbody tr[data-name=\"tune.mid\"]");
            return rows.isEmpty() ? null : rows.get(0);
        });
        assertThat(row.getText()).contains("tune.mid", "0:01");
        new Select(css("#play-output")).selectByValue("loopback/0");
        try (EventStreamClient in = traffic("in=loopback/0")) {
            row.findElement(By.cssSelector("button[data-play]")).click();
            WebElement done = until("the playback done", d -> all("#playbacks li[data-state=\"done\"]").stream().findFirst().orElse(null));
            WebElement bar = done.findElement(By.tagName("progress"));
            assertThat(bar.getAttribute("value")).isEqualTo(bar.getAttribute("max"));
            midi(in, "90 3C 64");
            midi(in, "80 3C 00");
        }

        // a long one, stopped while it plays
        Path longer = work.resolve("long.mid");
        Files.write(longer, tune(30_000));
        css("#upload-file").sendKeys(longer.toString());
        css("#upload").click();
        until("the long file listed", d -> !all("#files-table tbody tr[data-name=\"long.mid\"]").isEmpty());
        until("its play button clicked", d -> {
            css("#files-table tbody tr[data-name=\"long.mid\"] button[data-play]").click();
            return true;
        });
        WebElement playing = until("playing", d -> all("#playbacks li[data-state=\"playing\"]").stream().findFirst().orElse(null));
        playing.findElement(By.cssSelector("button[data-stop]")).click();
        until("stopped", d -> "stopped".equals(playing.getAttribute("data-state")));
        WebElement bar = playing.findElement(By.tagName("progress"));
        assertThat(Double.parseDouble(bar.getAttribute("value"))).as("stopped before the end")
                .isLessThan(Double.parseDouble(bar.getAttribute("max")));
    }

    @Test
    @Order(8)
    void aRouteMadeOnThePageIsListedWithItsTransformAndDeletedAndABadOneGetsTheServersMessage() throws Exception {
        openPage();
        css("#route-name").sendKeys("webkeys");
        new Select(css("#route-from")).selectByValue("loopback/0");
        css("[data-testid=\"route-to-synth/0\"]").click();
        css("#route-form summary").click();
        css("#route-form input[name=\"channels\"]").sendKeys("1-9");
        css("#route-form input[name=\"transpose\"]").sendKeys("-12");
        css("#route-create").click();
        // the list is redrawn as the route's counters change: its cells are read in one go
        List<String> cells = until("the route listed", d -> {
            List<String> texts = all("#routes-table tr[data-route=\"webkeys\"] td").stream().map(WebElement::getText).toList();
            return texts.isEmpty() ? null : texts;
        });
        assertThat(cells.subList(0, 3)).containsExactly("webkeys", "loopback/0", "synth/0");
        assertThat(cells.get(3)).as("its transform").contains("1-9").contains("-12");
        assertThat(cells.get(4)).isEqualTo("active");
        String routes = command("midi:routes");
        assertThat(routes).as("the shell sees it").containsPattern("webkeys\\s+loopback/0\\s+synth/0\\s+active");

        // a route that closes a cycle: the server's message, the page goes on
        css("#route-name").sendKeys("loop");
        new Select(css("#route-from")).selectByValue("loopback/0");
        css("[data-testid=\"route-to-loopback/0\"]").click();
        css("#route-create").click();
        until("the server's refusal shown", d -> css("#routes-error").isDisplayed());
        assertThat(css("#routes-error").getText()).startsWith("creating loop: ").contains("cycle");
        assertThat(all("#routes-table tr[data-route=\"loop\"]")).isEmpty();

        until("the delete button clicked", d -> {
            css("#routes-table button[data-delete=\"webkeys\"]").click();
            return true;
        });
        until("the route gone", d -> all("#routes-table tr[data-route=\"webkeys\"]").isEmpty());
        assertThat(command("midi:routes")).contains("0 route(s)");
    }

    @Test
    @Order(9)
    void anInputRecordedOnThePageIsDownloadedAsAMidiFile() throws Exception {
        openPage();
        new Select(css("#record-input")).selectByValue("loopback/0");
        css("#record-start").click();
        WebElement item = until("recording", d -> all("#recordings li[data-state=\"recording\"]").stream().findFirst().orElse(null));
        String id = item.getAttribute("data-recording");
        command("midi:send loopback/0 90 3C 64 80 3C 00");
        css("#record-stop").click();
        until("stopped", d -> "stopped".equals(item.getAttribute("data-state")));
        assertThat(item.getText()).contains("2 event(s)");
        Files.createDirectories(DOWNLOADS);
        item.findElement(By.cssSelector("button[data-download]")).click();
        Path file = DOWNLOADS.resolve(id + ".mid");
        until("the download saved", d -> Files.isRegularFile(file) && sizeOf(file) > 14);
        byte[] bytes = Files.readAllBytes(file);
        assertThat(new String(bytes, 0, 4, ISO_8859_1)).isEqualTo("MThd");
        assertThat(css("#files-error").isDisplayed()).as(css("#files-error").getText()).isFalse();
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1; // being written
        }
    }

    /** A format-0 SMF: C4 for one beat at 120 bpm (half a second), then the end. */
    private static byte[] halfSecondTune() {
        return tune(480);
    }

    /**
     * @param ticks how long C4 is held, in ticks of 480 per beat at 120 bpm (under 2^21)
     * @return a format-0 SMF of that one note
     */
    private static byte[] tune(int ticks) {
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        t.writeBytes(new byte[] { 0x00, (byte) 0x90, 0x3C, 0x64 });
        for (int shift = 14; shift > 0; shift -= 7) { // the delta time as a variable-length quantity
            if (ticks >> shift != 0) {
                t.write(0x80 | ticks >> shift & 0x7F);
            }
        }
        t.write(ticks & 0x7F);
        t.writeBytes(new byte[] { (byte) 0x80, 0x3C, 0x00, 0x00, (byte) 0xFF, 0x2F, 0x00 });
        byte[] track = t.toByteArray();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] { 'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 0, 0, 1, 0x01, (byte) 0xE0 });
        b.writeBytes(new byte[] { 'M', 'T', 'r', 'k', 0, 0, 0, (byte) track.length });
        b.writeBytes(track);
        return b.toByteArray();
    }

    @Test
    @Order(10)
    void theScreenshotShowsDevicesAndTrafficAndThePageFitsAPhone() throws Exception {
        browser.get(base);
        until("the device tables drawn", d -> "shown".equals(css("body").getAttribute("data-devices")));
        css("[data-testid=\"traffic-in-loopback/0\"]").click();
        until("the traffic stream open", d -> "live".equals(css("#traffic-state").getAttribute("data-state")));
        command("midi:send loopback/0 B0 07 64 C0 00 90 3C 64 90 40 5A 90 43 50 E0 00 48 80 3C 00 80 40 00 80 43 00");
        command("midi:send loopback/0 F0 7E 7F 06 01 F7 F0 43 10 4C 00 00 7E 00 F7");
        until("the lines shown", d -> all("#traffic-log li.msg").size() >= 11);
        until("a rate shown", d -> !all("#traffic-rates .rate").isEmpty());
        Path shot = Path.of(System.getProperty("midihost.web.screenshot", "target/web-page.png"));
        Files.createDirectories(shot.toAbsolutePath().getParent());
        Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
        System.out.println("WebPageIT: screenshot " + shot.toAbsolutePath());

        browser.manage().window().setSize(new Dimension(390, 844));
        JavascriptExecutor js = browser;
        until("the layout settled", d -> ((Number) js.executeScript("return document.documentElement.clientWidth")).intValue() <= 390);
        Number overflow = (Number) js.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(overflow.intValue()).as("no sideways scrolling on a phone-sized window").isLessThanOrEqualTo(0);
        assertThat(css("#piano [data-note=\"60\"]").isDisplayed()).isTrue();
        browser.manage().window().setSize(new Dimension(1280, 1000));
    }

    @Test
    @Order(11)
    void theBrowserReportedNoScriptErrorAndNoContentSecurityPolicyViolation() {
        keepBrowserLog();
        assertThat(browserLog).as("the browser's console").noneMatch(l -> l.contains("Uncaught") || l.contains("Refused to")
                || l.contains("Content Security Policy"));
    }

    // --- beyond loopback: a second host, bound to every address, with a token ------------------

    private static Optional<InetAddress> siteAddress() throws IOException {
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp() || nif.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }

    @Test
    @Order(12)
    void beyondLoopbackThePageNeedsTheTokenAndAsksForIt() throws Exception {
        InetAddress address = siteAddress().orElse(null);
        Assumptions.assumeTrue(address != null, "this machine has no non-loopback IPv4 address to test from");
        Path other = work.resolve("beyond");
        Files.createDirectories(other.resolve("deploy"));
        int otherPort = freePort();
        String token = "t0ken-" + Long.toHexString(System.nanoTime());
        Files.writeString(other.resolve("deploy/org.apache.felix.http.cfg"),
                "org.osgi.service.http.port=" + otherPort + "\norg.apache.felix.http.host=0.0.0.0\n", UTF_8);
        Files.writeString(other.resolve("deploy/org.midihost.web.cfg"), "token=" + token + "\n", UTF_8);
        String site = "http://" + address.getHostAddress() + ":" + otherPort + "/";
        try (HostProcess host = new HostProcess(jar(), other)) {
            host.awaitOut("the page's line", l -> l.startsWith("web page: ") && l.contains(":" + otherPort + "/"), WAIT);
            HttpResponse<String> without = http.send(HttpRequest.newBuilder(URI.create(site + "api/devices")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(without.statusCode()).as(without.body()).isEqualTo(401);
            HttpResponse<String> with = http.send(HttpRequest.newBuilder(URI.create(site + "api/devices"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(with.statusCode()).as(with.body()).isEqualTo(200);

            // the token in the address: used, kept for the tab, and taken out of the address bar
            browser.get(site + "#token=" + token);
            until("the device tables drawn with the token", d -> "shown".equals(css("body").getAttribute("data-devices")));
            assertThat(browser.getCurrentUrl()).doesNotContain(token);

            // no token: the page asks for it, and goes on with it
            ((JavascriptExecutor) browser).executeScript("sessionStorage.clear();");
            browser.get(site);
            until("the token dialog", d -> css("#token-dialog").isDisplayed());
            assertThat(css("#token-reason").getText()).isNotBlank();
            css("#token-input").sendKeys(token);
            css("#token-ok").click();
            until("the device tables drawn after the token was given",
                    d -> "shown".equals(css("body").getAttribute("data-devices")));
            assertThat(all("#devices-inputs tbody tr[data-endpoint=\"loopback/0\"]")).hasSize(1);
        } finally {
            keepBrowserLog();
            browser.get("about:blank");
        }
    }
}
