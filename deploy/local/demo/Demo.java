import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Plays the demo season in deploy/local/demo/<evaluation>.json through the public REST API: each unit with its own
 * token (from `ecoeval token`), evidence uploads, submissions, the bureau's reviews, a return and its correction.
 * Rerunnable: what exists is found and moved on from where it stands, POSTs and PUTs carry Idempotency-Keys, accepted
 * submissions are skipped. Needs only the JDK: run as `java Demo.java` (the launcher's `demo` command does).
 */
public class Demo {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(SHANGHAI);

    final Path root;
    final Path data;
    final String submissionUrl;
    final String scoringUrl;
    final String trackingUrl;
    final String launcher;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final Map<String, String> tokens = new HashMap<>();
    final Map<String, String> evidenceIds = new HashMap<>();
    String evaluation;
    String county;
    int posted, revised, reviewed, skipped, late;

    Demo(Map<String, String> opts) {
        root = Path.of(opts.getOrDefault("root", "."));
        data = Path.of(opts.getOrDefault("data", root.resolve("deploy/local/demo/150425-2024.json").toString()));
        submissionUrl = opts.getOrDefault("submission", "http://127.0.0.1:8081") + "/api/v1";
        scoringUrl = opts.getOrDefault("scoring", "http://127.0.0.1:8082") + "/api/v1";
        trackingUrl = opts.getOrDefault("tracking", "http://127.0.0.1:8083") + "/api/v1";
        launcher = opts.getOrDefault("launcher", root.resolve("deploy/local/ecoeval").toString());
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        try {
            new Demo(opts).run();
        } catch (DemoFailure e) {
            System.err.println("demo: " + e.getMessage());
            System.exit(1);
        }
    }

    static final class DemoFailure extends RuntimeException {
        DemoFailure(String message) {
            super(message);
        }
    }

    // ---- the play ---------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    void run() throws Exception {
        Map<String, Object> season = (Map<String, Object>) Json.parse(Files.readString(data));
        evaluation = (String) season.get("evaluation");
        county = (String) season.get("county");
        say("演示数据 / demo season: " + root.relativize(data.toAbsolutePath().normalize()) + " → " + evaluation);
        say("注意：2024 年度的截止时间均已过去，现在报送的每份材料都会被如实记为逾期（late）。");
        say("      The 2024 deadlines are in the past: every submission made now is honestly recorded as late.");
        awaitPlanEverywhere();
        for (Object entry : (List<Object>) season.get("submissions")) {
            play((Map<String, Object>) entry);
        }
        say("");
        say(String.format("报送 %d 份、修改 %d 份、审核 %d 次、已受理跳过 %d 份；本次新报送中逾期 %d 份。", posted, revised,
                reviewed, skipped, late));
        awaitScore();
        printScore();
        printStatus();
        say("");
        say("看板 / dashboard:  " + trackingUrl.replace("/api/v1", "") + "/dashboard/");
    }

    @SuppressWarnings("unchecked")
    void play(Map<String, Object> entry) throws Exception {
        String unit = (String) entry.get("department");
        String task = (String) entry.get("task");
        String token = unitToken(unit);
        Map<String, Object> existing = find(token, task);
        String label = String.format("%-6s %-18s", unit, task);
        if (existing == null) {
            Map<String, Object> body = draft(entry, unit, task);
            Map<String, Object> receipt = expect(send("POST", submissionUrl + "/evaluations/" + evaluation + "/submissions",
                    token, key(task, "v1"), body), 201, 200);
            posted++;
            if (Boolean.TRUE.equals(receipt.get("late"))) {
                late++;
            }
            say(label + " 已报送 v1" + (Boolean.TRUE.equals(receipt.get("late")) ? "（逾期）" : "（按时）"));
            existing = receipt;
        }
        String id = (String) existing.get("id");
        Map<String, Object> review = (Map<String, Object>) entry.get("review");
        Map<String, Object> correction = (Map<String, Object>) entry.get("correction");
        for (int step = 0; step < 4; step++) {
            String status = (String) existing.get("status");
            int version = ((Number) existing.get("version")).intValue();
            if ("ACCEPTED".equals(status)) {
                if (step == 0) {
                    skipped++;
                    say(label + " 已受理，跳过 (already accepted)");
                }
                return;
            }
            if ("SUBMITTED".equals(status) && version == 1 && review != null) {
                existing = review(id, task, 1, review);
                say(label + ("RETURN".equals(review.get("decision")) ? " 分局退回：" + review.get("comment")
                        : " 分局受理" + scores(review)));
            } else if ("RETURNED".equals(status) && correction != null) {
                Map<String, Object> body = draft(correction, unit, task);
                body.remove("task");
                existing = expect(send("PUT", submissionUrl + "/submissions/" + id, token, key(task, "v" + (version + 1)),
                        body), 200);
                revised++;
                say(label + " 已更正并重新报送 v" + existing.get("version"));
            } else if ("SUBMITTED".equals(status) && version >= 2 && correction != null
                    && correction.get("review") != null) {
                Map<String, Object> second = (Map<String, Object>) correction.get("review");
                existing = review(id, task, version, second);
                say(label + " 分局受理 v" + version + scores(second));
            } else {
                if (step == 0) {
                    say(label + " " + status + (review == null ? "（待分局审核）" : ""));
                }
                return;
            }
        }
    }

    Map<String, Object> review(String id, String task, int version, Map<String, Object> review) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>(review);
        reviewed++;
        return expect(send("POST", submissionUrl + "/submissions/" + id + "/review", token("bureau", null),
                key(task, "review-v" + version), body), 200);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> draft(Map<String, Object> entry, String unit, String task) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task", task);
        for (String field : List.of("values", "patches", "events", "note")) {
            if (entry.containsKey(field)) {
                body.put(field, entry.get(field));
            }
        }
        List<String> ids = new ArrayList<>();
        for (Object file : (List<Object>) entry.getOrDefault("evidence", List.of())) {
            ids.add(upload(unit, (String) file));
        }
        if (!ids.isEmpty()) {
            body.put("evidence", ids);
        }
        // evidence per material of the plan's task ("materials": {"BUDGET-REPORT": ["file.pdf"]})
        Map<String, Object> materials = new LinkedHashMap<>();
        for (Map.Entry<String, Object> m : ((Map<String, Object>) entry.getOrDefault("materials", Map.of())).entrySet()) {
            List<String> files = new ArrayList<>();
            for (Object file : (List<Object>) m.getValue()) {
                files.add(upload(unit, (String) file));
            }
            materials.put(m.getKey(), files);
        }
        if (!materials.isEmpty()) {
            body.put("materials", materials);
        }
        return body;
    }

    /** Uploads one sample file for a unit; the service keeps each file once (a second upload answers the same id). */
    String upload(String unit, String file) throws Exception {
        String cacheKey = unit + "/" + file;
        if (evidenceIds.containsKey(cacheKey)) {
            return evidenceIds.get(cacheKey);
        }
        byte[] content = Files.readAllBytes(data.getParent().resolve("evidence").resolve(file));
        String boundary = "ecoeval-demo-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + file
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(submissionUrl + "/evaluations/" + evaluation + "/evidence"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + unitToken(unit))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        Map<String, Object> answer = expect(exchange(request), 201, 200);
        String id = (String) answer.get("id");
        evidenceIds.put(cacheKey, id);
        return id;
    }

    /** The unit's submission for a task instance, or null. */
    @SuppressWarnings("unchecked")
    Map<String, Object> find(String token, String task) throws Exception {
        Map<String, Object> page = expect(send("GET", submissionUrl + "/evaluations/" + evaluation + "/submissions?task="
                + URLEncoder.encode(task, StandardCharsets.UTF_8), token, null, null), 200);
        List<Object> items = (List<Object>) page.get("items");
        return items.isEmpty() ? null : (Map<String, Object>) items.get(0);
    }

    // ---- waiting and reporting --------------------------------------------------------------------

    /** The plan reaches submission-service and scoring-service through Kafka after `up` registered it. */
    void awaitPlanEverywhere() throws Exception {
        Response plan = send("GET", trackingUrl + "/evaluations/" + evaluation + "/plan", token("bureau", null), null, null);
        if (plan.status == 404) {
            throw new DemoFailure("plan " + evaluation + " is not registered: run `deploy/local/ecoeval up` first");
        }
        expect(plan, 200);
        Instant deadline = Instant.now().plusSeconds(90);
        String any = unitToken("EEB");
        while (true) {
            Response r = send("GET", submissionUrl + "/evaluations/" + evaluation + "/submissions?pageSize=1", any, null, null);
            Response s = send("GET", scoringUrl + "/evaluations/" + evaluation + "/score", token("bureau", null), null, null);
            if (r.status == 200 && s.status == 200) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new DemoFailure("the plan did not reach submission-service (" + r.status + ") and scoring-service ("
                        + s.status + ") within 90 s: is Kafka up? (deploy/local/ecoeval status)");
            }
            Thread.sleep(1000);
        }
    }

    /** Every state change is one event; wait until scoring-service has taken in as many as the submissions show. */
    @SuppressWarnings("unchecked")
    void awaitScore() throws Exception {
        String bureau = token("bureau", null);
        Map<String, Object> page = expect(send("GET", submissionUrl + "/evaluations/" + evaluation
                + "/submissions?pageSize=200", bureau, null, null), 200);
        long expected = 0;
        for (Object item : (List<Object>) page.get("items")) {
            Map<String, Object> full = expect(send("GET", submissionUrl + "/submissions/" + ((Map<String, Object>) item).get("id"),
                    bureau, null, null), 200);
            expected += ((List<Object>) full.getOrDefault("history", List.of())).size();
        }
        Instant deadline = Instant.now().plusSeconds(90);
        long seen = -1;
        while (Instant.now().isBefore(deadline)) {
            Map<String, Object> score = expect(send("GET", scoringUrl + "/evaluations/" + evaluation + "/score", bureau,
                    null, null), 200);
            Map<String, Object> basis = (Map<String, Object>) score.get("basis");
            seen = basis == null ? 0 : ((Number) basis.get("eventCount")).longValue();
            if (seen >= expected) {
                Thread.sleep(1500); // tracking-service reads the same events; give it a moment too
                return;
            }
            Thread.sleep(1000);
        }
        say("（scoring-service 已处理 " + seen + " / " + expected + " 个事件，下面的分数可能尚未包含全部材料）");
    }

    @SuppressWarnings("unchecked")
    void printScore() throws Exception {
        say("");
        say("县域生态环境质量变化 ΔEI（" + evaluation + "）");
        for (String reading : List.of("provisional", "confirmed")) {
            Map<String, Object> s = expect(send("GET", scoringUrl + "/evaluations/" + evaluation + "/score?reading=" + reading,
                    token("bureau", null), null, null), 200);
            String name = reading.equals("provisional") ? "暂定 provisional（已报送）" : "确认 confirmed（已受理）";
            if (s.get("deltaEI") == null) {
                say(String.format("  %-26s 尚无分数：%s", name, s.getOrDefault("pending", "")));
                continue;
            }
            say(String.format("  %-26s ΔEI = %s  → %s  %s%s", name, s.get("deltaEIRounded"), s.get("grade"),
                    s.get("rollup") == null ? "" : "（" + s.get("rollup") + "）",
                    Boolean.TRUE.equals(s.get("veto")) ? "  一票否决" : ""));
            say(String.format("      技术 ΔEI′ %s  = 0.6·ΔEQI %s + 0.4·ΔEnv %s;  管理 %s  遥感 %s  事件 %s",
                    num(path(s, "technical", "value")), num(path(s, "technical", "deltaEQI")),
                    num(path(s, "technical", "deltaEnv")), num(path(s, "management", "value")),
                    num(path(s, "remoteSensing", "value")), num(path(s, "events", "value"))));
            List<Object> missing = (List<Object>) s.getOrDefault("missing", List.of());
            say("      " + (Boolean.TRUE.equals(s.get("complete")) ? "数据齐全 complete"
                    : "尚缺 missing: " + (missing.isEmpty() ? "-" : String.join(", ", missing.stream().map(String::valueOf).toList()))));
        }
    }

    @SuppressWarnings("unchecked")
    void printStatus() throws Exception {
        Map<String, Object> status = expect(send("GET", trackingUrl + "/evaluations/" + evaluation + "/status",
                token("bureau", null), null, null), 200);
        say("");
        say("各单位完成情况 / status (tracking-service)");
        say("  单位     任务  已交  受理 逾期交  超期 完成率  名称"); // CJK characters are two columns wide
        List<Object> rows = new ArrayList<>((List<Object>) status.get("departments"));
        rows.add(status.get("totals"));
        for (Object o : rows) {
            Map<String, Object> r = (Map<String, Object>) o;
            String dept = r.get("department") == null ? "合计" : (String) r.get("department");
            BigDecimal completion = r.get("completion") == null ? BigDecimal.ZERO : new BigDecimal(r.get("completion").toString());
            say(String.format("  " + (r.get("department") == null ? "%-5s" : "%-7s") + " %4s %4s %4s %6s %4s %5s%%  %s",
                    dept, r.get("total"), r.get("submitted"),
                    r.get("accepted"), r.get("late"), r.get("overdue"),
                    completion.multiply(BigDecimal.valueOf(100)).setScale(0, RoundingMode.HALF_UP), r.get("name")));
        }
        Response alerts = send("GET", trackingUrl + "/evaluations/" + evaluation + "/alerts?state=OPEN", token("bureau", null),
                null, null);
        if (alerts.status == 200) {
            Map<String, Integer> byLevel = new LinkedHashMap<>();
            for (Object a : (List<Object>) Json.parse(alerts.body)) {
                byLevel.merge(String.valueOf(((Map<String, Object>) a).get("level")), 1, Integer::sum);
            }
            say("  未确认的提醒与督办 open alerts: " + (byLevel.isEmpty() ? "无" : byLevel));
        }
        say("  （截止时间已过：所有本次报送均记为逾期；未报送的任务显示为超期未交。现在时间 "
                + LOCAL.format(Instant.now()) + " 北京时间）");
    }

    // ---- tokens -----------------------------------------------------------------------------------

    String unitToken(String unit) throws Exception {
        return token("department", unit);
    }

    String token(String role, String unit) throws Exception {
        String cacheKey = role + "/" + unit;
        String cached = tokens.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        List<String> command = new ArrayList<>(List.of("bash", launcher, "token", role, "--county", county));
        if (unit != null) {
            command.addAll(List.of("--department", unit));
        }
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String token = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0 || token.isEmpty()) {
            throw new DemoFailure("could not get a token for " + role + (unit == null ? "" : " of " + unit)
                    + " (is Keycloak up? deploy/local/ecoeval status)");
        }
        tokens.put(cacheKey, token);
        return token;
    }

    // ---- HTTP and JSON ----------------------------------------------------------------------------

    record Response(int status, String body, String method, String uri) {
    }

    String key(String task, String what) {
        return "demo-" + evaluation + "-" + task.replace('#', '-') + "-" + what;
    }

    Response send(String method, String uri, String token, String idempotencyKey, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return exchange(b.build());
    }

    Response exchange(HttpRequest request) throws Exception {
        // submission-service learns the plan from Kafka a moment after `up` registered it: retry its 404s briefly
        for (int attempt = 0;; attempt++) {
            HttpResponse<String> r;
            try {
                r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new DemoFailure(request.method() + " " + request.uri() + " failed: " + e.getMessage()
                        + " (is the service up? deploy/local/ecoeval status)");
            }
            if ((r.statusCode() == 503 || r.statusCode() == 502) && attempt < 20) {
                Thread.sleep(1000);
                continue;
            }
            return new Response(r.statusCode(), r.body(), request.method(), request.uri().toString());
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> expect(Response r, int... accepted) {
        for (int a : accepted) {
            if (r.status == a) {
                Object parsed = r.body == null || r.body.isBlank() ? Map.of() : Json.parse(r.body);
                return parsed instanceof Map ? (Map<String, Object>) parsed : Map.of("items", parsed);
            }
        }
        throw new DemoFailure(r.method + " " + r.uri + " answered " + r.status + ": " + r.body);
    }

    @SuppressWarnings("unchecked")
    static Object path(Map<String, Object> map, String... keys) {
        Object at = map;
        for (String k : keys) {
            if (!(at instanceof Map)) {
                return null;
            }
            at = ((Map<String, Object>) at).get(k);
        }
        return at;
    }

    static String num(Object value) {
        if (value == null) {
            return "-";
        }
        BigDecimal d = new BigDecimal(value.toString()).setScale(3, RoundingMode.HALF_UP);
        return (d.signum() > 0 ? "+" : "") + d.toPlainString();
    }

    @SuppressWarnings("unchecked")
    static String scores(Map<String, Object> review) {
        Map<String, Object> s = (Map<String, Object>) review.get("managementScores");
        return s == null || s.isEmpty() ? "" : "，管理评分 " + s;
    }

    static void say(String line) {
        System.out.println(line);
    }

    /** Just enough JSON for this file: objects keep their order, numbers stay decimal. */
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        static Object parse(String text) {
            Json j = new Json(text);
            Object v = j.value();
            j.ws();
            if (j.i != text.length()) {
                throw new IllegalArgumentException("trailing text at " + j.i);
            }
            return v;
        }

        static String write(Object v) {
            StringBuilder b = new StringBuilder();
            write(v, b);
            return b.toString();
        }

        @SuppressWarnings("unchecked")
        private static void write(Object v, StringBuilder b) {
            if (v == null) {
                b.append("null");
            } else if (v instanceof String str) {
                b.append('"');
                for (char c : str.toCharArray()) {
                    switch (c) {
                        case '"' -> b.append("\\\"");
                        case '\\' -> b.append("\\\\");
                        case '\n' -> b.append("\\n");
                        case '\r' -> b.append("\\r");
                        case '\t' -> b.append("\\t");
                        default -> {
                            if (c < 0x20) {
                                b.append(String.format("\\u%04x", (int) c));
                            } else {
                                b.append(c);
                            }
                        }
                    }
                }
                b.append('"');
            } else if (v instanceof Map<?, ?> m) {
                b.append('{');
                boolean first = true;
                for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                    if (!first) {
                        b.append(',');
                    }
                    first = false;
                    write(e.getKey(), b);
                    b.append(':');
                    write(e.getValue(), b);
                }
                b.append('}');
            } else if (v instanceof List<?> l) {
                b.append('[');
                for (int k = 0; k < l.size(); k++) {
                    if (k > 0) {
                        b.append(',');
                    }
                    write(l.get(k), b);
                }
                b.append(']');
            } else if (v instanceof BigDecimal d) {
                b.append(d.toPlainString());
            } else {
                b.append(v);
            }
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private Object value() {
            ws();
            char c = s.charAt(i);
            switch (c) {
                case '{': {
                    i++;
                    Map<String, Object> m = new LinkedHashMap<>();
                    ws();
                    if (s.charAt(i) == '}') {
                        i++;
                        return m;
                    }
                    while (true) {
                        ws();
                        String k = string();
                        ws();
                        expectChar(':');
                        m.put(k, value());
                        ws();
                        if (s.charAt(i) == ',') {
                            i++;
                        } else {
                            expectChar('}');
                            return m;
                        }
                    }
                }
                case '[': {
                    i++;
                    List<Object> l = new ArrayList<>();
                    ws();
                    if (s.charAt(i) == ']') {
                        i++;
                        return l;
                    }
                    while (true) {
                        l.add(value());
                        ws();
                        if (s.charAt(i) == ',') {
                            i++;
                        } else {
                            expectChar(']');
                            return l;
                        }
                    }
                }
                case '"':
                    return string();
                case 't':
                    i += 4;
                    return Boolean.TRUE;
                case 'f':
                    i += 5;
                    return Boolean.FALSE;
                case 'n':
                    i += 4;
                    return null;
                default: {
                    int start = i;
                    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                        i++;
                    }
                    if (start == i) {
                        throw new IllegalArgumentException("unexpected '" + c + "' at " + i);
                    }
                    return new BigDecimal(s.substring(start, i));
                }
            }
        }

        private void expectChar(char c) {
            if (s.charAt(i) != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + i);
            }
            i++;
        }

        private String string() {
            expectChar('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> b.append('\n');
                        case 'r' -> b.append('\r');
                        case 't' -> b.append('\t');
                        case 'b' -> b.append('\b');
                        case 'f' -> b.append('\f');
                        case 'u' -> {
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> b.append(e);
                    }
                } else {
                    b.append(c);
                }
            }
        }
    }
}
