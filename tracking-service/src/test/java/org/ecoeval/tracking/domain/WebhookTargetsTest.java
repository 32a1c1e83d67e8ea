package org.ecoeval.tracking.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class WebhookTargetsTest {
    /** Names as a county's DNS might answer them; anything else does not resolve. */
    static final Map<String, String> DNS = Map.of("hooks.example.org", "93.184.216.34",
            "metadata.google.internal", "169.254.169.254", "intranet.county.gov", "10.20.30.40",
            "rebound.example.org", "127.0.0.1");

    static InetAddress[] resolve(String host) throws UnknownHostException {
        if (host.matches("[0-9.]+|.*:.*")) {
            return new InetAddress[] {InetAddress.getByName(host)};
        }
        String address = DNS.get(host);
        if (address == null) {
            throw new UnknownHostException(host);
        }
        return new InetAddress[] {InetAddress.getByAddress(host, InetAddress.getByName(address).getAddress())};
    }

    final WebhookTargets none = new WebhookTargets(List.of(), WebhookTargetsTest::resolve);

    @Test
    void loopback_link_local_metadata_private_shared_and_unique_local_addresses_are_refused() {
        for (String url : List.of("http://127.0.0.1:8080/hook", "http://localhost.localdomain.invalid@127.0.0.2/",
                "http://169.254.169.254/latest/meta-data/", "http://metadata.google.internal/computeMetadata/v1/",
                "http://10.1.2.3/", "http://172.16.0.9/", "http://192.168.1.1/", "http://100.64.0.1/",
                "http://0.0.0.0/", "http://[::1]/", "http://[fe80::1]/", "http://[fd00::1]/",
                "http://[::ffff:127.0.0.1]/", "https://intranet.county.gov/hook", "http://rebound.example.org/")) {
            assertThat(none.refusal(url)).as(url).isPresent();
        }
    }

    @Test
    void a_public_address_and_a_name_that_does_not_resolve_yet_are_allowed() {
        assertThat(none.refusal("https://hooks.example.org/ecoeval")).isEmpty();
        assertThat(none.refusal("https://93.184.216.34/x")).isEmpty();
        assertThat(none.refusal("https://not-yet-in-dns.example.org/x")).isEmpty();
    }

    @Test
    void the_allow_list_admits_hosts_host_and_port_and_address_ranges() {
        WebhookTargets local = new WebhookTargets(List.of("127.0.0.1", "intranet.county.gov:443", "192.168.0.0/16"),
                WebhookTargetsTest::resolve);
        assertThat(local.refusal("http://127.0.0.1:39001/hook")).isEmpty();
        assertThat(local.refusal("https://intranet.county.gov/hook")).isEmpty();
        assertThat(local.refusal("http://intranet.county.gov:8080/hook")).isPresent();
        assertThat(local.refusal("http://192.168.7.7/hook")).isEmpty();
        assertThat(local.refusal("http://10.0.0.1/hook")).isPresent();
        assertThat(local.refusal("http://169.254.169.254/")).isPresent();
    }

    @Test
    void the_reason_names_the_kind_of_address_and_the_setting_that_allows_it() {
        assertThat(none.refusal("http://169.254.169.254/")).get().asString()
                .contains("link-local", "169.254.169.254", "ecoeval.tracking.webhook.allowed-targets");
    }
}
