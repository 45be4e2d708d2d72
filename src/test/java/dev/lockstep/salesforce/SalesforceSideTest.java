package dev.lockstep.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** SOQL string literals: a key with quotes or backslashes cannot change the query. */
class SalesforceSideTest {

    @Test
    void quotesAndBackslashesAreEscaped() {
        assertThat(SalesforceSide.quoted("B-0001")).isEqualTo("'B-0001'");
        assertThat(SalesforceSide.quoted("O'Brien")).isEqualTo("'O\\'Brien'");
        assertThat(SalesforceSide.quoted("a\\' OR Name != '")).isEqualTo("'a\\\\\\' OR Name != \\''");
    }
}
