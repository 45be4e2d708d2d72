package dev.lockstep.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CleanersTest {

    @ParameterizedTest
    @CsvSource({
        "' Ada@Example.COM ', ada@example.com",
        "ADA.LOVELACE+billing@EXAMPLE.co.uk, ada.lovelace+billing@example.co.uk",
        "'\tgrace@navy.mil\n', grace@navy.mil",
    })
    void emailsAreTrimmedAndLowerCased(String raw, String clean) {
        assertThat(Cleaners.email(raw)).isEqualTo(clean);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ada-at-example.com", "ada@", "@example.com", "ada@example", "ada@@example.com", "ada lovelace@example.com"})
    void malformedEmailsAreRefused(String raw) {
        assertThatThrownBy(() -> Cleaners.email(raw)).isInstanceOf(CleanupFailure.class).hasMessage("not an e-mail address");
    }

    @Test
    void blankValuesBecomeNull() {
        assertThat(Cleaners.email("   ")).isNull();
        assertThat(Cleaners.trim("")).isNull();
        assertThat(Cleaners.phoneE164(" ", "GB")).isNull();
        assertThat(Cleaners.timestamp(null)).isNull();
    }

    @Test
    void whitespaceInNamesCollapsesToOneSpace() {
        assertThat(Cleaners.collapseWhitespace("  Ada \t  Byron\nLovelace ")).isEqualTo("Ada Byron Lovelace");
    }

    @ParameterizedTest(name = "{0} in {1} -> {2}")
    @CsvSource({
        "020 7946 0958, GB, +442079460958",
        "+44 20 7946 0958, US, +442079460958",
        "(202) 555-0143, US, +12025550143",
        "030 123456, DE, +4930123456",
        "01 23 45 67 89, FR, +33123456789",
        "03-1234-5678, JP, +81312345678",
        "0412 345 678, AU, +61412345678",
        "+1 202 555 0143, , +12025550143",
    })
    void phonesBecomeE164UsingTheCountryAsDefaultRegion(String raw, String region, String e164) {
        assertThat(Cleaners.phoneE164(raw, region)).isEqualTo(e164);
    }

    @Test
    void impossiblePhonesAreRefusedWithTheRegion() {
        assertThatThrownBy(() -> Cleaners.phoneE164("12", "GB")).isInstanceOf(CleanupFailure.class)
                .hasMessageContaining("region GB");
        assertThatThrownBy(() -> Cleaners.phoneE164("not a phone", "GB")).isInstanceOf(CleanupFailure.class);
        assertThatThrownBy(() -> Cleaners.phoneE164("020 7946 0958", null))
                .as("a national number with no region cannot be placed").isInstanceOf(CleanupFailure.class);
    }

    @ParameterizedTest
    @CsvSource({
        "2026-11-26T10:00:00Z, 2026-11-26T10:00:00Z",
        "2026-11-26T11:00:00+01:00, 2026-11-26T10:00:00Z",
        "2026-11-26T05:30:00-04:30, 2026-11-26T10:00:00Z",
        "2026-11-27T00:15:00.250+14:00, 2026-11-26T10:15:00.250Z",
    })
    void timestampsWithOffsetsBecomeUtcInstants(String raw, String utc) {
        assertThat(Cleaners.utcIso(Cleaners.timestamp(raw))).isEqualTo(utc);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-26T10:00:00", "26/11/2026 10:00", "2026-13-01T00:00:00Z", "yesterday"})
    void timestampsWithoutAnOffsetOrUnreadableAreRefused(String raw) {
        assertThatThrownBy(() -> Cleaners.timestamp(raw)).isInstanceOf(CleanupFailure.class);
    }

    @Test
    void countriesAreIsoAlpha2() {
        assertThat(Cleaners.country(" gb ")).isEqualTo("GB");
        assertThatThrownBy(() -> Cleaners.country("UK")).isInstanceOf(CleanupFailure.class);
    }
}
