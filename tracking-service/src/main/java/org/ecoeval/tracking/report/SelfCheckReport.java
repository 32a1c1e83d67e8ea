package org.ecoeval.tracking.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ecoeval.contracts.Indicator;
import org.ecoeval.contracts.IndicatorCatalogue;
import org.ecoeval.contracts.ManagementItem;
import org.ecoeval.contracts.Plan;
import org.ecoeval.contracts.SubmissionContent.EnvironmentalEvent;
import org.ecoeval.contracts.SubmissionContent.IndicatorValue;
import org.ecoeval.contracts.SubmissionContent.Patch;
import org.ecoeval.contracts.TaskInstance;
import org.ecoeval.tracking.domain.InstanceSnapshot;
import org.ecoeval.tracking.domain.ReportSnapshot;
import org.ecoeval.tracking.domain.ReportSnapshot.EvidenceFile;
import org.ecoeval.tracking.domain.ReportSnapshot.SubmissionAsOf;
import org.ecoeval.tracking.domain.StatusCalculator;
import org.ecoeval.tracking.report.ReportDocument.Block;
import org.ecoeval.tracking.report.ReportDocument.Paragraph;
import org.ecoeval.tracking.report.ReportDocument.Section;
import org.ecoeval.tracking.report.ReportDocument.Subheading;
import org.ecoeval.tracking.report.ReportDocument.Table;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Writes the 自查报告 from a snapshot, in the structure county self-check reports use: 基本情况, 技术指标,
 * 生态环境保护管理, 自然生态变化详查, 突发环境事件与突出生态环境问题, 综合评价, 材料报送情况, 存在问题, 附件目录.
 * Pure: the same snapshot always gives the same document.
 */
public final class SelfCheckReport {

    public static final List<String> SECTION_TITLES = List.of("一、基本情况", "二、技术指标", "三、生态环境保护管理",
            "四、自然生态变化详查", "五、突发环境事件与突出生态环境问题", "六、综合评价", "七、材料报送情况", "八、存在问题", "九、附件目录");

    static final Map<String, String> FUNCTION_TYPES = Map.of("WATER_CONSERVATION", "水源涵养",
            "SOIL_CONSERVATION", "水土保持", "WINDBREAK_SAND_FIXATION", "防风固沙", "BIODIVERSITY", "生物多样性维护");

    static final Map<String, String> CATEGORIES = Map.of("PROTECT", "生态保护修复", "POLLUTION", "污染防治",
            "GREEN", "绿色协调发展", "LIVING", "城乡人居环境", "ORGANISATION", "工作组织情况");

    static final Map<String, String> STATUSES = Map.of("ACCEPTED", "已采纳", "SUBMITTED", "已报送待审核",
            "AWAITING_APPROVAL", "待单位负责人审核", "RETURNED", "已退回修改");

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final ReportSnapshot s;
    private final ZoneId zone;

    private SelfCheckReport(ReportSnapshot snapshot) {
        this.s = snapshot;
        this.zone = ZoneId.of(snapshot.plan().timeZone() == null ? "Asia/Shanghai" : snapshot.plan().timeZone());
    }

    public static ReportDocument of(ReportSnapshot snapshot) {
        return new SelfCheckReport(snapshot).document();
    }

    private ReportDocument document() {
        Plan.County c = s.plan().county();
        String title = c.name() + s.plan().year() + "年国家重点生态功能区县域生态环境质量监测与评价自查报告";
        List<String> lines = List.of("评价编号 " + s.evaluationId() + " · 第 " + s.version() + " 版",
                "数据截至 " + time(s.asOf()) + "（" + zone + "；" + s.asOf() + "）");
        return new ReportDocument(title, lines, List.of(basics(), technical(), management(), patches(), events(),
                overall(), reporting(), problems(), annex()));
    }

    private Section basics() {
        Plan p = s.plan();
        Plan.County c = p.county();
        List<Block> b = new ArrayList<>();
        b.add(new Table(List.of("项目", "内容"), List.of(
                List.of("县域", c.name() + "（行政区划代码 " + c.code() + "）"),
                List.of("生态功能区类型", FUNCTION_TYPES.getOrDefault(c.functionType(), String.valueOf(c.functionType()))),
                List.of("国土面积（km²）", c.areaKm2() == null ? "—" : c.areaKm2().toPlainString()),
                List.of("评价年 / 对照年", p.year() + " / " + (p.comparisonYear() == null ? p.year() - 1 : p.comparisonYear())),
                List.of("评价方法", p.methodology() + "（环办监测函〔2022〕30号）"),
                List.of("实施方案", "第 " + s.planVersion() + " 版：成员单位 " + p.departments().size() + " 个，任务 "
                        + s.instances().size() + " 项"))));
        return new Section(SECTION_TITLES.get(0), b);
    }

    private Section technical() {
        int year = s.plan().year();
        int comparison = s.plan().comparisonYear() == null ? year - 1 : s.plan().comparisonYear();
        List<List<String>> rows = new ArrayList<>();
        for (Indicator i : IndicatorCatalogue.indicators()) {
            Optional<Valued> now = value(i.code(), year);
            Optional<Valued> before = value(i.code(), comparison);
            String change = now.isPresent() && before.isPresent()
                    ? now.get().value().subtract(before.get().value()).stripTrailingZeros().toPlainString() : "—";
            rows.add(List.of(i.code(), i.name(), now.map(Valued::text).orElse("缺失"),
                    before.map(Valued::text).orElse("缺失"), change));
        }
        JsonNode t = s.provisional().path("technical");
        JsonNode tc = s.confirmed().path("technical");
        List<Block> b = new ArrayList<>();
        b.add(new Table(List.of("代码", "指标", year + "年（评价年）", comparison + "年（对照年）", "变化"), rows));
        b.add(new Table(List.of("技术指标", "暂定（含待审核数据）", "确认（仅已采纳数据）"), List.of(
                List.of("ΔEQI 生态质量变化", num(t.path("deltaEQI")), num(tc.path("deltaEQI"))),
                List.of("ΔEnv 环境质量变化", num(t.path("deltaEnv")), num(tc.path("deltaEnv"))),
                List.of("ΔEI′ = 0.6·ΔEQI + 0.4·ΔEnv", num(t.path("value")), num(tc.path("value"))))));
        return new Section(SECTION_TITLES.get(1), b);
    }

    private record Valued(BigDecimal value, boolean accepted) {
        String text() {
            return value.toPlainString() + (accepted ? "" : "（待审核）");
        }
    }

    /** The value an indicator has at asOf: the accepted one, else the latest handed in (not returned). */
    private Optional<Valued> value(String indicator, int year) {
        Valued found = null;
        for (SubmissionAsOf sub : s.submissions()) {
            if ("RETURNED".equals(sub.status())) {
                continue;
            }
            for (IndicatorValue v : sub.values()) {
                if (v.indicator().equals(indicator) && v.year() == year && (found == null || sub.accepted())) {
                    found = new Valued(v.value(), sub.accepted());
                }
            }
        }
        return Optional.ofNullable(found);
    }

    private Section management() {
        JsonNode m = s.provisional().path("management");
        List<Block> b = new ArrayList<>();
        b.add(new Paragraph("生态环境保护管理评价值 EM′管理 = " + num(m.path("value")) + "（取值 −1.5～+1.5；已评分事项 "
                + m.path("scoredItems").asInt() + " 项）。"));
        Map<String, BigDecimal> scores = new LinkedHashMap<>();
        s.submissions().stream().filter(SubmissionAsOf::accepted).forEach(sub -> scores.putAll(sub.managementScores()));
        int n = 0;
        for (String category : IndicatorCatalogue.managementCategories()) {
            n++;
            b.add(new Subheading("（" + "一二三四五".charAt(n - 1) + "）" + CATEGORIES.get(category) + "：类别得分 "
                    + num(m.path("categories").path(category))));
            List<List<String>> rows = new ArrayList<>();
            for (ManagementItem item : IndicatorCatalogue.managementItems()) {
                if (item.category().equals(category)) {
                    BigDecimal score = scores.get(item.code());
                    rows.add(List.of(item.code(), item.name(), score == null ? "未评分" : score.toPlainString(),
                            materialsBehind(item.code())));
                }
            }
            b.add(new Table(List.of("代码", "事项", "得分", "佐证材料"), rows));
        }
        return new Section(SECTION_TITLES.get(2), b);
    }

    private String materialsBehind(String item) {
        List<String> names = new ArrayList<>();
        for (Plan.Task t : s.plan().tasks()) {
            if (t.managementItems() != null && t.managementItems().contains(item)) {
                s.evidence().stream().filter(e -> e.task().equals(t.id()) || e.task().startsWith(t.id() + "#"))
                        .forEach(e -> names.add(e.filename()));
                if (names.isEmpty()) {
                    names.add("（" + t.id() + " 未提供）");
                }
            }
        }
        return names.isEmpty() ? "—" : String.join("；", names);
    }

    private Section patches() {
        JsonNode r = s.provisional().path("remoteSensing");
        List<List<String>> rows = new ArrayList<>();
        for (SubmissionAsOf sub : s.submissions()) {
            for (Patch p : sub.patches()) {
                rows.add(List.of(p.patchId(), p.areaKm2() == null ? "—" : p.areaKm2().toPlainString(),
                        p.direction() == null ? "—" : p.direction().name().equals("IMPROVED") ? "变好" : "变差",
                        p.changeType() == null ? "—" : p.changeType(), Boolean.TRUE.equals(p.verified()) ? "是" : "否",
                        sub.department() + " / " + sub.task(), STATUSES.getOrDefault(sub.status(), sub.status())));
            }
        }
        List<Block> b = new ArrayList<>();
        b.add(new Paragraph("自然生态变化详查评价值 EM′遥感 = " + num(r.path("value")) + "（取值 −0.7～+0.7；计入图斑 "
                + r.path("countedPatches").asInt() + " 个，共 " + r.path("patches").asInt() + " 个）。"));
        b.add(rows.isEmpty() ? new Paragraph("截至数据截止时间未报送图斑。")
                : new Table(List.of("图斑", "面积（km²）", "变化方向", "变化类型", "已核查", "报送单位 / 任务", "状态"), rows));
        return new Section(SECTION_TITLES.get(3), b);
    }

    private Section events() {
        JsonNode e = s.provisional().path("events");
        List<List<String>> rows = new ArrayList<>();
        for (SubmissionAsOf sub : s.submissions()) {
            for (EnvironmentalEvent ev : sub.events()) {
                rows.add(List.of(ev.eventId(),
                        ev.kind() == null ? "—" : ev.kind().name().equals("ENVIRONMENTAL_EMERGENCY") ? "突发环境事件" : "突出生态环境问题",
                        ev.severity() == null ? "—" : switch (ev.severity()) {
                            case EXTRAORDINARY -> "特别重大";
                            case MAJOR -> "重大";
                            case LARGE -> "较大";
                            case GENERAL -> "一般";
                        }, ev.occurredOn() == null ? "—" : ev.occurredOn().toString(),
                        sub.department() + " / " + sub.task(), STATUSES.getOrDefault(sub.status(), sub.status())));
            }
        }
        List<Block> b = new ArrayList<>();
        b.add(new Paragraph("突发环境事件与突出生态环境问题评价值 EM′事件 = " + num(e.path("value")) + "（取值 −1.0～0；事件 "
                + e.path("count").asInt() + " 起）。"));
        b.add(rows.isEmpty() ? new Paragraph("评价年内未报送突发环境事件与突出生态环境问题。")
                : new Table(List.of("编号", "类别", "等级", "发生日期", "报送单位 / 任务", "状态"), rows));
        return new Section(SECTION_TITLES.get(4), b);
    }

    private Section overall() {
        List<Block> b = new ArrayList<>();
        JsonNode p = s.provisional();
        b.add(new Paragraph("ΔEI = ΔEI′ + EM′管理 + EM′遥感 + EM′事件 = " + num(p.path("technical").path("value")) + " + "
                + num(p.path("management").path("value")) + " + " + num(p.path("remoteSensing").path("value")) + " + ("
                + num(p.path("events").path("value")) + ") = " + num(p.path("deltaEI")) + "，修约为 "
                + num(p.path("deltaEIRounded")) + "，评价等级：" + text(p.path("grade")) + "（暂定读数）。"));
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode r : List.of(s.provisional(), s.confirmed())) {
            rows.add(List.of("provisional".equals(r.path("reading").asText()) ? "暂定（含待审核数据）" : "确认（仅已采纳数据）",
                    num(r.path("technical").path("value")), num(r.path("management").path("value")),
                    num(r.path("remoteSensing").path("value")), num(r.path("events").path("value")),
                    num(r.path("deltaEI")), num(r.path("deltaEIRounded")), text(r.path("grade")),
                    r.path("complete").asBoolean() ? "完整" : "不完整"));
        }
        b.add(new Table(List.of("读数", "ΔEI′", "EM′管理", "EM′遥感", "EM′事件", "ΔEI", "ΔEI（两位）", "等级", "数据"), rows));
        List<List<String>> params = new ArrayList<>();
        p.path("parametersUsed").fields().forEachRemaining(f -> params.add(List.of(f.getKey(), f.getValue().asText(),
                "assumed".equals(f.getValue().asText()) ? "假定值，待官方参数表确认" : "")));
        b.add(new Paragraph("方法参数状态：" + (p.path("parameterStatuses").isEmpty() ? "—"
                : join(p.path("parameterStatuses"))) + "。"));
        if (!params.isEmpty()) {
            b.add(new Table(List.of("参数组", "状态", "说明"), params));
        }
        return new Section(SECTION_TITLES.get(5), b);
    }

    private Section reporting() {
        List<StatusCalculator.Unit> units = s.plan().departments().stream()
                .map(d -> new StatusCalculator.Unit(d.code(), d.name())).toList();
        StatusCalculator.Status status = StatusCalculator.compute(s.plan().county().name(), units, instances(),
                s.asOf());
        List<List<String>> rows = new ArrayList<>();
        for (StatusCalculator.Row r : status.departments()) {
            rows.add(row(r));
        }
        rows.add(row(status.totals()));
        List<Block> b = new ArrayList<>();
        b.add(new Table(List.of("单位", "任务", "已报送", "已采纳", "退回", "逾期报送", "逾期未报", "完成率"), rows));
        long raised = s.alerts().size();
        b.add(new Paragraph("截至数据截止时间共发出提醒与督办 " + raised + " 次（其中逾期 "
                + s.alerts().stream().filter(a -> "OVERDUE".equals(a.level())).count() + " 次，升级督办 "
                + s.alerts().stream().filter(a -> "ESCALATED".equals(a.level())).count() + " 次，退回 "
                + s.alerts().stream().filter(a -> "RETURNED".equals(a.level())).count() + " 次）。"));
        return new Section(SECTION_TITLES.get(6), b);
    }

    private static List<String> row(StatusCalculator.Row r) {
        return List.of(r.department() == null ? r.name() + "（合计）" : r.name() + "（" + r.department() + "）",
                String.valueOf(r.total()), String.valueOf(r.submitted()), String.valueOf(r.accepted()),
                String.valueOf(r.returned()), String.valueOf(r.late()), String.valueOf(r.overdue()),
                r.completion() == null ? "—" : r.completion().multiply(BigDecimal.valueOf(100)).stripTrailingZeros()
                        .toPlainString() + "%");
    }

    /** Each task instance with the state its submission had at asOf. */
    List<InstanceSnapshot> instances() {
        List<InstanceSnapshot> out = new ArrayList<>();
        for (TaskInstance i : s.instances()) {
            Optional<SubmissionAsOf> sub = s.submissions().stream().filter(x -> x.task().equals(i.id()))
                    .max(Comparator.comparing(SubmissionAsOf::submittedAt));
            int returns = sub.map(x -> (int) x.history().stream().filter(h -> "RETURNED".equals(h.status())).count())
                    .orElse(0);
            out.add(new InstanceSnapshot(i.id(), i.taskId(), i.department(), i.title(), i.dueAt(),
                    sub.map(SubmissionAsOf::status).orElse(null), sub.map(SubmissionAsOf::submittedAt).orElse(null),
                    sub.map(SubmissionAsOf::late).orElse(false), sub.map(SubmissionAsOf::id).orElse(null), null, null,
                    null, returns));
        }
        return out;
    }

    private Section problems() {
        List<Block> b = new ArrayList<>();
        JsonNode missing = s.provisional().path("missing");
        List<String> names = new ArrayList<>();
        missing.forEach(m -> names.add(IndicatorCatalogue.indicator(m.asText()).map(i -> i.name() + "（" + i.code() + "）")
                .orElse(m.asText())));
        b.add(new Subheading("（一）缺失的评价数据"));
        b.add(new Paragraph(names.isEmpty() ? "评价所需数据均已报送。" : String.join("、", names) + "，共 " + names.size() + " 项。"));
        b.add(new Subheading("（二）未完成的任务"));
        List<List<String>> open = new ArrayList<>();
        Map<String, String> unitNames = new LinkedHashMap<>();
        s.plan().departments().forEach(d -> unitNames.put(d.code(), d.name()));
        for (InstanceSnapshot i : instances()) {
            if (!"ACCEPTED".equals(i.submissionStatus())) {
                open.add(List.of(unitNames.getOrDefault(i.department(), i.department()), i.instanceId(), i.title(),
                        time(i.dueAt()), i.submissionStatus() == null
                                ? (i.overdueAt(s.asOf()) ? "逾期未报" : "未报送")
                                : STATUSES.getOrDefault(i.submissionStatus(), i.submissionStatus())));
            }
        }
        b.add(open.isEmpty() ? new Paragraph("全部任务均已报送并采纳。")
                : new Table(List.of("单位", "任务", "内容", "截止时间", "状态"), open));
        b.add(new Subheading("（三）对 ΔEI 影响最大的待定事项"));
        List<List<String>> swing = new ArrayList<>();
        for (JsonNode item : s.impact().path("items")) {
            if (swing.size() >= 10 || item.path("swing").decimalValue().signum() <= 0) {
                continue;
            }
            JsonNode owner = item.path("owners").path(0);
            swing.add(List.of(item.path("input").asText(), item.path("name").asText(),
                    "MISSING".equals(item.path("state").asText()) ? "缺失" : "待审核",
                    num(item.path("low")) + " ～ " + num(item.path("high")), num(item.path("swing")),
                    owner.isMissingNode() ? "—" : owner.path("department").asText() + " / " + owner.path("task").asText()));
        }
        b.add(swing.isEmpty() ? new Paragraph("无待定事项。")
                : new Table(List.of("输入", "名称", "状态", "ΔEI 范围", "影响幅度", "责任单位 / 任务"), swing));
        return new Section(SECTION_TITLES.get(7), b);
    }

    private Section annex() {
        List<List<String>> rows = new ArrayList<>();
        int n = 0;
        for (EvidenceFile e : s.evidence()) {
            rows.add(List.of(String.valueOf(++n), e.department(), e.task(), e.material() == null ? "其他" : e.material(),
                    e.filename(), String.valueOf(e.sizeBytes()), e.sha256()));
        }
        List<Block> b = new ArrayList<>();
        b.add(new Paragraph("共 " + rows.size() + " 个文件；SHA-256 为文件内容的摘要，可据此核对数据压缩包中的文件。"));
        if (!rows.isEmpty()) {
            b.add(new Table(List.of("序号", "单位", "任务", "材料", "文件名", "字节", "SHA-256"), rows));
        }
        return new Section(SECTION_TITLES.get(8), b);
    }

    private String time(Instant at) {
        return at == null ? "—" : MINUTES.format(at.atZone(zone));
    }

    static String num(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return "—";
        }
        return n.isNumber() ? n.decimalValue().toPlainString() : n.asText();
    }

    private static String text(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() ? "—" : n.asText();
    }

    private static String join(JsonNode array) {
        List<String> parts = new ArrayList<>();
        array.forEach(x -> parts.add(x.asText()));
        return String.join("、", parts);
    }
}
