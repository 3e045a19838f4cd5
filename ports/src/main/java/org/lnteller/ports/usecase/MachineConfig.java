package org.lnteller.ports.usecase;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a Lamassu machine learns from its configuration query ({@code configs} and {@code terms}),
 * as values: the machine port writes them in the machine's GraphQL shape. Amounts in fiat are in
 * whole units of {@link LocaleInfo#fiat()}; prices are fiat per whole bitcoin.
 *
 * <p>A Lightning-only server without compliance features has no receipts and no compliance
 * triggers: the machine port answers {@code receiptInfo: null} and {@code triggers: []}, which is
 * why those have no value here.
 */
public final class MachineConfig {
    private MachineConfig() {}

    /**
     * The answer to {@code configs(currentConfigVersion:)}.
     *
     * @param staticConfig empty when the machine already holds {@link Static#configVersion()}
     * @param dynamic      always present: prices, balance and cassettes change all the time
     */
    public record Configs(Optional<Static> staticConfig, Dynamic dynamic) {
        public Configs {
            Objects.requireNonNull(staticConfig, "staticConfig");
            Objects.requireNonNull(dynamic, "dynamic");
        }
    }

    /**
     * Values that change only when the operator changes them; {@code configVersion} rises
     * whenever one of them changes.
     *
     * @param timezoneOffsetMinutes the machine's offset from UTC now, minutes east (CET is 60)
     * @param operator              empty when the operator gave no contact details
     */
    public record Static(
            int configVersion,
            String serverVersion,
            int timezoneOffsetMinutes,
            List<Coin> coins,
            boolean enablePaperWalletOnly,
            boolean hasLightning,
            boolean twoWayMode,
            CustomerAuthentication customerAuthentication,
            List<String> urlsToPing,
            List<SpeedtestFile> speedtestFiles,
            LocaleInfo locale,
            Optional<OperatorInfo> operator,
            MachineInfo machine,
            TriggersAutomation triggersAutomation) {
        public Static {
            if (configVersion < 1) throw new IllegalArgumentException("config versions start at 1");
            Objects.requireNonNull(serverVersion, "serverVersion");
            coins = List.copyOf(coins);
            Objects.requireNonNull(customerAuthentication, "customerAuthentication");
            urlsToPing = List.copyOf(urlsToPing);
            speedtestFiles = List.copyOf(speedtestFiles);
            Objects.requireNonNull(locale, "locale");
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(machine, "machine");
            Objects.requireNonNull(triggersAutomation, "triggersAutomation");
        }
    }

    /**
     * A coin the machine offers and its fixed terms. Commissions are percent ({@code 5} is 5%);
     * {@code minimumTx} and {@code cashInFee} are fiat.
     */
    public record Coin(
            String cryptoCode,
            String cryptoCodeDisplay,
            String display,
            BigDecimal minimumTx,
            BigDecimal cashInFee,
            BigDecimal cashInCommission,
            BigDecimal cashOutCommission,
            String cryptoNetwork,
            String cryptoUnits,
            boolean batchable,
            boolean isCashInOnly) {
        public Coin {
            Objects.requireNonNull(cryptoCode, "cryptoCode");
            Objects.requireNonNull(cryptoCodeDisplay, "cryptoCodeDisplay");
            Objects.requireNonNull(display, "display");
            Objects.requireNonNull(minimumTx, "minimumTx");
            Objects.requireNonNull(cashInFee, "cashInFee");
            Objects.requireNonNull(cashInCommission, "cashInCommission");
            Objects.requireNonNull(cashOutCommission, "cashOutCommission");
            Objects.requireNonNull(cryptoNetwork, "cryptoNetwork");
            Objects.requireNonNull(cryptoUnits, "cryptoUnits");
        }
    }

    /** How the machine identifies a customer when a rule asks for it. */
    public enum CustomerAuthentication {
        SMS,
        EMAIL
    }

    /** A file the machine downloads to measure its connection ({@code size} in bytes). */
    public record SpeedtestFile(String url, int size) {
        public SpeedtestFile {
            Objects.requireNonNull(url, "url");
        }
    }

    /**
     * @param country   ISO 3166 alpha-2, e.g. {@code US}
     * @param languages BCP 47 tags, the first the machine's default, e.g. {@code [en-US, es-US]}
     */
    public record LocaleInfo(String country, Currency fiat, List<String> languages) {
        public LocaleInfo {
            Objects.requireNonNull(country, "country");
            Objects.requireNonNull(fiat, "fiat");
            languages = List.copyOf(languages);
            if (languages.isEmpty()) throw new IllegalArgumentException("a machine speaks at least one language");
        }
    }

    /** The operator's contact details shown on the machine; a detail not given is empty text. */
    public record OperatorInfo(String name, String phone, String email, String website, String companyNumber) {
        public OperatorInfo {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(phone, "phone");
            Objects.requireNonNull(email, "email");
            Objects.requireNonNull(website, "website");
            Objects.requireNonNull(companyNumber, "companyNumber");
        }
    }

    /** @param deviceName the name of the app the machine is paired to */
    public record MachineInfo(String deviceId, String deviceName, int numberOfCassettes, int numberOfRecyclers) {
        public MachineInfo {
            Objects.requireNonNull(deviceId, "deviceId");
            Objects.requireNonNull(deviceName, "deviceName");
        }
    }

    /** Whether a compliance step passes on its own or waits for the operator. */
    public enum Automation {
        AUTOMATIC,
        MANUAL
    }

    /** How each compliance step is decided; this server defines no custom ones. */
    public record TriggersAutomation(
            Automation sanctions,
            Automation idCardPhoto,
            Automation idCardData,
            Automation facephoto,
            Automation usSsn) {
        public TriggersAutomation {
            Objects.requireNonNull(sanctions, "sanctions");
            Objects.requireNonNull(idCardPhoto, "idCardPhoto");
            Objects.requireNonNull(idCardData, "idCardData");
            Objects.requireNonNull(facephoto, "facephoto");
            Objects.requireNonNull(usSsn, "usSsn");
        }
    }

    /**
     * Values that change from one query to the next.
     *
     * @param cassettes empty when the machine must not dispense (it then offers no cash-out)
     * @param coins     only the coins whose rates and balance are known: a machine shows a coin
     *                  only then
     * @param commands  what the machine must do at once (reboot, power off, ...); empty unless an
     *                  operator asked for exactly that
     */
    public record Dynamic(
            boolean areThereAvailablePromoCodes,
            Optional<Cassettes> cassettes,
            List<CoinValues> coins,
            Set<RemoteCommand> commands) {
        public Dynamic {
            Objects.requireNonNull(cassettes, "cassettes");
            coins = List.copyOf(coins);
            commands = Set.copyOf(commands);
        }
    }

    /** Commands a machine obeys as soon as it reads them. */
    public enum RemoteCommand {
        REBOOT,
        SHUTDOWN,
        RESTART_SERVICES,
        EMPTY_UNIT,
        REFILL_UNIT,
        DIAGNOSTICS
    }

    /**
     * @param physical the cassettes in dispenser order: the machine reads them by position
     * @param virtual  denominations the machine may offer beyond what the cassettes hold, whole fiat units
     */
    public record Cassettes(List<PhysicalCassette> physical, List<Integer> virtual) {
        public Cassettes {
            physical = List.copyOf(physical);
            virtual = List.copyOf(virtual);
        }
    }

    /** @param name {@code cassette1}, {@code cassette2}, ... ; {@code denomination} in whole fiat units */
    public record PhysicalCassette(String name, int count, int denomination) {
        public PhysicalCassette {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * A coin's current prices and what the wallet can cover.
     *
     * @param balance       whole fiat units the wallet can cover for cash-in
     * @param ask           market price, fiat per BTC, no commission
     * @param bid           market price, fiat per BTC, no commission
     * @param cashIn        what a customer pays per BTC when buying
     * @param cashOut       what a customer gets per BTC when selling
     * @param zeroConfLimit fiat from which the machine asks for phone verification before a cash-out
     */
    public record CoinValues(
            String cryptoCode,
            long balance,
            BigDecimal ask,
            BigDecimal bid,
            BigDecimal cashIn,
            BigDecimal cashOut,
            int zeroConfLimit) {
        public CoinValues {
            Objects.requireNonNull(cryptoCode, "cryptoCode");
            Objects.requireNonNull(ask, "ask");
            Objects.requireNonNull(bid, "bid");
            Objects.requireNonNull(cashIn, "cashIn");
            Objects.requireNonNull(cashOut, "cashOut");
            if (balance < 0) throw new IllegalArgumentException("a balance is not negative");
        }
    }

    /**
     * The answer to {@code terms(currentHash:, currentConfigVersion:)} when the operator has terms.
     *
     * @param hash    lowercase hex SHA-256 of the text's UTF-8 bytes
     * @param text    empty when the machine already holds the text with this hash
     * @param details empty when the machine already holds them (same hash and config version)
     */
    public record Terms(String hash, Optional<String> text, Optional<TermsDetails> details) {
        public Terms {
            Objects.requireNonNull(hash, "hash");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(details, "details");
        }
    }

    /**
     * How the terms screen looks.
     *
     * @param tcPhoto whether the machine photographs the customer accepting
     * @param delay   whether the accept button waits a few seconds
     */
    public record TermsDetails(boolean tcPhoto, boolean delay, String title, String accept, String cancel) {
        public TermsDetails {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(accept, "accept");
            Objects.requireNonNull(cancel, "cancel");
        }
    }
}
