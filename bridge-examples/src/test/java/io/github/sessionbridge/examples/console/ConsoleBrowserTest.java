package io.github.sessionbridge.examples.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.sessionbridge.core.SessionBridge;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The whole chain in a real browser: headless Chromium (Debian's, driven by Debian's chromedriver; nothing is
 * downloaded) opens the console page, whose session-bridge.js (bridge-web's WebJar) talks the browser protocol
 * over a WebSocket to bridge-web's Jakarta endpoint in {@link ConsoleServer}, whose {@link SessionBridge} talks
 * C-link over loopback TCP to the demo's fake C server ({@code FakeCServer} on 127.0.0.1).
 *
 * <p>Screenshots land in {@code target/screenshots/}. Without a browser, or without xterm.js (npm was not on
 * the PATH at build time), the test is skipped, except in CI ({@code CI=true}), where .ci/run installs both
 * and a missing one fails it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    private static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver", "/usr/bin/chromedriver"));
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(20);

    private Path recordings;
    private DemoCServer demo;
    private SessionBridge bridges;
    private ConsoleServer console;
    private WebDriver browser;
    private WebDriverWait await;

    @BeforeAll
    void start(@TempDir Path temp) throws Exception {
        boolean haveBrowser = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        boolean haveXterm = ConsoleBrowserTest.class.getResource("/console/vendor/lib/xterm.js") != null;
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(haveBrowser, "no " + CHROMIUM + " or " + CHROMEDRIVER
                    + ": apt-get install chromium chromium-driver (CI installs them)");
            Assumptions.assumeTrue(haveXterm, "the console was built without xterm.js (npm was not on the PATH):"
                    + " install Node.js and npm (CI installs them)");
        }
        assertThat(haveBrowser).as("%s and %s are installed", CHROMIUM, CHROMEDRIVER).isTrue();
        assertThat(haveXterm).as("xterm.js was fetched by npm at build time").isTrue();
        Files.createDirectories(SCREENSHOTS);

        recordings = Files.createDirectories(temp.resolve("recordings"));
        demo = DemoCServer.start(6.0, recordings);          // the sample SSH session lasts ~8 s at 6x
        bridges = SessionBridge.create(demo.bridgeConfig().build());
        console = ConsoleServer.start("127.0.0.1", 0, bridges, demo.directory(), demo.describe());

        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withEnvironment(Map.of("TZ", "Asia/Shanghai"))   // the sample sessions' time zone
                .withLogFile(SCREENSHOTS.resolve("chromedriver.log").toFile())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--force-device-scale-factor=1", "--lang=en-US", "--window-size=1440,1200",
                "--user-data-dir=" + Files.createDirectories(temp.resolve("chromium-profile")));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        browser = new ChromeDriver(service, options);
        await = new WebDriverWait(browser, WAIT, Duration.ofMillis(100));
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (console != null) {
            console.close();
        }
        if (bridges != null) {
            bridges.close();
        }
        if (demo != null) {
            demo.close();
        }
    }

    @BeforeEach
    void openPage() {
        browser.manage().window().setSize(new Dimension(1440, 1200));
        browser.get(console.url().toString());
        until(() -> text(By.id("link")).equals("connected") && rows().size() == 5);
    }

    @AfterEach
    void noScriptErrors() {
        List<String> severe = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
        assertThat(severe).as("errors in the browser's console").isEmpty();
    }

    @Test
    @Order(1)
    void lists_the_sessions_with_accessible_controls() throws IOException {
        assertThat(rowText("sample-ssh")).contains("SSH", "ops", "web-01", "2026-03-09 09:15", "live", "REC");
        assertThat(rowText("sample-rdp")).contains("RDP", "administrator", "win-app-02", "live");
        assertThat(rowText("db-maint-7")).contains("dba", "db-01", "live").doesNotContain("REC");
        assertThat(rowText("s-0308-1742")).contains("ended", "REC");
        assertThat(rowText("s-0307-2210")).contains("ended").doesNotContain("REC");
        assertThat(button("s-0308-1742", "Watch").isEnabled()).as("an ended session cannot be watched").isFalse();
        assertThat(button("db-maint-7", "Replay").isEnabled()).as("no recording, no replay").isFalse();
        assertThat(button("s-0307-2210", "Replay").isEnabled()).as("no file").isFalse();
        assertThat(button("s-0307-2210", "C replay").isEnabled()).as("the C server holds it").isTrue();
        assertThat(row("s-0308-1742").findElements(By.xpath(".//button[normalize-space()='C replay']"))).isEmpty();

        // every control has a name a screen reader can say, and is reachable with Tab
        Object unnamed = js("""
                return [...document.querySelectorAll('button, input, select')].filter(e => {
                  const label = e.getAttribute('aria-label') || e.textContent.trim()
                      || (e.id && document.querySelector('label[for="' + e.id + '"]'));
                  return !label || e.tabIndex < 0;
                }).map(e => e.outerHTML)""");
        assertThat((List<?>) unnamed).as("controls without an accessible name, or out of the tab order").isEmpty();
        screenshot("sessions");
    }

    @Test
    @Order(2)
    void watches_a_live_terminal_session_until_it_finishes() throws IOException {
        button("sample-ssh", "Watch").click();
        until(() -> text(By.id("viewer-title")).equals("Live · sample-ssh"));
        // the banner, seen whole before top takes the screen (at the demo's 6x it has under 2 s of it)
        until(() -> terminalText().contains("Last login: Sun Mar") && terminalText().contains("Linux web-01"));
        until(() -> text(By.id("live-edge")).equals("● LIVE"));              // a timeline at the live edge
        until(() -> terminalText().contains("load average"));          // top, on the alternate screen
        screenshot("watch-terminal");
        assertThat(commandTexts()).as("the live input log").contains("ls -lF --color=auto", "top");

        until(() -> text(By.id("banner")).equals("Session finished."));   // the C server's '3'
        assertThat(terminalText()).contains("logout");
        until(() -> rowText("sample-ssh").contains("ended"));
        assertThat(button("sample-ssh", "Watch").isEnabled()).isFalse();
        screenshot("watch-finished");
    }

    @Test
    @Order(3)
    void watches_a_graphical_session_on_a_canvas() throws IOException {
        button("sample-rdp", "Watch").click();
        until(() -> browser.findElement(By.id("frames")).isDisplayed());
        until(() -> (Boolean) js("""
                const c = document.getElementById('frames');
                if (c.width < 64 || c.height < 32) return false;
                const px = c.getContext('2d').getImageData(20, 12, 1, 1).data;   // inside the first 64x32 frame
                return px[3] === 255 && (px[0] + px[1] + px[2]) > 0;"""));
        until(() -> commandTexts().contains("mouse click (20, 12)"));
        screenshot("watch-screen-frames");
    }

    @Test
    @Order(4)
    void leaving_the_page_closes_its_bridge() {
        button("db-maint-7", "Watch").click();
        until(() -> terminalText().contains("checkpoint starting"));
        assertThat(bridges.bridgesOfSession("db-maint-7")).hasSize(1);

        // close the tab: its WebSocket closes, and the host closes the Bridge and so its C connection
        String consoleTab = browser.getWindowHandle();
        browser.switchTo().newWindow(WindowType.TAB);
        String otherTab = browser.getWindowHandle();
        browser.switchTo().window(consoleTab).close();
        browser.switchTo().window(otherTab);
        until(() -> bridges.activeCount() == 0);
    }

    @Test
    @Order(6)
    void pauses_rewinds_and_goes_live_on_a_live_session() throws IOException {
        button("db-maint-7", "Watch").click();
        until(() -> terminalText().contains("checkpoint starting"));
        WebElement edge = browser.findElement(By.id("live-edge"));
        WebElement play = browser.findElement(By.id("play"));
        WebElement goLive = browser.findElement(By.id("go-live"));
        until(() -> text(By.id("live-edge")).equals("● LIVE"));
        assertThat(goLive.isEnabled()).as("at the live edge already").isFalse();
        screenshot("live-edge");
        until(() -> seekMax() >= 11_000);   // more than 10 s of it to go back into

        // pause: the session goes on arriving, the screen stands still
        play.click();
        until(() -> "Play".equals(play.getAttribute("aria-label")));
        until(() -> text(By.id("live-edge")).equals("paused · behind live"));
        String frozen = terminalText();
        sleep(1500);   // the log prints a line every 250 ms at the demo's 6x
        assertThat(terminalText()).as("paused").isEqualTo(frozen);
        until(() -> (long) seekMax() - seekValue() >= 1000);              // received, not yet played

        // -10 s, then play on: behind live
        long before = seekValue();
        browser.findElement(By.id("back")).click();
        until(() -> seekValue() <= Math.max(0, before - 9_000));
        play.click();
        until(() -> "Pause".equals(play.getAttribute("aria-label")));
        until(() -> text(By.id("live-edge")).equals("behind live"));
        assertThat(goLive.isEnabled()).isTrue();
        assertThat(seekMax() - seekValue()).as("ms behind the newest record").isGreaterThanOrEqualTo(8_000);
        screenshot("live-behind");

        // go live: the newest output, followed again
        goLive.click();
        until(() -> text(By.id("live-edge")).equals("● LIVE"));
        until(() -> seekMax() - seekValue() < 3_000);
        assertThat(edge.isDisplayed()).isTrue();
        browser.findElement(By.id("close-view")).click();
        until(() -> bridges.activeCount() == 0);
    }

    @Test
    @Order(7)
    void kicks_a_watched_session_with_a_reason_and_shows_the_outcome() throws IOException {
        button("db-maint-7", "Watch").click();
        until(() -> terminalText().contains("checkpoint starting"));

        button("db-maint-7", "Kick").click();
        WebElement dialog = browser.findElement(By.id("kick-dialog"));
        until(dialog::isDisplayed);
        assertThat(dialog.getText()).contains("db-maint-7", "dba@db-01");
        browser.findElement(By.id("kick-reason")).sendKeys("tail -f on the production database");
        browser.findElement(By.id("kick-confirm")).click();

        until(() -> text(By.id("toasts")).contains("Session db-maint-7 kicked"));
        until(() -> text(By.id("banner")).equals("Session finished."));   // the watcher is told too
        until(() -> rowText("db-maint-7").contains("ended"));
        assertThat(button("db-maint-7", "Kick").isEnabled()).isFalse();
        screenshot("kick");
    }

    @Test
    @Order(8)
    void replays_a_recording_with_seek_pause_and_speed() throws IOException {
        // keyboard only: focus Replay and press Enter
        button("s-0308-1742", "Replay").sendKeys(Keys.ENTER);
        until(() -> text(By.id("viewer-title")).equals("Replay · s-0308-1742"));
        until(() -> commandTexts().size() == 12);
        assertThat(commandTexts()).startsWith("ls -lF --color=auto", "cat 报告.txt", "top");

        // a command seeks to it; the recording plays on from there
        command("top").click();
        until(() -> terminalText().contains("load average"));
        assertThat(seekValue()).as("the seek bar, in whole seconds").isGreaterThanOrEqualTo(11_000);
        until(() -> "true".equals(command("top").getAttribute("aria-current")));
        screenshot("replay");

        // back to an earlier command: the screen is redrawn from the start up to there
        command("ls -lF --color=auto").click();
        until(() -> terminalText().contains("backup-0302.tar.gz") && !terminalText().contains("load average"));
        assertThat(seekValue()).isBetween(5_000L, 11_000L);

        // pause stops the clock; play goes on
        WebElement play = browser.findElement(By.id("play"));
        play.click();
        until(() -> "Play".equals(play.getAttribute("aria-label")));
        String paused = text(By.id("time"));
        sleep(700);
        assertThat(text(By.id("time"))).isEqualTo(paused);
        new Select(browser.findElement(By.id("speed"))).selectByValue("8");
        play.click();
        until(() -> "Pause".equals(play.getAttribute("aria-label")));
        long before = seekValue();
        sleep(1000);
        assertThat(seekValue() - before).as("ms played in one second at 8x").isGreaterThan(2_000);

        // the seek bar works from the keyboard: End jumps to the end of the recording
        WebElement seek = browser.findElement(By.id("seek"));
        seek.sendKeys(Keys.END);
        until(() -> text(By.id("banner")).startsWith("End of the recording"));
        until(() -> terminalText().contains("logout"));
        assertThat(play.getAttribute("aria-label")).isEqualTo("Play");

        // after the end, a command plays the recording again from there
        command("top").click();
        until(() -> terminalText().contains("load average") && !terminalText().contains("logout"));
        until(() -> "Pause".equals(play.getAttribute("aria-label")));
    }

    @Test
    @Order(9)
    void replays_a_session_the_c_server_holds_with_seek() throws IOException {
        button("s-0307-2210", "C replay").click();
        until(() -> text(By.id("viewer-title")).equals("C replay · s-0307-2210"));
        until(() -> terminalText().contains("Last login: Sun Mar"));
        // the C server dumped it at once: the whole of it is there to seek in, its duration known
        until(() -> seekMax() > 20_000 && !text(By.id("time")).contains("received"));
        assertThat(browser.findElement(By.id("live-edge")).isDisplayed()).as("a recording has no live edge").isFalse();
        assertThat(browser.findElement(By.id("go-live")).isDisplayed()).isFalse();

        // paused, forward into top, then back to ls: the screen is what straight playback shows there
        long top = commandOffset("top");
        long ls = commandOffset("ls -lF --color=auto");
        WebElement play = browser.findElement(By.id("play"));
        play.click();
        until(() -> "Play".equals(play.getAttribute("aria-label")));
        seekBarTo(top + 1_500);
        until(() -> terminalText().contains("load average"));
        screenshot("c-replay");
        seekBarTo(ls + 1_500);
        until(() -> terminalText().contains("backup-0302.tar.gz") && !terminalText().contains("load average"));
        play.click();

        // to the end, then back to the start from the keyboard (the C server streams it again)
        WebElement seek = browser.findElement(By.id("seek"));
        seek.sendKeys(Keys.END);
        until(() -> text(By.id("banner")).startsWith("End of the recording"));
        until(() -> terminalText().contains("logout"));
        seek.sendKeys(Keys.HOME);
        until(() -> terminalText().contains("Last login") && !terminalText().contains("logout"));
        until(() -> "Pause".equals(play.getAttribute("aria-label")));
        until(() -> commandTexts().contains("ls -lF --color=auto"));   // its input events, listed as they play
    }

    @Test
    @Order(10)
    void still_works_in_a_narrow_window() throws IOException {
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.navigate().refresh();
        until(() -> text(By.id("link")).equals("connected") && rows().size() == 5);
        assertThat((Boolean) js("return document.documentElement.scrollWidth <= window.innerWidth"))
                .as("no sideways scrolling of the page").isTrue();
        button("sample-rdp", "Replay").click();
        until(() -> browser.findElement(By.id("frames")).isDisplayed());
        assertThat(browser.findElement(By.id("play")).isDisplayed()).isTrue();
        screenshot("narrow");
        button("s-0308-1742", "Replay").click();
        until(() -> terminalText().contains("Last login"));
        assertThat((Boolean) js("return document.documentElement.scrollWidth <= window.innerWidth")).isTrue();
        js("document.getElementById('viewer').scrollIntoView()");
        screenshot("narrow-replay");
    }

    @Test
    @Order(11)
    void searches_a_recording_file_and_a_hit_seeks_to_the_exact_screen() throws IOException {
        button("s-0308-1742", "Replay").click();
        until(() -> terminalText().contains("Last login"));
        // to the end first: the search opens the recording again, and the hit seeks back from there
        browser.findElement(By.id("seek")).sendKeys(Keys.END);
        until(() -> text(By.id("banner")).startsWith("End of the recording"));
        until(() -> terminalText().contains("logout"));

        find("color=auto");
        List<String> hits = hitTexts();
        // what was typed (the input event) and what was shown (the echo, after the operator's correction)
        assertThat(hits).anyMatch(h -> h.contains("typed ls -lF --color=auto"))
                .anyMatch(h -> h.contains("shown") && h.contains("$ ls -lF --color=auto"));
        assertThat(text(By.cssSelector("#find .sb-search-status"))).isEqualTo(hits.size() + " hits");
        assertThat(marks()).containsOnly("color=auto");
        WebElement play = browser.findElement(By.id("play"));
        assertThat(play.getAttribute("aria-label")).as("opened again, paused at the end").isEqualTo("Play");

        WebElement shownHit = hit(h -> h.contains("shown") && h.contains("$ ls -lF --color=auto"));
        long at = Long.parseLong(shownHit.getAttribute("data-position-ms"));
        shownHit.click();
        screenIsExactly(recordings.resolve("s-0308-1742.rec"), at);
        assertThat(terminalText()).contains("$ ls -lF --color=auto").doesNotContain("logout");
        screenshot("search-replay");

        // a query found nowhere
        find("no-such-text-anywhere");
        assertThat(text(By.cssSelector("#find .sb-search-status"))).isEqualTo("No hits");
        assertThat(hitTexts()).isEmpty();
    }

    @Test
    @Order(12)
    void searches_a_c_replay_and_a_hit_seeks_to_the_exact_screen() throws IOException {
        button("s-0307-2210", "C replay").click();
        until(() -> terminalText().contains("Last login: Sun Mar"));
        until(() -> seekMax() > 20_000 && !text(By.id("time")).contains("received"));
        WebElement play = browser.findElement(By.id("play"));
        play.click();
        until(() -> "Play".equals(play.getAttribute("aria-label")));
        seekBarTo(seekMax() - 500);   // near the end: the screen there is not the one of the hit
        until(() -> terminalText().contains("巡检完成"));

        find("报告.txt");   // typed through an input method, echoed in records cut inside a character
        List<String> hits = hitTexts();
        assertThat(hits).anyMatch(h -> h.contains("typed cat 报告.txt")).anyMatch(h -> h.contains("typed vi 报告.txt"))
                .anyMatch(h -> h.contains("shown") && h.contains("$ cat 报告.txt"));
        assertThat(marks()).containsOnly("报告.txt");

        WebElement catHit = hit(h -> h.contains("shown") && h.contains("$ cat 报告.txt"));
        long at = Long.parseLong(catHit.getAttribute("data-position-ms"));
        // keyboard: the hit is a button; Enter on it seeks
        catHit.sendKeys(Keys.ENTER);
        screenIsExactly(recordings.resolve("c-side").resolve("s-0307-2210.rec"), at);
        assertThat(terminalText()).contains("$ cat 报告.txt").doesNotContain("巡检完成");
        assertThat(play.getAttribute("aria-label")).as("still paused").isEqualTo("Play");
        screenshot("search-c-replay");
    }

    @Test
    @Order(5)
    void searches_a_live_session_in_what_has_arrived() {
        button("db-maint-7", "Watch").click();
        until(() -> terminalText().contains("checkpoint complete"));
        until(() -> seekMax() >= 6_000);   // the first hits are well behind the live edge
        find("checkpoint complete");
        List<String> hits = hitTexts();
        assertThat(hits).isNotEmpty().allMatch(h -> h.contains("shown") && h.contains("LOG:  checkpoint complete: wrote 412"));
        WebElement first = hit(h -> true);
        long at = Long.parseLong(first.getAttribute("data-position-ms"));
        first.click();
        // the timeline goes back there and plays on: behind live, from the hit on
        until(() -> text(By.id("live-edge")).equals("behind live"));
        assertThat(seekValue()).isGreaterThanOrEqualTo(at - 1_000);
        browser.findElement(By.id("close-view")).click();
        assertThat(hitTexts()).as("closing the view clears its hits").isEmpty();
    }

    @Test
    @Order(13)
    void hostile_content_in_an_excerpt_shows_as_text() throws IOException {
        String payload = "<img src=x onerror=\"window.__pwned=1\">";
        Path file = recordings.resolve("s-hostile.rec");
        try (var out = Files.newOutputStream(file)) {
            var w = new io.github.sessionbridge.protocol.RecordingWriter(out);
            long t = 1_773_018_921_000L;
            w.write(io.github.sessionbridge.protocol.TerminalData.ofText(t, "$ "));
            w.write(io.github.sessionbridge.protocol.InputEvent.ofText(t + 500, "echo '" + payload + "'"));
            w.write(io.github.sessionbridge.protocol.TerminalData.ofText(t + 500, "echo '" + payload + "'\r\n"));
            w.write(io.github.sessionbridge.protocol.TerminalData.ofText(t + 600, payload + "<b>bold</b>\r\n$ "));
            w.flush();
        }
        demo.directory().add(new SessionDirectory.Session("s-hostile", "SSH", "ops", "web-01",
                java.time.Instant.ofEpochMilli(1_773_018_921_000L), false, file));
        browser.findElement(By.id("refresh")).click();
        until(() -> rows().size() == 6);
        button("s-hostile", "Replay").click();
        until(() -> terminalText().contains("bold"));

        find("onerror");
        assertThat(hitTexts()).hasSize(3).allMatch(h -> h.contains(payload))
                .anyMatch(h -> h.contains(payload + "<b>bold</b>"));
        assertThat(browser.findElements(By.cssSelector("#find img, #find b"))).as("no element from session content").isEmpty();
        assertThat(js("return window.__pwned === undefined")).isEqualTo(true);
        assertThat(marks()).containsOnly("onerror");
    }

    // ---- search helpers ----

    /** Types {@code query} into the search box and presses Enter, then waits until the search is over. */
    private void find(String query) {
        WebElement input = browser.findElement(By.id("find-query"));
        input.clear();
        input.sendKeys(query, Keys.ENTER);
        until(() -> {
            String status = text(By.cssSelector("#find .sb-search-status"));
            return !status.isEmpty() && !status.startsWith("Searching");
        });
    }

    private List<String> hitTexts() {
        return browser.findElements(By.cssSelector("#find .sb-search-hit")).stream()
                .map(b -> b.getDomProperty("textContent")).toList();
    }

    private List<String> marks() {
        return browser.findElements(By.cssSelector("#find .sb-search-hit mark")).stream()
                .map(b -> b.getDomProperty("textContent")).toList();
    }

    private WebElement hit(java.util.function.Predicate<String> text) {
        return browser.findElements(By.cssSelector("#find .sb-search-hit")).stream()
                .filter(b -> text.test(b.getDomProperty("textContent"))).findFirst()
                .orElseThrow(() -> new AssertionError("no such hit in " + hitTexts()));
    }

    /**
     * Waits until the console's terminal shows exactly the screen that straight playback of {@code recording}
     * up to {@code positionMs} shows, and checks it stays so (the view is paused, or plays on only after it).
     * The expected screen is derived from the file: every terminal-data record at or before the position
     * (playback time: from the first record, a timestamp earlier than one seen is the latest again), written
     * from the start into a fresh xterm.js terminal of the console's size in the same page.
     */
    private void screenIsExactly(Path recording, long positionMs) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        long first = Long.MIN_VALUE;
        long latest = Long.MIN_VALUE;
        try (var reader = io.github.sessionbridge.protocol.RecordingReader.open(recording)) {
            for (var u = reader.next(); u != null && !(u instanceof io.github.sessionbridge.protocol.Control); u = reader.next()) {
                var r = (io.github.sessionbridge.protocol.SessionRecord) u;
                if (first == Long.MIN_VALUE) {
                    first = r.timestamp();
                }
                latest = Math.max(latest, r.timestamp());
                if (latest - first > positionMs) {
                    break;
                }
                if (r instanceof io.github.sessionbridge.protocol.TerminalData) {
                    r.writeContentTo(bytes);
                }
            }
        }
        Object expected = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const data = Uint8Array.from(atob(arguments[0]), (c) => c.charCodeAt(0));
                const ref = new Terminal({ cols: 80, rows: 24, scrollback: 5000, convertEol: false });
                ref.write(data, () => {
                  const b = ref.buffer.active, rows = [];
                  for (let i = 0; i < ref.rows; i++) rows.push(b.getLine(b.viewportY + i).translateToString(true));
                  ref.dispose();
                  done(rows.join('\\n'));
                });""", java.util.Base64.getEncoder().encodeToString(bytes.toByteArray()));
        try {
            await.until(b -> screenRows().equals(expected));
        } catch (TimeoutException e) {
            throw new AssertionError("the screen after the seek to " + positionMs + " ms is\n" + screenRows()
                    + "\nbut straight playback shows\n" + expected, e);
        }
        sleep(500);
        assertThat(screenRows()).as("the screen stays the one at %d ms", positionMs).isEqualTo((String) expected);
    }

    /** The console terminal's visible rows as xterm.js draws them, each without its trailing blanks. */
    private String screenRows() {
        return ((String) js("""
                return [...document.querySelectorAll('#terminal .xterm-rows > div')]
                    .map((r) => r.textContent.replace(/\u00a0/g, ' ').replace(/\\s+$/, '')).join('\\n')"""));
    }

    // ---- page helpers ----

    private List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#sessions tbody tr"));
    }

    private WebElement row(String sid) {
        return browser.findElement(By.cssSelector("#sessions tbody tr[data-sid='" + sid + "']"));
    }

    private String rowText(String sid) {
        return row(sid).getText();
    }

    private WebElement button(String sid, String name) {
        return row(sid).findElement(By.xpath(".//button[normalize-space()='" + name + "']"));
    }

    private WebElement command(String text) {
        return browser.findElements(By.cssSelector("#commands button.command")).stream()
                .filter(b -> b.findElement(By.className("text")).getText().equals(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no command " + text + " in " + commandTexts()));
    }

    private List<String> commandTexts() {
        return browser.findElements(By.cssSelector("#commands .command .text")).stream().map(WebElement::getText).toList();
    }

    private long seekValue() {
        return Long.parseLong(browser.findElement(By.id("seek")).getDomProperty("value"));
    }

    private long seekMax() {
        return Long.parseLong(browser.findElement(By.id("seek")).getDomProperty("max"));
    }

    /** When the sample recording's command {@code text} was run, from the console's command list of its file. */
    private long commandOffset(String text) {
        try {
            var got = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    console.url().resolve("/api/commands?session=s-0308-1742")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            for (var c : new com.fasterxml.jackson.databind.ObjectMapper().readTree(got.body()).path("commands")) {
                if (c.path("text").asText().equals(text)) {
                    return c.path("offsetMs").asLong();
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        throw new AssertionError("no command " + text);
    }

    /** Moves the seek bar to {@code ms} as a drag would (an input, then a change). */
    private void seekBarTo(long ms) {
        ((JavascriptExecutor) browser).executeScript("const s = document.getElementById('seek'); s.value = String(arguments[0]);"
                + " s.dispatchEvent(new Event('input')); s.dispatchEvent(new Event('change'));", ms);
    }

    /** What the terminal shows now (its visible rows), with xterm's non-breaking spaces as spaces. */
    private String terminalText() {
        return ((String) js("const r = document.querySelector('#terminal .xterm-rows'); return r ? r.textContent : ''"))
                .replace('\u00a0', ' ');
    }

    /** The element's text as in the page (getText() would apply CSS text-transform). */
    private String text(By by) {
        return browser.findElement(by).getDomProperty("textContent").strip();
    }

    /** Waits for {@code condition}; on timeout, fails with what the page shows. */
    private void until(BooleanSupplier condition) {
        try {
            await.until(b -> condition.getAsBoolean());
        } catch (TimeoutException e) {
            throw new AssertionError("timed out; " + pageState() + "; live bridges " + bridges.bridges(), e);
        }
    }

    private String pageState() {
        try {
            return "the page shows: title \"" + text(By.id("viewer-title")) + "\", banner \"" + text(By.id("banner"))
                    + "\", toasts \"" + text(By.id("toasts")) + "\", link \"" + text(By.id("link")) + "\", terminal \""
                    + terminalText().strip() + "\"";
        } catch (RuntimeException e) {
            return "the page is " + browser.getCurrentUrl();
        }
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
