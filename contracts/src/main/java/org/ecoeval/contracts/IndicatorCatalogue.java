package org.ecoeval.contracts;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ecoeval.contracts.Indicator.Direction;
import org.ecoeval.contracts.Indicator.Group;

/**
 * The indicator codes, ranges and management items of methodology.md. These are the vocabulary of the
 * contract and do not change with a methodology version; the weights and rules that do live in the
 * versioned methodology files.
 */
public final class IndicatorCatalogue {

    /** Management item scores lie in [−1, +1]. */
    public static final BigDecimal MANAGEMENT_SCORE_MIN = BigDecimal.ONE.negate();
    public static final BigDecimal MANAGEMENT_SCORE_MAX = BigDecimal.ONE;

    private static final Map<String, Indicator> INDICATORS = new LinkedHashMap<>();
    private static final Map<String, ManagementItem> ITEMS = new LinkedHashMap<>();

    static {
        eqi("EQI.VALUE", "生态质量指数 EQI", Direction.HIGHER_IS_BETTER);
        eqi("EQI.PATTERN", "生态格局指数", Direction.HIGHER_IS_BETTER);
        eqi("EQI.FUNCTION", "生态功能指数", Direction.HIGHER_IS_BETTER);
        eqi("EQI.BIODIVERSITY", "生物多样性指数", Direction.HIGHER_IS_BETTER);
        eqi("EQI.STRESS", "生态胁迫指数", Direction.LOWER_IS_BETTER);
        env("ENV.WATER.CLASS_III_RATIO", "达到或优于Ⅲ类水质比例", "%", 100, Direction.HIGHER_IS_BETTER);
        env("ENV.WATER.QUALITY_INDEX", "地表水水质指数", "index", 30, Direction.LOWER_IS_BETTER);
        env("ENV.AIR.GOOD_DAYS_RATIO", "空气质量优良天数比例", "%", 100, Direction.HIGHER_IS_BETTER);
        env("ENV.AIR.COMPOSITE_INDEX", "空气质量综合指数", "index", 20, Direction.LOWER_IS_BETTER);
        env("ENV.SOIL.SAFE_POINT_RATIO", "土壤质量安全点位比例", "%", 100, Direction.HIGHER_IS_BETTER);

        item("PROTECT.DEMO_ZONE", "PROTECT", "生态文明示范区/“两山”基地创建");
        item("PROTECT.RESERVE_REFORM", "PROTECT", "自然保护地改革");
        item("PROTECT.RED_LINE", "PROTECT", "生态保护红线制度落实");
        item("PROTECT.RESTORATION", "PROTECT", "生态保护修复工程实施");
        item("POLLUTION.PERMITS", "POLLUTION", "排污许可制度落实");
        item("POLLUTION.REDUCTION", "POLLUTION", "主要污染物减排");
        item("POLLUTION.AGRI_NONPOINT", "POLLUTION", "农业面源污染防治");
        item("POLLUTION.GROUNDWATER", "POLLUTION", "地下水保护与治理");
        item("GREEN.THREE_LINES", "GREEN", "“三线一单”制度落实");
        item("GREEN.STRUCTURE", "GREEN", "产业结构优化调整");
        item("GREEN.LOW_CARBON", "GREEN", "绿色低碳、碳排放");
        item("GREEN.INVESTMENT", "GREEN", "生态环境保护与治理投入");
        item("LIVING.RURAL", "LIVING", "农村环境整治");
        item("LIVING.SEWAGE", "LIVING", "城乡生活污水处理");
        item("LIVING.REFUSE", "LIVING", "城乡生活垃圾无害化处理");
        item("LIVING.DRINKING_WATER", "LIVING", "城乡饮用水水源水质");
        item("ORGANISATION.LEADERSHIP", "ORGANISATION", "旗委、政府共抓生态环境保护");
        item("ORGANISATION.DATA_QUALITY", "ORGANISATION", "数据资料规范性、完整性、准确性");
    }

    private static void eqi(String code, String name, Direction direction) {
        INDICATORS.put(code, new Indicator(code, name, "index", BigDecimal.ZERO, BigDecimal.valueOf(100), direction,
                Group.ECOLOGICAL_QUALITY));
    }

    private static void env(String code, String name, String unit, int max, Direction direction) {
        INDICATORS.put(code, new Indicator(code, name, unit, BigDecimal.ZERO, BigDecimal.valueOf(max), direction,
                Group.ENVIRONMENTAL_QUALITY));
    }

    private static void item(String code, String category, String name) {
        ITEMS.put(code, new ManagementItem(code, category, name));
    }

    public static Optional<Indicator> indicator(String code) {
        return Optional.ofNullable(code == null ? null : INDICATORS.get(code));
    }

    public static Collection<Indicator> indicators() {
        return INDICATORS.values();
    }

    public static Optional<ManagementItem> managementItem(String code) {
        return Optional.ofNullable(code == null ? null : ITEMS.get(code));
    }

    public static Collection<ManagementItem> managementItems() {
        return ITEMS.values();
    }

    /** The five management categories, in the methodology's order. */
    public static List<String> managementCategories() {
        return List.of("PROTECT", "POLLUTION", "GREEN", "LIVING", "ORGANISATION");
    }

    private IndicatorCatalogue() {
    }
}
