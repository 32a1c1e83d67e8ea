package org.ecoeval.tracking.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;

import org.ecoeval.contracts.AlertRaised.Level;

/**
 * The Chinese text of alert e-mails (pure): unit, task, due time (a deadline at local midnight shows as
 * 24:00 of the day before, as the plan says it) and days overdue.
 */
public final class AlertMessages {

    public record Email(String subject, String body) {
    }

    /** What an alert is about. */
    public record Facts(Level level, String evaluationId, String countyName, int year, String departmentCode,
            String departmentName, String instanceId, String title, Instant dueAt, ZoneId zone, Instant raisedAt) {
    }

    private static final String PREFIX = "【生态环境质量监测评价与考核】";

    public static Email email(Facts f) {
        String unit = f.departmentName() + "（" + f.departmentCode() + "）";
        String subject = switch (f.level()) {
            case REMINDER -> PREFIX + "任务即将到期提醒：" + f.departmentName() + "—" + f.title();
            case OVERDUE -> PREFIX + "任务已逾期：" + f.departmentName() + "—" + f.title();
            case ESCALATED -> PREFIX + "逾期任务督办：" + f.departmentName() + "—" + f.title() + "（已逾期"
                    + daysOverdue(f.dueAt(), f.raisedAt()) + "天）";
        };
        String greeting = switch (f.level()) {
            case REMINDER, OVERDUE -> f.departmentName() + "负责同志：";
            case ESCALATED -> "领导小组各位领导：";
        };
        String situation = switch (f.level()) {
            case REMINDER -> "距截止时间还有：" + remaining(f.dueAt(), f.raisedAt()) + "。请按时报送材料。";
            case OVERDUE -> "已逾期天数：" + daysOverdue(f.dueAt(), f.raisedAt()) + "天。该任务已超过截止时间仍未报送，请立即报送。";
            case ESCALATED -> "已逾期天数：" + daysOverdue(f.dueAt(), f.raisedAt()) + "天。该单位仍未报送，现提请督办。";
        };
        String body = greeting + "\n\n"
                + "评价：" + f.countyName() + f.year() + "年县域生态环境质量监测评价与考核（" + f.evaluationId() + "）\n"
                + "单位：" + unit + "\n"
                + "任务：" + f.title() + "（" + f.instanceId() + "）\n"
                + "截止时间：" + formatDue(f.dueAt(), f.zone()) + "\n"
                + situation + "\n\n"
                + "按照实施方案，各成员单位对所报数据的真实性、准确性负责，任务完成情况纳入年度考核；逾期报送视为未按时完成。\n\n"
                + "此邮件由考核任务跟踪系统自动发送，请勿直接回复。\n";
        return new Email(subject, body);
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
