package org.ecoeval.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

class ProblemTranslationTest {
    @Test
    void chinese_is_chosen_only_when_it_is_the_callers_first_language() {
        assertThat(ProblemTranslation.prefersChinese(List.of(Locale.forLanguageTag("zh-CN"), Locale.ENGLISH))).isTrue();
        assertThat(ProblemTranslation.prefersChinese(List.of(Locale.forLanguageTag("zh")))).isTrue();
        assertThat(ProblemTranslation.prefersChinese(List.of(Locale.ENGLISH, Locale.forLanguageTag("zh")))).isFalse();
        assertThat(ProblemTranslation.prefersChinese(List.of())).isFalse();
    }

    @Test
    void title_detail_and_each_violation_message_are_chinese_with_field_rule_and_the_english_specifics_kept() {
        Problem english = ProblemException.invalid(List.of(new Violation("values[0].value", "range", "61 is above 50"),
                new Violation("task", "made-up-rule", "as is"))).problem();
        Problem chinese = ProblemTranslation.toChinese(english);
        assertThat(chinese.title()).isEqualTo("请求不符合校验规则");
        assertThat(chinese.detail()).isEqualTo("违反 2 条规则，详见 violations");
        assertThat(chinese.status()).isEqualTo(422);
        assertThat(chinese.type()).isEqualTo(english.type());
        assertThat(chinese.violations().get(0)).isEqualTo(new Violation("values[0].value", "range",
                "数值超出允许范围（61 is above 50）"));
        assertThat(chinese.violations().get(1)).isEqualTo(english.violations().get(1));
        assertThat(ProblemTranslation.toChinese(ProblemException.notFound("submission x").problem()).title())
                .isEqualTo("未找到");
    }
}
