package org.ecoeval.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class PostgresDataHomeTest {
    @Test
    void tmp_var_tmp_shm_and_run_are_volatile_places_and_a_clone_or_var_lib_is_not() {
        assertThat(PostgresDataHome.isVolatile(Path.of("/tmp/ecoeval-local-postgres-1"))).isTrue();
        assertThat(PostgresDataHome.isVolatile(Path.of("/var/tmp/x"))).isTrue();
        assertThat(PostgresDataHome.isVolatile(Path.of("/dev/shm/x"))).isTrue();
        assertThat(PostgresDataHome.isVolatile(Path.of("/run/user/0/x"))).isTrue();
        assertThat(PostgresDataHome.isVolatile(Path.of("/root/ecoeval/.ecoeval/postgres"))).isFalse();
        assertThat(PostgresDataHome.isVolatile(Path.of("/var/lib/ecoeval/x"))).isFalse();
        assertThat(PostgresDataHome.isVolatile(Path.of("/tmpdata/x"))).isFalse();
    }

    @Test
    void the_durable_home_outside_a_clone_is_under_var_lib_named_by_the_clone_and_stable() {
        Path one = PostgresDataHome.durableHomeFor(Path.of("/root/county-a/.ecoeval"));
        assertThat(one).isEqualTo(PostgresDataHome.durableHomeFor(Path.of("/root/county-a/.ecoeval")));
        assertThat(one.getParent()).isEqualTo(Path.of("/var/lib/ecoeval"));
        assertThat(one.getFileName().toString()).startsWith("county-a-");
        assertThat(PostgresDataHome.durableHomeFor(Path.of("/srv/county-a/.ecoeval"))).isNotEqualTo(one);
        assertThat(PostgresDataHome.isVolatile(one)).isFalse();
    }
}
