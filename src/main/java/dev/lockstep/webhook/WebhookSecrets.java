package dev.lockstep.webhook;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Each source system's webhook signing secrets: {@code lockstep.systems.<system>.webhook-secret}
 * (environment variable {@code LOCKSTEP_SYSTEMS_<SYSTEM>_WEBHOOK_SECRET}), one secret or several
 * separated by commas. Several are for rotation: a request signed with any of them is accepted, so
 * the new secret is added, senders switch to it, then the old one is removed.
 *
 * <p>Read through Spring's {@link Binder} rather than {@code LockstepProperties}, because the
 * system names come from the mapping files, not from a fixed list of keys.
 */
@Component
public class WebhookSecrets {

    private final Binder binder;
    private final Map<String, List<String>> bySystem = new ConcurrentHashMap<>();

    public WebhookSecrets(Environment environment) {
        this.binder = Binder.get(environment);
    }

    /** The secrets of {@code system}, empty when its webhooks are accepted unsigned. */
    public List<String> of(String system) {
        return bySystem.computeIfAbsent(system, s -> binder
                .bind(key(s), Bindable.listOf(String.class))
                .orElse(List.of())
                .stream()
                .map(String::strip)
                .filter(secret -> !secret.isEmpty())
                .toList());
    }

    public static String key(String system) {
        return "lockstep.systems." + system + ".webhook-secret";
    }
}
