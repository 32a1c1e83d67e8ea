package org.ecoeval.tracking.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import org.ecoeval.contracts.AlertRaised.Level;

/**
 * The Chinese text of alert e-mails (pure): unit, task, due time (a deadline at local midnight shows as
 * 24:00 of the day before, as the plan says it), days overdue, the materials still missing, and for a return the
 * bureau's comment and the correction deadline. A reminder greets the task's owner by name when the plan names
 * one.
 */
public final class AlertMessages {

    public record Email(String subject, String body) {
    }

    /**
     * What an alert is about. {@code ownerName} may be null; {@code missingMaterials} are the names of required
     * materials not yet handed in; {@code comment} is a return's; {@code correction} marks the correction ladder,
     * whose {@code dueAt} is the correction deadline.
     */
    public record Facts(Level level, String evaluationId, String countyName, int year, String departmentCode,
            String departmentName, String instanceId, String title, Instant dueAt, ZoneId zone, Instant raisedAt,
            String ownerName, List<String> missingMaterials, String comment, boolean correction) {

        public Facts(Level level, String evaluationId, String countyName, int year, String departmentCode,
                String departmentName, String instanceId, String title, Instant dueAt, ZoneId zone, Instant raisedAt) {
            this(level, evaluationId, countyName, year, departmentCode, departmentName, instanceId, title, dueAt, zone,
                    raisedAt, null, List.of(), null, false);
        }
    }

    private static final String PREFIX = "【生态环境质量监测评价与考核】";

    public static Email email(Facts f) {
        String unit = f.departmentName() + "（" + f.departmentCode() + "）";
        String correction = f.correction() ? "整改" : "";
        String subject = switch (f.level()) {
            case REMINDER -> PREFIX + "任务即将到期提醒：" + f.departmentName() + "—" + f.title();
            case OVERDUE -> PREFIX + (f.correction() ? "整改已逾期：" : "任务已逾期：") + f.departmentName() + "—"
                    + f.title();
            case ESCALATED -> PREFIX + (f.correction() ? "逾期整改督办：" : "逾期任务督办：") + f.departmentName() + "—"
                    + f.title() + "（已逾期" + daysOverdue(f.dueAt(), f.raisedAt()) + "天）";
            case RETURNED -> PREFIX + "材料被退回，请整改后重新报送：" + f.departmentName() + "—" + f.title();
        };
        String greeting = switch (f.level()) {
            case REMINDER -> present(f.ownerName()) ? f.ownerName() + "同志：" : f.departmentName() + "负责同志：";
            case OVERDUE, RETURNED -> (present(f.ownerName()) ? f.ownerName() + "同志、" : "") + f.departmentName()
                    + "负责同志：";
            case ESCALATED -> "领导小组各位领导：";
        };
        String situation = switch (f.level()) {
            case REMINDER -> "距截止时间还有：" + remaining(f.dueAt(), f.raisedAt()) + "。请按时报送材料。";
            case OVERDUE -> "已逾期天数：" + daysOverdue(f.dueAt(), f.raisedAt()) + "天。该任务已超过" + correction
                    + "截止时间仍未报送，请立即报送。";
            case ESCALATED -> "已逾期天数：" + daysOverdue(f.dueAt(), f.raisedAt()) + "天。该单位仍未" + correction
                    + "报送，现提请督办。";
            case RETURNED -> "退回意见：" + (present(f.comment()) ? f.comment() : "（无）") + "\n请按意见修改后重新报送。";
        };
        String due = f.level() == Level.RETURNED
                ? (f.dueAt() == null ? "" : (f.correction() ? "整改截止时间：" : "截止时间：")
                        + formatDue(f.dueAt(), f.zone()) + "\n")
                : (f.correction() ? "整改截止时间：" : "截止时间：") + formatDue(f.dueAt(), f.zone()) + "\n";
        String missing = f.missingMaterials() == null || f.missingMaterials().isEmpty() ? ""
                : "尚缺材料：" + String.join("；", f.missingMaterials()) + "\n";
        String body = greeting + "\n\n"
                + "评价：" + f.countyName() + f.year() + "年县域生态环境质量监测评价与考核（" + f.evaluationId() + "）\n"
                + "单位：" + unit + "\n"
                + "任务：" + f.title() + "（" + f.instanceId() + "）\n"
                + due
                + missing
                + situation + "\n\n"
                + "按照实施方案，各成员单位对所报数据的真实性、准确性负责，任务完成情况纳入年度考核；逾期报送视为未按时完成。\n\n"
                + "此邮件由考核任务跟踪系统自动发送，请勿直接回复。\n";
        return new Email(subject, body);
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    /** {@code 2024年10月20日 24:00（Asia/Shanghai）} for a deadline at local midnight. */
    public static String formatDue(Instant dueAt, ZoneId zone) {
        LocalDateTime local = LocalDateTime.ofInstant(dueAt, zone);
        String time;
        if (local.toLocalTime().equals(LocalTime.MIDNIGHT)) {
            local = local.minusDays(1);
            time = "24:00";
        } else {
            time = String.format("%02d:%02d", local.getHour(), local.getMinute());
        }
        return local.getYear() + "年" + local.getMonthValue() + "月" + local.getDayOfMonth() + "日 " + time + "（"
                + zone.getId() + "）";
    }

    /** Whole days past the due time (0 on the day it passed). */
    public static long daysOverdue(Instant dueAt, Instant now) {
        return now.isBefore(dueAt) ? 0 : Duration.between(dueAt, now).toDays();
    }

    static String remaining(Instant dueAt, Instant now) {
        Duration left = Duration.between(now, dueAt);
        if (left.isNegative()) {
            return "0天";
        }
        long days = left.toDays();
        long hours = left.minusDays(days).toHours();
        if (days == 0 && hours == 0) {
            return "不足1小时";
        }
        return (days > 0 ? days + "天" : "") + (hours > 0 ? hours + "小时" : "");
    }

    private AlertMessages() {
    }
}
