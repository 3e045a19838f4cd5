package org.lnteller.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lnteller.app.cli.DecodeCommand;

/** The {@code decode} command, run in-process on the shared vectors. */
class DecodeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void decodingAPublishedInvoicePrintsEveryFieldAsJson() throws IOException {
        Map<String, String> coffee = row("bolt11-sample.tsv", "name", "coffee_3usd_one_minute");

        int exit = Main.run(new String[] {"decode", coffee.get("invoice")}, print(out), print(err));

        assertThat(exit).isZero();
        assertThat(text(err)).isEmpty();
        JsonNode json = JSON.readTree(text(out));
        assertThat(json.get("type").asText()).isEqualTo("bolt11");
        assertThat(json.get("network").asText()).isEqualTo("mainnet");
        assertThat(json.get("amount_msat").asLong()).isEqualTo(Long.parseLong(coffee.get("amount_msat")));
        assertThat(json.get("payment_hash").asText()).isEqualTo(coffee.get("payment_hash_hex"));
        assertThat(json.get("payment_secret").asText()).isEqualTo(coffee.get("payment_secret_hex"));
        assertThat(json.get("timestamp").asText())
                .isEqualTo(Instant.ofEpochSecond(Long.parseLong(coffee.get("timestamp")))
                        .toString());
        assertThat(json.get("expiry_seconds").asLong()).isEqualTo(Long.parseLong(coffee.get("expiry_seconds")));
        assertThat(json.get("expires_at").asText())
                .isEqualTo(Instant.ofEpochSecond(
                                Long.parseLong(coffee.get("timestamp")) + Long.parseLong(coffee.get("expiry_seconds")))
                        .toString());
        assertThat(json.get("expired").asBoolean())
                .as("a 2017 invoice, against today's clock")
                .isTrue();
        assertThat(json.get("payee").asText()).isEqualTo(coffee.get("payee_pubkey_hex"));
        assertThat(json.get("description").asText()).isEqualTo(coffee.get("description"));
        assertThat(json.get("description_hash").isNull()).isTrue();
        assertThat(json.get("min_final_cltv_expiry").asInt()).isEqualTo(18);
        assertThat(json.get("features").toString()).isEqualTo("[" + coffee.get("features_hex_or_bits") + "]");
        assertThat(json.get("fallbacks").isArray()).isTrue();
        assertThat(json.get("routes").isArray()).isTrue();
        assertThat(text(out)).as("pretty-printed").contains("\n  \"type\"");
    }

    @Test
    void anAmountlessInvoiceHasANullAmount() throws IOException {
        Map<String, String> donation = row("bolt11-sample.tsv", "name", "donation_any_amount");

        assertThat(Main.run(new String[] {"decode", donation.get("invoice")}, print(out), print(err)))
                .isZero();

        assertThat(JSON.readTree(text(out)).get("amount_msat").isNull()).isTrue();
    }

    @Test
    void expiryIsJudgedAgainstTheCommandsClock() throws IOException {
        Map<String, String> coffee = row("bolt11-sample.tsv", "name", "coffee_3usd_one_minute");
        Instant created = Instant.ofEpochSecond(Long.parseLong(coffee.get("timestamp")));
        DecodeCommand decode = new DecodeCommand(Clock.fixed(created.plusSeconds(30), ZoneOffset.UTC));

        assertThat(decode.run(List.of("lightning:" + coffee.get("invoice")), print(out), print(err)))
                .isZero();

        assertThat(JSON.readTree(text(out)).get("expired").asBoolean()).isFalse();
    }

    @Test
    void decodingAnLnurlPrintsItsUrl() throws IOException {
        Map<String, String> lnurl = row("lnurl-sample.tsv", "url", null);

        int exit = Main.run(new String[] {"decode", lnurl.get("lnurl")}, print(out), print(err));

        assertThat(exit).isZero();
        JsonNode json = JSON.readTree(text(out));
        assertThat(json.get("type").asText()).isEqualTo("lnurl-pay");
        assertThat(json.get("url").asText()).isEqualTo(lnurl.get("url"));
    }

    @Test
    void decodingALightningAddressPrintsItsPayRequestUrl() throws IOException {
        assertThat(Main.run(new String[] {"decode", "satoshi@bitcoin.org"}, print(out), print(err)))
                .isZero();

        JsonNode json = JSON.readTree(text(out));
        assertThat(json.get("type").asText()).isEqualTo("lightning-address");
        assertThat(json.get("url").asText()).isEqualTo("https://bitcoin.org/.well-known/lnurlp/satoshi");
    }

    @Test
    void junkIsRefusedWithOneErrorLineAndExitCodeOne() {
        int exit = Main.run(new String[] {"decode", "this is\nnot a payment code"}, print(out), print(err));

        assertThat(exit).isEqualTo(1);
        assertThat(text(out)).isEmpty();
        assertThat(text(err)).startsWith("error: ").endsWith(System.lineSeparator());
        assertThat(text(err).strip().lines()).hasSize(1);
    }

    @Test
    void aTamperedInvoiceIsRefusedSayingWhy() {
        Map<String, String> bad = row("bolt11-invalid-sample.tsv", "name", "checksum_invalid");

        assertThat(Main.run(new String[] {"decode", bad.get("invoice")}, print(out), print(err)))
                .isEqualTo(1);

        assertThat(text(err)).startsWith("error: ").contains("checksum");
    }

    @Test
    void decodeWithoutExactlyOneArgumentIsAUsageError() {
        assertThat(Main.run(new String[] {"decode"}, print(out), print(err))).isEqualTo(2);
        assertThat(Main.run(new String[] {"decode", "a", "b"}, print(out), print(err)))
                .isEqualTo(2);
        assertThat(text(err)).contains("usage: lnteller decode");
        assertThat(text(out)).isEmpty();
    }

    /** The first row of a shared vector file whose {@code column} equals {@code value} (or the first row when value is null). */
    private static Map<String, String> row(String file, String column, String value) {
        String dir = System.getProperty("lnteller.shared");
        assertThat(dir)
                .as("system property lnteller.shared (set by the parent pom)")
                .isNotBlank();
        Path path = Path.of(dir, "vectors", file);
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot read shared vectors " + path, e);
        }
        String[] header = lines.get(0).split("\t", -1);
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split("\t", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.length && i < cells.length; i++) row.put(header[i], cells[i]);
            if (value == null || value.equals(row.get(column))) return row;
        }
        throw new AssertionError("no row with " + column + " = " + value + " in " + path);
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
