package dev.lockstep.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lockstep.mapping.TargetRow;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** Mapped invoice columns ↔ Xero's invoice JSON, and the hash both sides of a reconciliation compare. */
class XeroInvoicesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void columnsBecomeXeroFieldsContactAndTheLineItem() {
        ObjectNode invoice = XeroInvoices.invoice(row(), "inv-1");
        assertThat(invoice.toString()).isEqualTo("{\"InvoiceID\":\"inv-1\",\"InvoiceNumber\":\"INV-1\",\"Type\":\"ACCREC\","
                + "\"Date\":\"2026-11-01\",\"Contact\":{\"Name\":\"Ada Lovelace\"},\"LineAmountTypes\":\"Exclusive\","
                + "\"LineItems\":[{\"Quantity\":1,\"UnitAmount\":1200.00,\"AccountCode\":\"200\"}]}");
        assertThat(XeroInvoices.invoice(row(), null).has("InvoiceID")).isFalse();
    }

    @Test
    void anInvoiceReadBackFromTheApiHashesLikeTheRowThatWasSent() throws Exception {
        // As Xero lists it: dates in its JSON date form, numbers as it stores them, fields Lockstep does not map.
        JsonNode listed = JSON.readTree("""
                {"InvoiceID":"inv-1","InvoiceNumber":"INV-1","Type":"ACCREC","Date":"/Date(1793491200000+0000)/",
                 "DateString":"2026-11-01T00:00:00","Contact":{"ContactID":"c-9","Name":"Ada Lovelace"},
                 "LineAmountTypes":"Exclusive","Total":1200.0,
                 "LineItems":[{"Quantity":1.0,"UnitAmount":1200.0,"AccountCode":"200","LineAmount":1200.0}]}""");
        TargetRow sent = row();
        Map<String, Object> read = XeroInvoices.columns(listed, List.copyOf(sent.values().keySet()));
        assertThat(read).containsEntry("date", "2026-11-01").containsEntry("line_item_unit_amount", "1200")
                .containsEntry("contact_name", "Ada Lovelace");
        assertThat(XeroInvoices.hash("invoice_number", read)).isEqualTo(AccountingPair.hash(sent));

        ((ObjectNode) listed.path("LineItems").path(0)).put("UnitAmount", 1300.0);
        assertThat(XeroInvoices.hash("invoice_number", XeroInvoices.columns(listed, List.copyOf(sent.values().keySet()))))
                .isNotEqualTo(AccountingPair.hash(sent));
    }

    @Test
    void aFieldMissingOnTheApiSideReadsAsNull() throws Exception {
        Map<String, Object> read = XeroInvoices.columns(JSON.readTree("{\"InvoiceNumber\":\"INV-1\"}"), List.of("invoice_number", "due_date"));
        assertThat(read).containsEntry("invoice_number", "INV-1").containsEntry("due_date", null);
        assertThat(XeroInvoices.pascal("line_amount_types")).isEqualTo("LineAmountTypes");
    }

    @Test
    void aBaseUrlWithoutATokenStopsStartUpNamingTheVariable() {
        MockEnvironment on = new MockEnvironment().withProperty("lockstep.systems.accounting.enabled", "true");
        assertThatThrownBy(() -> AccountingTargetConfig.check(on)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("LOCKSTEP_SYSTEMS_ACCOUNTING_TOKEN");
        AccountingTargetConfig.check(on.withProperty("lockstep.systems.accounting.token", "t"));
        // Off (no base URL): nothing is required.
        AccountingTargetConfig.check(new MockEnvironment());
    }

    private static TargetRow row() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("invoice_number", "INV-1");
        values.put("type", "ACCREC");
        values.put("date", "2026-11-01");
        values.put("contact_name", "Ada Lovelace");
        values.put("line_amount_types", "Exclusive");
        values.put("line_item_quantity", 1);
        values.put("line_item_unit_amount", new BigDecimal("1200.00"));
        values.put("line_item_account_code", "200");
        return new TargetRow(TargetRow.Write.UPSERT, "invoice", "invoice_number", null, values);
    }
}
