package org.ecoeval.tracking;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plan bodies for tests, as plain maps (serialised by rest-assured), each for its own county so that tests
 * sharing one database do not see each other's evaluations.
 */
public final class TestPlans {
    private static final AtomicInteger COUNTIES = new AtomicInteger(900000 + (int) (System.nanoTime() % 50000));

    /** A county code no other test of this JVM uses. */
    public static String freshCounty() {
        return String.valueOf(COUNTIES.incrementAndGet());
    }

    public static Map<String, Object> task(String id, String department, String due) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("id", id);
        t.put("department", department);
        t.put("title", "任务 " + id);
        t.put("managementItems", List.of("GREEN.INVESTMENT"));
        t.put("due", due);
        return t;
    }

    /** A valid plan for {@code county}/{@code year} with units FIN and EEB and the given tasks. */
    public static Map<String, Object> plan(String county, int year, List<Map<String, Object>> tasks) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("county", Map.of("code", county, "name", "测试旗" + county, "areaKm2", 20673,
                "functionType", "WINDBREAK_SAND_FIXATION"));
        p.put("year", year);
        p.put("comparisonYear", year - 1);
        p.put("methodology", "mee-2022");
        p.put("timeZone", "Asia/Shanghai");
        p.put("requireHeadApproval", false);
        p.put("departments", List.of(
                Map.of("code", "FIN", "name", "旗财政局", "headEmail", "fin-head@" + county + ".example.org"),
                Map.of("code", "EEB", "name", "市生态环境局克旗分局", "headEmail", "eeb-head@" + county + ".example.org")));
        List<Map<String, Object>> supervisors = new ArrayList<>();
        supervisors.add(Map.of("name", "领导小组办公室", "email", "office@" + county + ".example.org"));
        p.put("supervisors", supervisors);
        p.put("tasks", tasks);
        p.put("escalation", Map.of("remindBefore", List.of("P3D", "P1D"), "escalateAfter", List.of("PT0S", "P2D")));
        return p;
    }

    private TestPlans() {
    }
}
