package org.ecoeval.tracking.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;

import org.ecoeval.contracts.AlertRaised.Level;
import org.junit.jupiter.api.Test;

class AlertMessagesTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final Instant DUE = Instant.parse("2024-10-20T16:00:00Z");

    @Test
    void a_midnight_deadline_reads_as_24_00_of_its_day() {
        assertThat(AlertMessages.formatDue(DUE, SHANGHAI)).isEqualTo("2024年10月20日 24:00（Asia/Shanghai）");
        assertThat(AlertMessages.formatDue(Instant.parse("2024-10-20T10:30:00Z"), SHANGHAI))
                .isEqualTo("2024年10月20日 18:30（Asia/Shanghai）");
    }

    @Test
    void an_escalation_names_unit_task_due_time_and_days_overdue_in_chinese() {
        AlertMessages.Email mail = AlertMessages.email(new AlertMessages.Facts(Level.ESCALATED, "150425-2024",
                "克什克腾旗", 2024, "FIN", "旗财政局", "FIN-INVEST", "专项转移支付凭证", DUE, SHANGHAI,
                DUE.plusSeconds(2 * 86400 + 60)));
        assertThat(mail.subject()).isEqualTo("【生态环境质量监测评价与考核】逾期任务督办：旗财政局—专项转移支付凭证（已逾期2天）");
        assertThat(mail.body()).contains("单位：旗财政局（FIN）", "任务：专项转移支付凭证（FIN-INVEST）",
                "截止时间：2024年10月20日 24:00（Asia/Shanghai）", "已逾期天数：2天", "克什克腾旗2024年");
    }

    @Test
    void a_reminder_says_how_long_is_left() {
        AlertMessages.Email mail = AlertMessages.email(new AlertMessages.Facts(Level.REMINDER, "150425-2024",
                "克什克腾旗", 2024, "FIN", "旗财政局", "FIN-INVEST", "凭证", DUE, SHANGHAI,
                DUE.minusSeconds(3 * 86400 + 3600)));
        assertThat(mail.subject()).contains("任务即将到期提醒");
        assertThat(mail.body()).contains("距截止时间还有：3天1小时").startsWith("旗财政局负责同志：");
    }
}
