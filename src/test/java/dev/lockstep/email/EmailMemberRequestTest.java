package dev.lockstep.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.check.ConfigProblem;
import dev.lockstep.mapping.Mapping;
import dev.lockstep.mapping.MappingLoader;
import dev.lockstep.mapping.TargetRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmailMemberRequestTest {

    @TempDir
    Path temp;

    @Test
    void theMemberIdIsTheMd5OfTheLowerCasedAddress() {
        // The value Mailchimp's documentation gives for "Urist.McVankab@freddiesjokes.com".
        assertThat(EmailMemberRequest.subscriberHash("Urist.McVankab@freddiesjokes.com")).isEqualTo("62eeb292278cc15f5817cb78f7790b08");
        assertThat(EmailMemberRequest.subscriberHash(" ADA@example.com ")).isEqualTo(EmailMemberRequest.subscriberHash("ada@example.com"));
        assertThat(EmailMemberRequest.memberPath("list 1", "ada@example.com"))
                .isEqualTo("/lists/list+1/members/" + EmailMemberRequest.subscriberHash("ada@example.com"));
    }

    @Test
    void mergeColumnsGoUnderMergeFieldsTheKeyIsNotSentAndEmptyTopLevelFieldsAreLeftOut() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("member_email", "old@example.com");
        values.put("email_address", "new@example.com");
        values.put("status_if_new", "subscribed");
        values.put("language", null);
        values.put("merge_fname", "Ada");
        values.put("merge_phone", null);
        TargetRow row = new TargetRow(TargetRow.Write.UPSERT, "list_member", "member_email", null, values);

        Map<String, Object> body = EmailMemberRequest.body(row);

        assertThat(body).containsOnlyKeys("email_address", "status_if_new", "merge_fields");
        assertThat(body.get("merge_fields")).isEqualTo(Map.of("FNAME", "Ada", "PHONE", ""));
    }

    @Test
    void theShippedMappingPassesTheEmailChecks() {
        Mapping mapping = MappingLoader.load(Path.of("mappings/crm-to-email.yaml"));
        assertThat(EmailMappingCheck.check(mapping)).isEmpty();
    }

    @Test
    void aMappingThatWouldResubscribeOrSoftDeleteIsRefusedWithTheLine() throws IOException {
        String text = Files.readString(Path.of("mappings/crm-to-email.yaml"))
                .replace("status_if_new: {constant: subscribed}", "status: {constant: subscribed}")
                .replace("  email_address:\n    from: email\n    validate: {required: true}\n", "")
                .replace("policy: hard", "policy: soft\n  column: archived_at");
        Path copy = temp.resolve("crm-to-email.yaml");
        Files.writeString(copy, text);
        Files.createDirectories(temp.resolve("samples"));
        Files.copy(Path.of("mappings/samples/crm-contact.json"), temp.resolve("samples/crm-contact.json"));

        List<ConfigProblem> problems = EmailMappingCheck.check(MappingLoader.load(copy));

        assertThat(problems).extracting(ConfigProblem::message).containsExactlyInAnyOrder(
                "an email list member needs email_address",
                "'status' would re-subscribe members who unsubscribed on the email side",
                "an email list cannot soft-delete a member");
        int statusLine = text.lines().toList().indexOf("  status: {constant: subscribed}") + 1;
        assertThat(problems).filteredOn(p -> p.message().startsWith("'status'")).extracting(ConfigProblem::line).containsExactly(statusLine);
    }
}
