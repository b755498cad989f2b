package io.github.sessionbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.sessionbridge.core.Caller;
import io.github.sessionbridge.core.SessionBridge;
import io.github.sessionbridge.protocol.InputEvent;
import io.github.sessionbridge.protocol.RecordingWriter;
import io.github.sessionbridge.protocol.ScreenFrame;
import io.github.sessionbridge.protocol.TerminalData;
import io.github.sessionbridge.testkit.Ending;
import io.github.sessionbridge.testkit.FakeCServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * session-bridge.js in a real browser: headless Chromium (Debian's, driven by Debian's chromedriver) loads the
 * client from the WebJar as the server serves it, and talks to the adapter over a real WebSocket. Without a
 * browser the tests skip with one line, except in CI ({@code CI=true}), where a missing browser fails them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BrowserContract {
    private static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver", "/usr/bin/chromedriver"));
    static final long T0 = 1_700_000_000_000L;

    private WebDriver browser;
    private FakeCServer fake;
    private SessionBridge sessions;
    private BrowserBridge web;
    private int port;
    private boolean serving;
    @TempDir
    Path dir;

    /** Starts the server with the adapter at {@link WebContract#PATH}, serving the WebJar and the test page. */
    protected abstract int startServer(BrowserBridge web) throws Exception;

    protected abstract void stopServer() throws Exception;

    @BeforeAll
    void startBrowser(@TempDir Path profile) throws Exception {
        boolean have = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(have, "no " + CHROMIUM + " or " + CHROMEDRIVER
                    + ": apt-get install chromium chromium-driver (CI installs them)");
        }
        assertThat(have).as("%s and %s are installed", CHROMIUM, CHROMEDRIVER).isTrue();
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile);
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        fake = FakeCServer.builder().ops("SSH").start();
        sessions = SessionBridge.create(fake.bridgeConfig().build());
        web = BrowserBridge.builder(sessions).callers(h -> Caller.of("auditor", h.connectionId()))
                .recordings(RecordingCatalog.directory(dir)).build();
        port = startServer(web);
        serving = true;
        browser.get("http://127.0.0.1:" + port + "/test/client.html");
    }

    @AfterEach
    void tearDown() throws Exception {
        browser.get("about:blank");
        sessions.close();
        web.close();
        if (serving) {
            stopServer();
        }
        fake.close();
    }

    /** Runs {@code body} (an async function body with {@code sb}, the module, and {@code url}) and returns its JSON result. */
    JsonNode run(String body) throws Exception {
        String version = System.getProperty("sessionbridge.version");
        Object result = ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + "(async () => { const sb = await import('/webjars/session-bridge/" + version + "/session-bridge.js');"
                + " const url = 'ws://' + location.host + '" + WebContract.PATH + "';"
                + body + "})().then((r) => done(JSON.stringify(r === undefined ? null : r)),"
                + " (e) => done(JSON.stringify({ failed: String(e), code: e.code })));");
        JsonNode r = WebClient.JSON.readTree((String) result);
        assertThat(r.path("failed").isMissingNode()).as("the script failed: %s", r).isTrue();
        return r;
    }

    private static byte[] png(int w, int h, int rgb) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < w; x++) {
            for (int y = 0; y < h; y++) {
                img.setRGB(x, y, rgb);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @Test
    void watch_draws_terminal_data_frames_and_input_events_then_the_notice() throws Exception {
        byte[] text = "héllo 你好 wörld\r\n".getBytes(StandardCharsets.UTF_8);
        int cut = "héllo ".getBytes(StandardCharsets.UTF_8).length + 1;   // inside 你
        fake.session("s-1")
                .sends(new TerminalData(T0, Arrays.copyOfRange(text, 0, cut)),
                        new TerminalData(T0 + 1, Arrays.copyOfRange(text, cut, text.length)),
                        InputEvent.ofText(T0 + 2, "ls -la\r"),
                        new ScreenFrame(T0 + 3, 10, 20, 4, 4, png(4, 4, 0xff0000)))
                .then(Ending.END);
        JsonNode r = run("""
                const client = new sb.SessionBridgeClient(url);
                const hello = await client.connect();
                const view = client.watch('SSH', 's-1');
                const bytes = [];
                sb.attachTerminal(view, { write: (d) => bytes.push(...d) });
                const canvas = document.getElementById('screen');
                sb.attachCanvas(view, canvas);
                const inputs = sb.inputEvents(view);
                const ends = [];
                view.addEventListener('end', (e) => ends.push(e.detail));
                const notice = await new Promise((res) => view.addEventListener('notice', (e) => res(e.detail)));
                await new Promise((res) => setTimeout(res, 300));   // the frame decodes asynchronously
                const pixel = Array.from(canvas.getContext('2d').getImageData(11, 21, 1, 1).data);
                return { principal: hello.principal, text: new TextDecoder().decode(new Uint8Array(bytes)), inputs,
                         notice, ends, pixel, size: [canvas.width, canvas.height], state: client.state, open: view.open };
                """);
        assertThat(r.path("principal").asText()).isEqualTo("auditor");
        assertThat(r.path("text").asText()).isEqualTo("héllo 你好 wörld\r\n");
        assertThat(r.path("inputs").get(0).path("text").asText()).isEqualTo("ls -la\r");
        assertThat(r.path("inputs").get(0).path("timestamp").asLong()).isEqualTo(T0 + 2);
        assertThat(r.path("notice").toString()).isEqualTo("{\"code\":3,\"reason\":\"END\",\"text\":\"会话已结束！\"}");
        assertThat(r.path("ends")).hasSize(1);
        assertThat(r.path("pixel").toString()).isEqualTo("[255,0,0,255]");
        assertThat(r.path("size").toString()).isEqualTo("[14,24]");
        assertThat(r.path("state").asText()).isEqualTo("open");
        assertThat(r.path("open").asBoolean()).isFalse();
    }

    @Test
    void kick_resolves_with_the_outcome_and_the_watch_ends() throws Exception {
        fake.session("s-2").sendsText(T0, "x");
        JsonNode r = run("""
                const client = new sb.SessionBridgeClient(url);
                await client.connect();
                const view = client.watch('SSH', 's-2');
                await new Promise((res) => view.addEventListener('record', res, { once: true }));
                const notice = new Promise((res) => view.addEventListener('notice', (e) => res(e.detail)));
                const outcome = await client.kick('SSH', 's-2', 'forbidden command');
                let bad;
                try { await client.kick('SSH', 'not a session id!', ''); } catch (e) { bad = { code: e.code, message: e.message }; }
                return { outcome, notice: await notice, bad };
                """);
        assertThat(r.path("outcome").path("status").asText()).isEqualTo("KICKED");
        assertThat(r.path("notice").path("reason").asText()).isEqualTo("END");
        assertThat(r.path("bad").path("code").asText()).isEqualTo("BAD_ARGUMENT");
    }

    @Test
    void replay_with_every_control_and_the_clock() throws Exception {
        try (RecordingWriter w = RecordingWriter.create(dir.resolve("r.rec"))) {
            for (int i = 0; i < 50; i++) {
                w.write(TerminalData.ofText(T0 + i * 100L, "line " + i + "\r\n"));
            }
        }
        JsonNode r = run("""
                const client = new sb.SessionBridgeClient(url);
                await client.connect();
                const view = client.replay('r.rec', { paused: true });
                const clockWhere = (p) => new Promise((res) => {
                  const f = (e) => { if (p(e.detail)) { view.removeEventListener('clock', f); res(e.detail); } };
                  view.addEventListener('clock', f);
                  if (view.clock && p(view.clock)) res(view.clock);
                });
                const first = await clockWhere((c) => c.durationMs !== null);
                view.seek(2000);
                const sought = await clockWhere((c) => c.positionMs === 2000);
                view.skip(-500);
                const skipped = await clockWhere((c) => c.positionMs === 1500);
                view.speed(8);
                await clockWhere((c) => c.speed === 8);
                const missing = client.replay('nope.rec');
                const missingError = await new Promise((res) => missing.addEventListener('error', (e) => res(e.detail.code)));
                view.resume();
                await clockWhere((c) => !c.paused);
                const notice = await new Promise((res) => view.addEventListener('notice', (e) => res(e.detail)));
                return { first, sought, skipped, notice, missingError, missingOpen: missing.open, position: view.position() };
                """);
        assertThat(r.path("first").path("durationMs").asLong()).isEqualTo(4900);
        assertThat(r.path("first").path("paused").asBoolean()).isTrue();
        assertThat(r.path("sought").path("paused").asBoolean()).isTrue();
        assertThat(r.path("skipped").path("positionMs").asLong()).isEqualTo(1500);
        assertThat(r.path("notice").path("reason").asText()).isEqualTo("END");
        assertThat(r.path("missingError").asText()).isEqualTo("NOT_FOUND");
        assertThat(r.path("missingOpen").asBoolean()).isFalse();
        assertThat(r.path("position").isNumber()).isTrue();
    }

    @Test
    void timelines_of_the_c_server_recorded_and_live_with_their_controls() throws Exception {
        Path file = dir.resolve("t.rec");
        try (RecordingWriter w = RecordingWriter.create(file)) {
            for (int i = 0; i < 600; i++) {   // 60 s: the live one goes on for all of the test
                w.write(TerminalData.ofText(T0 + i * 100L, "line " + i + "\r\n"));
            }
        }
        fake.session("held").streams(file).then(Ending.END);        // a recording the C server dumps at once
        fake.session("live").streamsLive(file).then(Ending.STALL);  // a session as it happens
        // the script runs on in the page; its steps are read until it is done, so a failure says where it stood
        run("""
                const t = window.__t = { steps: [] };
                const step = (name, value) => { t.steps.push(name); t[name] = value; return value; };
                const client = new sb.SessionBridgeClient(url);
                await client.connect();
                const clockWhere = (view, p) => new Promise((res) => {
                  const f = (e) => { if (p(e.detail)) { view.removeEventListener('clock', f); res(e.detail); } };
                  view.addEventListener('clock', f);
                  if (view.clock && p(view.clock)) { view.removeEventListener('clock', f); res(view.clock); }
                });
                (async () => {
                  const held = client.play('SSH', 'held', { paused: true });
                  step('whole', await clockWhere(held, (c) => c.durationMs !== null));
                  held.seek(12000);
                  step('sought', await clockWhere(held, (c) => c.positionMs === 12000));
                  held.close();

                  const live = client.play('SSH', 'live');
                  const text = [];
                  sb.attachTerminal(live, { write: (d) => text.push(new TextDecoder().decode(d)) });
                  step('atEdge', await clockWhere(live, (c) => c.atLiveEdge));
                  live.pause();
                  step('paused', await clockWhere(live, (c) => c.paused));
                  await new Promise((res) => setTimeout(res, 1000));
                  live.skip(-500);
                  step('behind', await clockWhere(live, (c) => c.paused && c.receivedMs - c.positionMs >= 1000));
                  live.resume();
                  step('resumed', await clockWhere(live, (c) => !c.paused));
                  live.live();
                  step('again', await clockWhere(live, (c) => c.atLiveEdge && !c.paused));
                  live.close();
                  step('lines', text.length);
                  t.done = true;
                })().catch((e) => { t.failed = String(e); t.done = true; });
                """);
        JsonNode r = null;
        for (int i = 0; i < 300 && (r == null || !r.path("done").asBoolean()); i++) {
            Thread.sleep(100);
            r = run("return window.__t;");
        }
        assertThat(r.path("done").asBoolean()).as("the script finished; it got to %s", r).isTrue();
        assertThat(r.path("failed").isMissingNode()).as("%s", r).isTrue();
        assertThat(r.path("whole").path("durationMs").asLong()).isEqualTo(59_900);
        assertThat(r.path("whole").path("live").asBoolean()).isTrue();
        assertThat(r.path("sought").path("paused").asBoolean()).isTrue();
        assertThat(r.path("atEdge").path("durationMs").isNull()).isTrue();
        assertThat(r.path("paused").path("atLiveEdge").asBoolean()).isFalse();
        assertThat(r.path("behind").path("atLiveEdge").asBoolean()).isFalse();
        assertThat(r.path("again").path("atLiveEdge").asBoolean()).isTrue();
        assertThat(r.path("lines").asInt()).isPositive();
        fake.awaitActiveConnections(0, Duration.ofSeconds(20));
    }

    @Test
    void a_dropped_connection_ends_the_views_as_lost_and_the_client_tries_again() throws Exception {
        fake.session("s-3").sendsText(T0, "x").then(Ending.STALL);
        run("""
                const client = new sb.SessionBridgeClient(url, { reconnectDelayMs: 200 });
                const t = window.__t = { states: [], ends: [] };
                client.addEventListener('state', (e) => t.states.push(e.detail.state));
                await client.connect();
                const view = client.watch('SSH', 's-3');
                view.addEventListener('end', (e) => t.ends.push(e.detail));
                await new Promise((res) => view.addEventListener('record', res, { once: true }));
                """);
        stopServer();   // the socket drops under the browser
        serving = false;
        JsonNode r = run("""
                const t = window.__t;
                for (let i = 0; i < 100 && !(t.ends.length && t.states.includes('reconnecting')); i++) {
                  await new Promise((res) => setTimeout(res, 100));
                }
                return t;
                """);
        assertThat(r.path("ends")).hasSize(1);
        assertThat(r.path("ends").get(0).path("lost").asBoolean()).isTrue();
        assertThat(r.path("ends").get(0).path("notice").isNull()).isTrue();
        assertThat(r.path("states").toString()).startsWith("[\"connecting\",\"open\",\"reconnecting\"");
    }

    /** A minimal screen for the search test: printable text, CR, LF, ESC c, CSI 2 J and CSI H. */
    private static final String SCREEN = """
            const scr = { rows: [''], r: 0, c: 0 };
            const dec = new TextDecoder();
            const put = (s) => {
              for (let i = 0; i < s.length; i++) {
                const ch = s[i];
                if (ch === '\\x1b' && s[i + 1] === 'c') { scr.rows = ['']; scr.r = 0; scr.c = 0; i++; continue; }
                if (ch === '\\x1b' && s[i + 1] === '[') {
                  let j = i + 2;
                  while (j < s.length && !/[@-~]/.test(s[j])) j++;
                  if (s[j] === 'J' && s.slice(i + 2, j) === '2') scr.rows = scr.rows.map(() => '');
                  if (s[j] === 'H') { scr.r = 0; scr.c = 0; }
                  i = j;
                  continue;
                }
                if (ch === '\\r') { scr.c = 0; continue; }
                if (ch === '\\n') { scr.r++; while (scr.rows.length <= scr.r) scr.rows.push(''); continue; }
                const row = scr.rows[scr.r].padEnd(scr.c);
                scr.rows[scr.r] = row.slice(0, scr.c) + ch + row.slice(scr.c + 1);
                scr.c++;
              }
            };
            view.addEventListener('record', (e) => { if (e.detail.type === 'd') put(dec.decode(e.detail.content, { stream: true })); });
            window.__screen = () => scr.rows.map((r) => r.trimEnd()).join('\\n').trim();
            """;

    @Test
    void the_search_box_lists_the_hits_typed_for_and_a_click_seeks_to_the_exact_screen() throws Exception {
        try (RecordingWriter w = RecordingWriter.create(dir.resolve("s.rec"))) {
            for (int i = 0; i < 100; i++) {
                String clear = i == 50 ? "\u001b[2J\u001b[H" : "";
                w.write(TerminalData.ofText(T0 + i * 100L, clear + "line " + i + (i % 7 == 3 ? " needle-" + i : "") + "\r\n"));
            }
        }
        run("""
                const client = new sb.SessionBridgeClient(url);
                await client.connect();
                const view = window.__view = client.replay('s.rec', { paused: true });
                """ + SCREEN + """
                const box = document.createElement('div');
                box.id = 'find';
                document.body.append(box);
                sb.searchBox(view, box);
                await new Promise((res) => view.addEventListener('clock', res, { once: true }));
                """);
        WebElement input = browser.findElement(By.cssSelector("#find form.sb-search input[type=search]"));
        input.sendKeys("NEEDLE", Keys.ENTER);   // typed as the auditor would
        JsonNode listed = run("""
                for (let i = 0; i < 200; i++) {
                  const status = document.querySelector('#find .sb-search-status').textContent;
                  if (status.includes('hits')) break;
                  await new Promise((res) => setTimeout(res, 50));
                }
                return { status: document.querySelector('#find .sb-search-status').textContent,
                         hits: [...document.querySelectorAll('#find .sb-search-hits li')].map((li) => li.textContent),
                         marks: [...document.querySelectorAll('#find .sb-search-hits mark')].map((m) => m.textContent) };
                """);
        assertThat(listed.path("status").asText()).isEqualTo("14 hits");
        assertThat(listed.path("hits")).hasSize(14);
        assertThat(listed.path("hits").get(0).asText()).isEqualTo("0:00.300 shown line 3 needle-3");
        assertThat(listed.path("hits").get(8).asText()).isEqualTo("0:05.900 shown line 59 needle-59");
        assertThat(listed.path("marks").get(8).asText()).isEqualTo("needle");
        browser.findElements(By.cssSelector("#find .sb-search-hits button.sb-search-hit")).get(8).click();
        JsonNode after = run("""
                const view = window.__view;
                for (let i = 0; i < 200 && !(view.clock && view.clock.positionMs === 5900); i++) {
                  await new Promise((res) => setTimeout(res, 50));
                }
                await new Promise((res) => setTimeout(res, 200));   // the screen's records follow the seek
                return { position: view.clock.positionMs, paused: view.clock.paused, screen: window.__screen() };
                """);
        assertThat(after.path("position").asLong()).isEqualTo(5900);
        assertThat(after.path("paused").asBoolean()).isTrue();
        StringBuilder expected = new StringBuilder();
        for (int i = 50; i <= 59; i++) {
            expected.append(i == 50 ? "" : "\n").append("line ").append(i).append(i % 7 == 3 ? " needle-" + i : "");
        }
        assertThat(after.path("screen").asText()).isEqualTo(expected.toString());
    }
}
