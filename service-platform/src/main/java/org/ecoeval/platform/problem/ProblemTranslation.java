package org.ecoeval.platform.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Problem details in Chinese for a caller whose {@code Accept-Language} prefers {@code zh} (county clerks read
 * Chinese). Titles are translated whole; a violation's message becomes the Chinese sentence of its rule followed by
 * the English original in brackets, which names the values and limits ({@code field} and {@code rule} stay as they
 * are: clients act on those). Problems of a title or rule not listed here stay English. Pure.
 */
public final class ProblemTranslation {
    static final Map<String, String> TITLES = Map.ofEntries(
            Map.entry("Bad request", "请求有误"),
            Map.entry("The body cannot be read", "请求正文无法读取"),
            Map.entry("Forbidden", "无权执行此操作"),
            Map.entry("Not found", "未找到"),
            Map.entry("Body too large", "请求正文过大"),
            Map.entry("File too large", "文件过大"),
            Map.entry("The request breaks validation rules", "请求不符合校验规则"),
            Map.entry("Conflict with the current state", "与当前状态冲突"),
            Map.entry("Internal error", "服务内部错误"),
            Map.entry("Service temporarily unavailable", "服务暂时不可用"),
            Map.entry("Unauthorized", "未认证"),
            Map.entry("Method Not Allowed", "不支持该请求方法"),
            Map.entry("Not Acceptable", "无法提供所请求的格式"),
            Map.entry("Unsupported Media Type", "不支持的内容类型"),
            Map.entry("Precondition Failed", "前提条件不满足"),
            Map.entry("Too Many Requests", "请求过于频繁"));

    static final Map<String, String> RULES = Map.ofEntries(
            Map.entry("required", "此项必填"),
            Map.entry("enum", "取值不在允许的选项中"),
            Map.entry("length", "长度不符合要求"),
            Map.entry("unique", "取值重复，须唯一"),
            Map.entry("one-of", "只能填写其中一项"),
            Map.entry("not-allowed", "不允许填写此项"),
            Map.entry("format", "格式不正确"),
            Map.entry("duplicate", "重复填写"),
            Map.entry("range", "数值超出允许范围"),
            Map.entry("year", "年份不符合要求"),
            Map.entry("unknown-task", "计划中没有该任务"),
            Map.entry("positive", "须为正数"),
            Map.entry("non-negative", "不能为负数"),
            Map.entry("matches-evaluation", "与评价编号不一致"),
            Map.entry("email", "不是有效的电子邮件地址"),
            Map.entry("url", "不是有效的网址"),
            Map.entry("webhook-address", "回调地址指向内部网络，未被允许"),
            Map.entry("needs-webhook", "填写回调密钥时须同时填写回调地址"),
            Map.entry("contact", "督办人须有电子邮件或回调地址"),
            Map.entry("unknown-methodology", "未知的评价方法"),
            Map.entry("unknown-item", "未知的管理评价项"),
            Map.entry("unknown-indicator", "未知的指标"),
            Map.entry("unknown-department", "计划中没有该单位"),
            Map.entry("type", "数据类型不正确"),
            Map.entry("time-zone", "时区无效"),
            Map.entry("own-unit", "该任务属于其他单位"),
            Map.entry("max-size", "超过大小上限"),
            Map.entry("file-type", "文件类型不被允许"),
            Map.entry("immutable", "此项不可修改"),
            Map.entry("idempotency-key-reuse", "幂等键已用于另一请求"),
            Map.entry("encoding", "字符编码不正确"),
            Map.entry("duration", "时长格式不正确"),
            Map.entry("date", "日期无效"),
            Map.entry("material-missing", "缺少必交材料"),
            Map.entry("material-type", "材料文件类型不被允许"));

    private static final Pattern RULES_BROKEN = Pattern.compile("(\\d+) rule\\(s\\) broken; see violations");

    /** True when the first language of {@code Accept-Language} (as sorted by quality) is Chinese. */
    public static boolean prefersChinese(List<Locale> acceptable) {
        return !acceptable.isEmpty() && "zh".equals(acceptable.get(0).getLanguage());
    }

    public static Problem toChinese(Problem problem) {
        String title = TITLES.getOrDefault(problem.title(), problem.title());
        String detail = problem.detail();
        if (detail != null) {
            Matcher broken = RULES_BROKEN.matcher(detail);
            detail = broken.matches() ? "违反 " + broken.group(1) + " 条规则，详见 violations" : detail;
        }
        List<Violation> violations = new ArrayList<>();
        if (problem.violations() != null) {
            for (Violation v : problem.violations()) {
                String zh = RULES.get(v.rule());
                violations.add(zh == null ? v : new Violation(v.field(), v.rule(), zh + "（" + v.message() + "）"));
            }
        }
        return new Problem(problem.type(), title, problem.status(), detail, problem.instance(), violations);
    }

    private ProblemTranslation() {
    }
}
