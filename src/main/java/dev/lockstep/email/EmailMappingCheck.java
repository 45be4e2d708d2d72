package dev.lockstep.email;

import dev.lockstep.check.ConfigProblem;
import dev.lockstep.mapping.InvalidMappingException;
import dev.lockstep.mapping.Mapping;
import dev.lockstep.mapping.MappingRegistry;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Start-up checks of every mapping whose target is the email system: it must send
 * {@code email_address}; it must never send {@code status} (that would re-subscribe members who
 * unsubscribed; {@code status_if_new} is the field for new members); and a delete can only archive
 * ({@code hard}) or be ignored — a list member has no column to stamp. And when the email system is
 * on (a base URL is set), its list id and API key must be set too: an incomplete configuration stops
 * start-up with the variable to set, rather than dead-lettering every event.
 */
@Component
public class EmailMappingCheck implements SmartInitializingSingleton {

    static final String SYSTEM = "email";

    private final MappingRegistry mappings;
    private final Environment env;

    public EmailMappingCheck(MappingRegistry mappings, Environment env) {
        this.mappings = mappings;
        this.env = env;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (env.getProperty("lockstep.systems." + SYSTEM + ".enabled", Boolean.class, false)) {
            for (String key : List.of("list-id", "api-key")) {
                String property = "lockstep.systems." + SYSTEM + "." + key;
                if (env.getProperty(property, "").isBlank()) {
                    throw new IllegalStateException("The email API is configured (lockstep.systems.email.base-url) but " + property
                            + " is not: set it (environment variable " + property.toUpperCase().replace('.', '_').replace('-', '_') + ")");
                }
            }
        }
        List<ConfigProblem> problems = new ArrayList<>();
        for (Mapping mapping : mappings.all().values()) {
            if (SYSTEM.equals(mapping.target().system())) {
                problems.addAll(check(mapping));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidMappingException(problems);
        }
    }

    static List<ConfigProblem> check(Mapping mapping) {
        List<ConfigProblem> problems = new ArrayList<>();
        if (!mapping.fields().containsKey("email_address")) {
            problems.add(new ConfigProblem(mapping.file(), mapping.fieldsLine(), 1, "an email list member needs email_address",
                    "add email_address: {from: email}"));
        }
        Mapping.FieldRule status = mapping.fields().get("status");
        if (status != null) {
            problems.add(new ConfigProblem(mapping.file(), status.line(), 1,
                    "'status' would re-subscribe members who unsubscribed on the email side",
                    "use status_if_new: {constant: subscribed}, which applies to new members only"));
        }
        if (mapping.deletes().policy() == Mapping.Deletes.Policy.SOFT) {
            problems.add(new ConfigProblem(mapping.file(), mapping.fieldsLine(), 1, "an email list cannot soft-delete a member",
                    "use deletes: {policy: hard} (archives the member) or {policy: ignore}"));
        }
        return problems;
    }
}
