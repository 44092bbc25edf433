package io.jenkins.plugins.maia.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.maia.follower.budget.AccountBudgets;
import io.jenkins.plugins.maia.client.MaiaClient;
import io.jenkins.plugins.maia.client.auth.StaticToken;
import io.jenkins.plugins.maia.client.model.CreateTaskRequest;
import io.jenkins.plugins.maia.follower.decision.DecisionPolicy;
import io.jenkins.plugins.maia.follower.decision.Fallback;
import io.jenkins.plugins.maia.follower.follow.FollowOptions;
import io.jenkins.plugins.maia.follower.follow.FollowOutcome;
import io.jenkins.plugins.maia.follower.follow.FollowResult;
import io.jenkins.plugins.maia.follower.follow.FollowState;
import io.jenkins.plugins.maia.follower.follow.PollingPolicy;
import io.jenkins.plugins.maia.follower.follow.TaskFollower;
import io.jenkins.plugins.maia.sandbox.SandboxOptions;
import io.jenkins.plugins.maia.sandbox.SandboxServer;
import io.jenkins.plugins.maia.follower.transcript.Redactor;
import io.jenkins.plugins.maia.follower.transcript.TranscriptWriter;
import io.jenkins.plugins.maia.follower.transcript.Transcripts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agent output is untrusted. An XSS corpus (script tags, event handlers, {@code javascript:} links, broken markup,
 * control characters, very long lines, unicode tricks) is played by a sandbox agent from a scenario file this test
 * writes: as agent messages, tool names, inputs and results, permission texts, a question, its option labels (which
 * the policy then picks, so they reach the decision lines) and the final message. The HTML transcript is parsed with
 * jsoup and must stay inert while every text survives, escaped; the Markdown transcript is rendered to HTML the way a
 * permissive viewer would (CommonMark, raw HTML allowed, URLs unsanitised) and checked the same way; and the CLI's
 * console output must carry no terminal control characters.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class XssCorpusTest {

    static final String TOKEN = "xss-token-7e21";
    static final String HOSTILE_TOOL = "<img src=x onerror=alert('tool')>";
    static final String HOSTILE_OPTION = "<script>alert('option')</script>";
    static final String HOSTILE_BRANCH = "feature/<script>alert('branch')</script>";
    static final String LONG_LINE = "<b>" + "A".repeat(60_000) + "</b><script>alert('long')</script>";

    static final List<String> CORPUS = List.of(
            "<script>alert('xss')</script>",
            "<SCRIPT SRC=//attacker.example/x.js></SCRIPT>",
            "<scr<script>ipt>alert(1)</script>",
            "<<script>alert(1);//<</script>",
            "<img src=x onerror=alert(1)>",
            "<svg/onload=alert(1)>",
            "<body onload=alert(1)>",
            "<x onmouseover=alert(1)>hover me</x>",
            "<a href=\"javascript:alert(1)\">click</a>",
            "<a href=\"JaVaScRiPt:alert(1)\">click</a>",
            "<a href=\"java\tscript:alert(1)\">tab split</a>",
            "<a href='data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='>data</a>",
            "<iframe src=//attacker.example></iframe>",
            "<object data=evil.swf></object>",
            "<embed src=evil.swf>",
            "<form action=//attacker.example><input type=submit></form>",
            "<meta http-equiv=refresh content=\"0;url=//attacker.example\">",
            "<base href=\"//attacker.example/\">",
            "<link rel=stylesheet href=//attacker.example/x.css>",
            "<style>body{display:none}</style>",
            "<div style=\"background:url(javascript:alert(1))\">styled</div>",
            "\"><script>alert('attr')</script>",
            "'><img src=x onerror=alert('attr')>",
            "</div></pre></code><script>alert('breakout')</script>",
            "<!-- an unterminated comment",
            "<![CDATA[<script>alert(1)</script>]]>",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert('mxss')>",
            "&lt;script&gt;alert('entities')&lt;/script&gt;",
            "&#x3C;script&#x3E;alert('numeric')&#x3C;/script&#x3E;",
            "[click me](javascript:alert('md'))",
            "[ref]: javascript:alert('md-ref')",
            "![pixel](http://attacker.example/track.png)",
            "<javascript:alert('autolink')>",
            "``` \n</pre><script>alert('fence')</script>\n```",
            "{{constructor.constructor('alert(1)')()}}",
            "bell\u0007 esc\u001b[31mred\u001b[0m nul\u0000 del\u007f c1\u0085\u009b done",
            "carriage\rreturn overwrites",
            "\u202Eevil reversed\u202C and \u2066isolated\u2069",
            "java\u200Bscript:alert('zero width')",
            "\uFEFFbom and \u00A0nbsp and ｓｃｒｉｐｔ fullwidth",
            "emoji 🙂 and surrogate pairs 𝒳𝒮𝒮",
            LONG_LINE);

    static final Pattern DANGEROUS_URL = Pattern.compile("^(javascript|vbscript|data|file):");
    static final Set<String> FORBIDDEN_ELEMENTS = Set.of("script", "iframe", "object", "embed", "frame", "frameset",
            "applet", "form", "input", "button", "textarea", "select", "base", "link", "img", "svg", "math", "video",
            "audio", "source", "a", "area", "portal");
    /** Characters that can rewrite a terminal: C0 and C1 controls (tab and newline aside) and bidi overrides. */
    static final Pattern TERMINAL_CONTROL =
            Pattern.compile("[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069]");

    SandboxServer sandbox;
    Path scenarios;
    Transcripts transcripts;
    FollowResult result;
    Cli.Result console;

    @BeforeAll
    void playTheCorpus(@TempDir Path dir) throws Exception {
        scenarios = Files.createDirectories(dir.resolve("scenarios"));
        Files.writeString(scenarios.resolve("xss.json"), FakeMaia.JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsString(scenario()), StandardCharsets.UTF_8);
        sandbox = SandboxServer.start(SandboxOptions.builder().port(0).tokens(Set.of(TOKEN)).scenarioDirectory(scenarios)
                .pacing(Duration.ofMillis(2)).build());
        MaiaClient client = MaiaClient.builder().baseUrl(sandbox.baseUrl()).tokenSource(StaticToken.of(TOKEN)).build();
        String taskId = client.createTask(CreateTaskRequest.builder().message("[scenario:xss] " + CORPUS.get(0))
                .projectId(BadInputTest.PROJECT).environmentName("dev").sourceBranchName("main")
                .targetBranchName(HOSTILE_BRANCH).build()).taskId();
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        TaskFollower follower = TaskFollower.builder().scheduler(scheduler)
                .budgets(new AccountBudgets(InstantSource.system()))
                .budgetSettings(new io.jenkins.plugins.maia.follower.budget.BudgetSettings(6_000, 100)).build();
        try (TranscriptWriter writer = TranscriptWriter.open(dir.resolve("transcripts"), taskId, Redactor.headersOnly())) {
            FollowOptions options = FollowOptions.builder()
                    .polling(new PollingPolicy(Duration.ofMillis(20), 1.5, Duration.ofMillis(200)))
                    .decisions(new DecisionPolicy(Set.of(HOSTILE_TOOL), Set.of(), Set.of(),
                            Map.of(0, HOSTILE_OPTION), Fallback.PAUSE)).build();
            result = follower.follow(client, FollowState.start(taskId, null), options, writer).result()
                    .get(60, TimeUnit.SECONDS);
            transcripts = writer.close(result);
        } finally {
            follower.close();
            scheduler.shutdownNow();
        }
        console = Cli.withToken(TOKEN).run("run", "--base-url", sandbox.baseUrl(), "--project-id", BadInputTest.PROJECT,
                "--environment", "dev", "--source-branch", "main", "--target-branch", HOSTILE_BRANCH, "--message",
                "[scenario:xss] " + CORPUS.get(4), "--approve", HOSTILE_TOOL, "--answer", "0=" + HOSTILE_OPTION,
                "--poll-interval", "20ms", "--requests-per-minute", "6000", "--transcript", dir.resolve("cli").toString(), "--verbose");
    }

    @AfterAll
    void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void theWholeCorpusWasPlayed() {
        assertThat(result.outcome()).as(result.detail()).isEqualTo(FollowOutcome.FINISHED);
        assertThat(result.targetBranchName()).isEqualTo(HOSTILE_BRANCH);
        assertThat(console.exitCode()).as(console.err()).isZero();
    }

    @Test
    void theHtmlTranscriptIsInert() throws Exception {
        Document html = Jsoup.parse(Files.readString(transcripts.html(), StandardCharsets.UTF_8));

        assertInert(html, "HTML transcript");
        assertThat(html.select("meta[http-equiv=Content-Security-Policy]").attr("content"))
                .contains("default-src 'none'");
        assertThat(html.select("style")).as("only the page's own style sheet").hasSize(1);
        assertThat(html.select("meta")).allMatch(m -> m.hasAttr("charset")
                || m.attr("http-equiv").equals("Content-Security-Policy") || m.attr("name").equals("referrer"));
    }

    @Test
    void everyHostileTextSurvivesEscapedInTheHtmlTranscript() throws Exception {
        Document html = Jsoup.parse(Files.readString(transcripts.html(), StandardCharsets.UTF_8));
        String text = html.body().wholeText();

        List<String> missing = new ArrayList<>();
        for (String item : CORPUS) {
            String expected = asShown(item);
            if (item == LONG_LINE) {
                expected = expected.substring(0, 4_000); // the page cuts long blocks; the .jsonl keeps them whole
            }
            if (!text.contains(expected)) {
                missing.add(item.length() > 80 ? item.substring(0, 80) + "..." : item);
            }
        }
        assertThat(missing).as("corpus texts not found verbatim in the page").isEmpty();
        assertThat(text).contains(HOSTILE_TOOL, HOSTILE_OPTION, HOSTILE_BRANCH);
    }

    @Test
    void whatTheAgentAskedAndWhatWasAnsweredSurviveEscapedInTheHtmlTranscript() throws Exception {
        Document html = Jsoup.parse(Files.readString(transcripts.html(), StandardCharsets.UTF_8));

        List<Element> asked = html.select(".asked");
        assertThat(asked).as("the tool call and the question, each shown where it was asked").hasSize(2);
        assertThat(asked.get(0).wholeText()).contains(HOSTILE_TOOL, asShown(CORPUS.get(0)), asShown(CORPUS.get(8)));
        assertThat(asked.get(0).select("pre").text()).as("the tool input, pretty-printed").contains("payload0");
        assertThat(asked.get(1).wholeText()).contains(asShown(CORPUS.get(5)), asShown(CORPUS.get(21)),
                asShown(CORPUS.get(23)), asShown(CORPUS.get(6)), HOSTILE_OPTION, asShown(CORPUS.get(12)),
                "Safe choice");
        assertThat(html.select(".decision").eachText()).anyMatch(d -> d.contains(HOSTILE_TOOL)
                && d.contains("approved once")).anyMatch(d -> d.contains(asShown(CORPUS.get(23)))
                && d.contains(HOSTILE_OPTION) && !d.contains(HOSTILE_OPTION + ";"));
    }

    @Test
    void theJsonlTranscriptKeepsEveryTextWhole() throws Exception {
        String jsonl = Files.readString(transcripts.jsonl(), StandardCharsets.UTF_8);
        for (String item : CORPUS) {
            assertThat(jsonl).contains(FakeMaia.JSON.writeValueAsString(item).replaceAll("^\"|\"$", ""));
        }
    }

    @Test
    void theMarkdownTranscriptRendersInert() throws Exception {
        Document rendered = renderMarkdown(transcripts.markdown());

        assertInert(rendered, "Markdown transcript rendered by CommonMark");
    }

    @Test
    void theMarkdownTranscriptCarriesNoRawHtml() throws Exception {
        Document rendered = renderMarkdown(transcripts.markdown());

        assertThat(rendered.select("script, iframe, object, embed, form, base, meta, link, style, svg, math"))
                .as("raw HTML from the agent").isEmpty();
        assertThat(rendered.getAllElements().stream().flatMap(e -> e.attributes().asList().stream())
                .filter(a -> a.getKey().toLowerCase(Locale.ROOT).startsWith("on")).toList())
                .as("event handler attributes").isEmpty();
        assertThat(rendered.body().wholeText()).contains("<script>alert('xss')</script>", "<img src=x onerror=alert(1)>");
    }

    @Test
    void theConsoleCarriesNoTerminalControlCharacters() {
        String printed = console.out() + console.err();

        assertThat(printed).as("the corpus reached the console").contains("<script>alert('xss')</script>");
        assertThat(TERMINAL_CONTROL.matcher(printed).results().map(m -> String.format("U+%04X",
                (int) m.group().charAt(0))).distinct().toList()).as("terminal control characters").isEmpty();
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** No executable or loading element, no handler, no dangerous URL, no inline style from the agent. */
    static void assertInert(Document doc, String what) {
        List<String> problems = new ArrayList<>();
        for (Element e : doc.getAllElements()) {
            if (FORBIDDEN_ELEMENTS.contains(e.normalName())) {
                problems.add("<" + e.normalName() + "> element: " + cut(e.outerHtml()));
            }
            for (Attribute a : e.attributes()) {
                String key = a.getKey().toLowerCase(Locale.ROOT);
                String value = a.getValue().replaceAll("[\\s\\p{Cntrl}\\u200b\\ufeff]", "").toLowerCase(Locale.ROOT);
                if (key.startsWith("on")) {
                    problems.add("handler " + key + " on <" + e.normalName() + ">");
                }
                if (DANGEROUS_URL.matcher(value).find() || value.contains("javascript:")) {
                    problems.add("dangerous URL in " + key + " of <" + e.normalName() + ">: " + cut(a.getValue()));
                }
                if (key.equals("style")) {
                    problems.add("style attribute on <" + e.normalName() + ">");
                }
            }
        }
        assertThat(problems).as(what + " must be inert").isEmpty();
    }

    static Document renderMarkdown(Path markdown) throws Exception {
        String md = Files.readString(markdown, StandardCharsets.UTF_8);
        String html = HtmlRenderer.builder().build().render(Parser.builder().build().parse(md));
        return Jsoup.parse(html);
    }

    /**
     * The text as the page shows it (MessageText's documented rule): a line break is a line break whether it came as
     * LF, CRLF or a lone CR; other control characters (tab aside) become U+FFFD.
     */
    static String asShown(String item) {
        String lines = item.replace("\r\n", "\n").replace('\r', '\n');
        StringBuilder sb = new StringBuilder();
        for (char c : lines.toCharArray()) {
            sb.append((c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f) ? '\uFFFD' : c);
        }
        return sb.toString();
    }

    static String cut(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }

    /** The scenario file: the corpus in every place an agent can put text. */
    static ObjectNode scenario() {
        ObjectNode root = FakeMaia.JSON.createObjectNode();
        root.put("name", "xss");
        root.put("description", "XSS corpus as agent output");
        ArrayNode steps = root.putArray("steps");
        for (String item : CORPUS) {
            steps.addObject().put("say", item);
        }
        ObjectNode tool = steps.addObject().putObject("tool");
        tool.put("name", HOSTILE_TOOL);
        tool.put("title", CORPUS.get(0));
        tool.put("body", CORPUS.get(8));
        ObjectNode input = tool.putObject("input");
        for (int i = 0; i < CORPUS.size(); i++) {
            input.put("payload" + i, CORPUS.get(i));
        }
        tool.put("result", String.join("\n", CORPUS.subList(0, 30)));
        ObjectNode ask = steps.addObject().putObject("ask");
        ask.put("title", CORPUS.get(5));
        ask.put("body", CORPUS.get(21));
        ObjectNode question = ask.putArray("questions").addObject();
        question.put("question", CORPUS.get(23));
        question.put("header", CORPUS.get(6));
        ArrayNode options = question.putArray("options");
        options.addObject().put("label", HOSTILE_OPTION).put("description", CORPUS.get(12));
        options.addObject().put("label", "Safe choice");
        steps.addObject().put("finish", CORPUS.get(29) + " " + CORPUS.get(0));
        return root;
    }
}
