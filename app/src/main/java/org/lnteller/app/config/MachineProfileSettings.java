package org.lnteller.app.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.lnteller.codec.Network;
import org.lnteller.core.machine.MachineConfigService;
import org.lnteller.ports.usecase.MachineConfig;

/**
 * What Lamassu machines are told about where they stand and who runs them, from
 * {@code MACHINE_COUNTRY}, {@code MACHINE_LANGUAGES}, {@code MACHINE_TIMEZONE}, the
 * {@code OPERATOR_*} contact details and the optional {@code MACHINE_TERMS_*}. The terms file is
 * read once at start-up: a changed file takes effect at the next start.
 */
final class MachineProfileSettings {
    /** Larger terms would not fit a machine's screen, and every machine downloads them. */
    static final int MAX_TERMS_BYTES = 64 * 1024;

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private MachineProfileSettings() {}

    // StringSplitter: split drops a trailing empty entry, so a setting's trailing comma is forgiven
    @SuppressWarnings("StringSplitter")
    static MachineConfigService.Settings from(Settings s, Currency fiat, Network network) {
        String country = s.get("MACHINE_COUNTRY").orElse("US").toUpperCase(Locale.ROOT);
        if (!COUNTRIES.contains(country)) {
            throw new ConfigException(
                    "MACHINE_COUNTRY must be an ISO 3166 two-letter country code such as US or DE, not '" + country
                            + "'");
        }
        List<String> languages = new ArrayList<>();
        for (String tag : s.get("MACHINE_LANGUAGES").orElse("en-US").split(",")) {
            Locale locale = Locale.forLanguageTag(tag.strip());
            if (tag.isBlank() || locale.getLanguage().isEmpty()) {
                throw new ConfigException(
                        "MACHINE_LANGUAGES must be language tags separated by commas, such as en-US,es-US, not '"
                                + s.get("MACHINE_LANGUAGES").orElse("") + "'");
            }
            languages.add(locale.toLanguageTag());
        }
        ZoneId timezone;
        try {
            timezone = s.get("MACHINE_TIMEZONE").map(ZoneId::of).orElse(ZoneId.systemDefault());
        } catch (DateTimeException e) {
            throw new ConfigException("MACHINE_TIMEZONE must be a time zone such as America/New_York or +02:00, not '"
                    + s.get("MACHINE_TIMEZONE").orElse("") + "'");
        }
        return new MachineConfigService.Settings(fiat, country, languages, timezone, network, operator(s), terms(s));
    }

    /** Present when any contact detail is given; a detail not given is shown as nothing. */
    private static Optional<MachineConfig.OperatorInfo> operator(Settings s) {
        List<String> names = List.of(
                "OPERATOR_NAME", "OPERATOR_PHONE", "OPERATOR_EMAIL", "OPERATOR_WEBSITE", "OPERATOR_COMPANY_NUMBER");
        if (names.stream().allMatch(name -> s.get(name).isEmpty())) return Optional.empty();
        return Optional.of(new MachineConfig.OperatorInfo(
                s.get("OPERATOR_NAME").orElse(""),
                s.get("OPERATOR_PHONE").orElse(""),
                s.get("OPERATOR_EMAIL").orElse(""),
                s.get("OPERATOR_WEBSITE").orElse(""),
                s.get("OPERATOR_COMPANY_NUMBER").orElse("")));
    }

    private static Optional<MachineConfigService.TermsText> terms(Settings s) {
        Optional<String> file = s.get("MACHINE_TERMS_FILE");
        if (file.isEmpty()) return Optional.empty();
        Path path = Path.of(file.get());
        String text;
        try {
            if (Files.size(path) > MAX_TERMS_BYTES) {
                throw new ConfigException(
                        "MACHINE_TERMS_FILE " + path + " is larger than " + MAX_TERMS_BYTES + " bytes");
            }
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(path)))
                    .toString()
                    .strip();
        } catch (CharacterCodingException e) {
            throw new ConfigException("MACHINE_TERMS_FILE " + path + " is not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException("MACHINE_TERMS_FILE " + path + " cannot be read: " + e.getMessage());
        }
        if (text.isEmpty()) throw new ConfigException("MACHINE_TERMS_FILE " + path + " is empty");
        return Optional.of(new MachineConfigService.TermsText(
                text,
                s.get("MACHINE_TERMS_TITLE").orElse("Terms and Conditions"),
                s.get("MACHINE_TERMS_ACCEPT").orElse("Accept"),
                s.get("MACHINE_TERMS_CANCEL").orElse("Cancel")));
    }
}
