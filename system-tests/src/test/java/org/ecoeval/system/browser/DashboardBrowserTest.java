package org.ecoeval.system.browser;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ecoeval.infra.ProjectLayout;
import org.ecoeval.infra.TestTokens;
import org.ecoeval.system.SystemUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;

/**
 * The dashboard in real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}): a bureau user
 * signs in through the OIDC authorization code flow, sees every department's row, and when a department posts a
 * submission through the REST API the page shows it by itself, without a reload. Skipped, saying so, only where
 * Chromium is not installed; CI installs it ({@code .ci/run}). A screenshot is kept in
 * {@code system-tests/target/browser/}.
 */
class DashboardBrowserTest {
    private static final String EVALUATION = "150425-2024";
    private static final Path CHROMIUM = Paths.get(System.getProperty("ecoeval.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Paths.get(System.getProperty("ecoeval.chromedriver", "/usr/bin/chromedriver"));
    /** Tasks that only a note makes complete, tried in this order: the first without a submission is used. */
    private static final List<List<String>> FREE_TASKS = List.of(List.of("WOMEN", "WOMEN-COURTYARD"),
            List.of("CITY", "CITY-REFUSE"), List.of("TOWN", "TOWN-RURAL"), List.of("STAT", "STAT-ECONOMY"),
            List.of("IND", "IND-ACCESS"), List.of("ORG", "ORG-ASSESSMENT"), List.of("DZ", "DZ-PARK"));

    private static SystemUnderTest system;
    private static WebDriver browser;
    private static Path artefacts;

    @BeforeAll
    static void startBrowserAndSystem() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "SKIPPED: the dashboard browser test needs Debian's chromium and chromium-driver (" + CHROMIUM + ", "
                        + CHROMEDRIVER + "); install them with `apt-get install -y chromium chromium-driver` "
                        + "(.ci/run does so in CI)");
        system = SystemUnderTest.get();
        artefacts = ProjectLayout.root().resolve("system-tests/target/browser");
        Files.createDirectories(artefacts);
        Path profile = Files.createTempDirectory("ecoeval-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--user-data-dir=" + profile, "--window-size=1440,1800", "--lang=zh-CN");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withLogFile(artefacts.resolve("chromedriver.log").toFile()).build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void a_bureau_user_signs_in_sees_every_department_and_the_page_follows_a_new_submission_without_reloading()
            throws Exception {
        String bureau = TestTokens.county("bureau", TestTokens.COUNTY);
        String plan = Files.readString(ProjectLayout.root().resolve("deploy/local/plans/" + EVALUATION + ".json"));
        given().auth().oauth2(bureau).contentType(ContentType.JSON).body(plan)
                .put(system.tracking.api() + "/evaluations/" + EVALUATION + "/plan")
                .then().statusCode(anyOf(is(201), is(200)));
        List<String> free = freeTask(bureau);
        String department = free.get(0);
        String task = free.get(1);

        try {
            signIn();
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#status-table tbody tr[data-department='FOREST']")));
            assertThat(browser.findElements(By.cssSelector("#status-table tbody tr[data-department]")))
                    .as("one row per department of the plan").hasSize(17);
            assertThat(browser.findElement(By.id("title")).getText()).contains("克什克腾旗");
            String instance = pageInstance();
            int before = Integer.parseInt(cell(department, "submitted").getText());
            int totalBefore = Integer.parseInt(browser.findElement(By.cssSelector("#status-table tfoot td.submitted")).getText());
            screenshot("dashboard-before.png");

            // a department system posts its material through the API, as it would from its own office
            String unit = TestTokens.unit("department", department, TestTokens.COUNTY);
            String materialsBefore = cell(department, "materials").getText();
            Map<String, Object> materials = materials(bureau, unit, task);
            Map<String, Object> submission = Map.of("task", task, "materials", materials,
                    "note", "浏览器测试：" + task + " 报送材料");
            await("submission accepted for intake").atMost(Duration.ofSeconds(60)).until(() -> {
                Response r = given().auth().oauth2(unit).contentType(ContentType.JSON)
                        .header("Idempotency-Key", "browser-test-" + task).body(submission)
                        .post(system.submission.api() + "/evaluations/" + EVALUATION + "/submissions");
                return r.statusCode() == 201;
            });

            // the page notices by itself (ETag polling), with no reload
            new WebDriverWait(browser, Duration.ofSeconds(60)).until(d ->
                    cell(department, "submitted").getText().equals(String.valueOf(before + 1)));
            assertThat(browser.findElement(By.cssSelector("#status-table tfoot td.submitted")).getText())
                    .isEqualTo(String.valueOf(totalBefore + 1));
            // the unit's materials: handed in / required, the task's required materials now counted as handed in
            int provided = Integer.parseInt(materialsBefore.split("/")[0]);
            assertThat(cell(department, "materials").getText())
                    .isEqualTo((provided + materials.size()) + "/" + materialsBefore.split("/")[1]);
            assertThat(pageInstance()).as("the same page, not a reload").isEqualTo(instance);
            // what to chase first: the inputs with the largest ΔEI swing, each with its unit, owner and deadline
            new WebDriverWait(browser, Duration.ofSeconds(60)).until(ExpectedConditions
                    .presenceOfElementLocated(By.cssSelector("#chase-table tbody tr[data-input]")));
            org.openqa.selenium.WebElement first = browser.findElement(By.cssSelector("#chase-table tbody tr[data-input]"));
            assertThat(first.findElement(By.cssSelector("td.department")).getText()).isNotEqualTo("—");
            assertThat(first.findElement(By.cssSelector("td.owner")).getText()).contains("联络员");
            assertThat(first.findElement(By.cssSelector("td.due")).getText()).startsWith("2024-");
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions
                    .presenceOfElementLocated(By.cssSelector("#chart svg rect[data-component='technical']")));
            assertThat(browser.findElement(By.cssSelector("#card-provisional .grade")).getText()).isNotBlank();
        } finally {
            screenshot("dashboard.png");
        }
    }

    @Test
    void the_bureau_generates_and_submits_the_self_check_report_a_leader_signs_it_off_and_the_bureau_records_it_sent()
            throws Exception {
        String bureau = TestTokens.county("bureau", TestTokens.COUNTY);
        String plan = Files.readString(ProjectLayout.root().resolve("deploy/local/plans/" + EVALUATION + ".json"));
        given().auth().oauth2(bureau).contentType(ContentType.JSON).body(plan)
                .put(system.tracking.api() + "/evaluations/" + EVALUATION + "/plan")
                .then().statusCode(anyOf(is(201), is(200)));
        String reports = system.tracking.api() + "/evaluations/" + EVALUATION + "/reports";
        List<Integer> before = given().auth().oauth2(bureau).get(reports).then().statusCode(200).extract().path("version");
        int version = before.isEmpty() ? 1 : before.get(0) + 1;
        String row = "#report-table tbody tr[data-version='" + version + "']";
        try {
            signIn("bureau");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(90));
            wait.until(ExpectedConditions.elementToBeClickable(By.id("report-generate"))).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(row + "[data-state='DRAFT']")));
            assertThat(browser.findElement(By.cssSelector(row + " td.links a.pdf")).getAttribute("href"))
                    .endsWith("/reports/" + version + "/document?format=pdf");
            // the report the page generated: real scoring- and submission-service behind it
            byte[] pdf = given().auth().oauth2(bureau).queryParam("format", "pdf")
                    .get(reports + "/" + version + "/document").then().statusCode(200).contentType("application/pdf")
                    .extract().asByteArray();
            try (var doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
                assertThat(new org.apache.pdfbox.text.PDFTextStripper().getText(doc).replaceAll("\\R", ""))
                        .contains("克什克腾旗", "一、基本情况", "六、综合评价", "九、附件目录");
            }
            browser.findElement(By.cssSelector(row + " button.submit")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(row + "[data-state='AWAITING_SIGN_OFF']")));
            assertThat(browser.findElements(By.cssSelector(row + " button.sign-off"))).as("the bureau cannot sign off").isEmpty();
            screenshot("report-submitted.png");

            signIn("leader");
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(row + " button.sign-off"))).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(row + "[data-state='SIGNED'] td.links a.package")));
            assertThat(browser.findElement(By.cssSelector(row + " td.steps")).getText())
                    .contains("生成 bureau-" + TestTokens.COUNTY, "提交审核 bureau-" + TestTokens.COUNTY,
                            "签发 leader-" + TestTokens.COUNTY);
            screenshot("report-signed.png");
            Response zip = given().auth().oauth2(TestTokens.county("leader", TestTokens.COUNTY))
                    .get(reports + "/" + version + "/package");
            assertThat(zip.statusCode()).isEqualTo(200);
            assertThat(zip.header("ETag")).isEqualTo("\"" + sha256(zip.asByteArray()) + "\"");

            // the bureau records that the signed version went to the region: the date, then the letter's number
            signIn("bureau");
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(row + " button.sent"))).click();
            String today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString();
            Alert date = wait.until(ExpectedConditions.alertIsPresent());
            assertThat(date.getText()).contains("报送自治区的日期");
            date.accept(); // the prompt offers today's date in the county

            Alert reference = wait.until(ExpectedConditions.alertIsPresent());
            reference.sendKeys("克环发〔2025〕3号");
            reference.accept();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(row + "[data-state='SENT']")));
            assertThat(browser.findElement(By.cssSelector(row + " td.steps")).getText())
                    .contains("报送 bureau-" + TestTokens.COUNTY, "报送日期 " + today, "克环发〔2025〕3号");
            assertThat(browser.findElements(By.cssSelector(row + " button.sent"))).as("sent once").isEmpty();
            given().auth().oauth2(bureau).get(reports + "/" + version).then().statusCode(200)
                    .body("state", is("SENT")).body("sentOn", is(today)).body("reference", is("克环发〔2025〕3号"));
            screenshot("report-sent.png");
        } finally {
            screenshot("report.png");
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Through the test OIDC server's login form, which hands out tokens of a bureau user of the county. */
    private void signIn() throws Exception {
        signIn("bureau");
    }

    /** Through the test OIDC server's login form, as a user of the county in {@code role}. */
    private void signIn(String role) throws Exception {
        // whoever signed in before (another test, another role) is signed out first: cookies are per host
        browser.get(system.tracking.baseUrl() + "/q/openapi");
        browser.manage().deleteAllCookies();
        browser.get(system.tracking.baseUrl() + "/dashboard/");
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(By.id("login")));
        URI loginPage = URI.create(browser.getCurrentUrl());
        String oidcServer = loginPage.getScheme() + "://" + loginPage.getAuthority();
        String stub = TestOidcLogin.issueTokensOnCodeExchange(oidcServer, role + "-" + TestTokens.COUNTY, role,
                TestTokens.COUNTY);
        try {
            browser.findElement(By.id("username")).sendKeys(role + "-" + TestTokens.COUNTY);
            browser.findElement(By.id("password")).sendKeys(role);
            browser.findElement(By.id("login")).click();
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.urlContains("/dashboard/"));
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> !d.findElement(By.id("user")).getText().equals("—"));
        } finally {
            TestOidcLogin.remove(oidcServer, stub);
        }
    }

    /** One uploaded PDF per required material of the plan task {@code task} (the plan refuses a submission without). */
    private static Map<String, Object> materials(String bureau, String unit, String task) {
        List<Map<String, Object>> required = given().auth().oauth2(bureau)
                .get(system.tracking.api() + "/evaluations/" + EVALUATION + "/plan").then().statusCode(200).extract()
                .path("plan.tasks.find { it.id == '" + task + "' }.materials.findAll { it.required != false }");
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (Map<String, Object> m : required) {
            byte[] pdf = ("%PDF-1.4\n% " + task + " " + m.get("code") + " " + java.util.UUID.randomUUID() + "\n%%EOF\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String id = given().auth().oauth2(unit).multiPart("file", m.get("code") + ".pdf", pdf, "application/pdf")
                    .post(system.submission.api() + "/evaluations/" + EVALUATION + "/evidence")
                    .then().statusCode(anyOf(is(201), is(200))).extract().path("id");
            out.put((String) m.get("code"), List.of(id));
        }
        return out;
    }

    private static List<String> freeTask(String bureau) {
        for (List<String> candidate : FREE_TASKS) {
            Response r = given().auth().oauth2(bureau).queryParam("department", candidate.get(0))
                    .get(system.tracking.api() + "/evaluations/" + EVALUATION + "/tasks");
            if (r.statusCode() == 200) {
                String state = r.path("find { it.taskId == '" + candidate.get(1) + "' }.state");
                if (state != null && !Set.of("SUBMITTED", "ACCEPTED", "RETURNED").contains(state)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("every candidate task already has a submission: " + FREE_TASKS);
    }

    private static WebElement cell(String department, String column) {
        return browser.findElement(By.cssSelector("#status-table tbody tr[data-department='" + department + "'] td." + column));
    }

    private static String pageInstance() {
        return browser.findElement(By.tagName("html")).getAttribute("data-page-instance");
    }

    private static void screenshot(String name) throws IOException {
        if (browser instanceof ChromeDriver chrome) {
            File shot = chrome.getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), artefacts.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Makes the test OIDC server (WireMock) answer the code exchange with fresh tokens of a county's bureau user. */
    static final class TestOidcLogin {
        private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

        /** Registers a stub ahead of the server's own (whose tokens are made once, at its start, and expire); returns its id. */
        static String issueTokensOnCodeExchange(String server, String user, String role, String county)
                throws Exception {
            String access = Jwt.preferredUserName(user).groups(Set.of(role)).issuer("https://server.example.com")
                    .audience("https://service.example.com").subject(user).claim("county", county).claim("typ", "Bearer")
                    .expiresIn(3600).jws().keyId("1").sign("privateKey.jwk");
            String id = Jwt.preferredUserName(user).groups(Set.of(role)).issuer("https://server.example.com")
                    .audience("ecoeval-cli").subject(user).claim("county", county).claim("typ", "ID")
                    .expiresIn(3600).jws().keyId("1").sign("privateKey.jwk");
            String body = "{\"access_token\":\"" + access + "\",\"id_token\":\"" + id
                    + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}";
            String mapping = "{\"priority\":1,\"request\":{\"method\":\"POST\",\"url\":\"/auth/realms/quarkus/token\","
                    + "\"bodyPatterns\":[{\"contains\":\"authorization_code\"}]},\"response\":{\"status\":200,"
                    + "\"headers\":{\"Content-Type\":\"application/json\"},\"body\":" + quote(body) + "}}";
            var answer = HTTP.send(java.net.http.HttpRequest.newBuilder(URI.create(server + "/__admin/mappings"))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(mapping)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as("stub registered: " + answer.body()).isEqualTo(201);
            return new io.restassured.path.json.JsonPath(answer.body()).getString("id");
        }

        static void remove(String server, String stubId) throws Exception {
            HTTP.send(java.net.http.HttpRequest.newBuilder(URI.create(server + "/__admin/mappings/" + stubId)).DELETE()
                    .build(), java.net.http.HttpResponse.BodyHandlers.discarding());
        }

        private static String quote(String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }
}
