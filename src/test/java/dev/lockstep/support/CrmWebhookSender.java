package dev.lockstep.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A CRM that sends contact events to Lockstep's webhook the way a real webhook sender does, and
 * remembers what it sent, so a test can say what Lockstep must end up with.
 *
 * <ul>
 *   <li>Events are new contacts, updates of known contacts (each with a later {@code updatedAt} and
 *       a new e-mail and name) and a few deletes; now and then an already accepted event is
 *       delivered again, as webhook senders do.</li>
 *   <li>An event counts as accepted only when it got a 202. Any other outcome — no connection, a
 *       reset, a timeout, another status — leaves it <em>unsure</em>: it may or may not have been
 *       stored. The oldest unsure event is sent again, with the same event id, before anything new,
 *       every {@link #RETRY_PAUSE} until it is accepted — also while Lockstep is down or starting.</li>
 * </ul>
 *
 * Not thread-safe: one thread sends; others read the model only after that thread has finished.
 */
public final class CrmWebhookSender {

    /** One event as sent: the contact's state at {@code version}. {@code email} is as sent, before Lockstep's cleanup. */
    public record Event(String eventId, String contactId, int version, Instant updatedAt, boolean delete,
                        String email, String firstName, String lastName, String body) {
    }

    private static final String PATH = "/webhooks/crm/contacts";
    private static final Duration RETRY_PAUSE = Duration.ofMillis(50);
    private static final Instant FIRST_VERSION = Instant.parse("2026-11-26T10:00:00Z");
    private static final String[] FIRST_NAMES = {"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Niklaus"};

    private final Random random;
    private final String prefix;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();

    private final Map<String, Event> events = new LinkedHashMap<>();
    private final Map<String, Event> latest = new LinkedHashMap<>();
    private final Map<String, Event> latestUpsert = new LinkedHashMap<>();
    private final Set<String> accepted = new LinkedHashSet<>();
    private final Set<String> unsure = new LinkedHashSet<>();
    private final Set<String> retried = new LinkedHashSet<>();
    private final Map<String, Integer> refusals = new TreeMap<>();
    private int redeliveries;
    private int sentToBoth;

    /** {@code prefix} starts every contact id and event id, so the test's rows are told apart from any other. */
    public CrmWebhookSender(String prefix, long seed) {
        this.prefix = prefix;
        this.random = new Random(seed);
    }

    /**
     * Sends until {@code stop} says so: the oldest unsure event while there is one (retrying every
     * {@link #RETRY_PAUSE}), else a new event or now and then a redelivery, one every {@code pace}.
     */
    public void run(int port, Duration pace, BooleanSupplier stop) {
        URI uri = uri(port);
        while (!stop.getAsBoolean()) {
            String oldestUnsure = unsure.stream().findFirst().orElse(null);
            if (oldestUnsure != null) {
                retried.add(oldestUnsure);
                if (!send(uri, events.get(oldestUnsure))) {
                    pause(RETRY_PAUSE);
                }
            } else if (!accepted.isEmpty() && random.nextInt(30) == 0) {
                redeliveries++;
                send(uri, events.get(randomElement(accepted)));
                pause(pace);
            } else {
                send(uri, next());
                pause(pace);
            }
        }
    }

    /**
     * Like {@link #run}, across replicas behind no load balancer: each new event goes to the next of
     * {@code ports} in turn, and one in {@code bothEvery} is sent to every port (the same event id to
     * each replica, as a sender retrying elsewhere does); an unsure event is retried on the next port,
     * so a replica that died is routed around. {@code ports} is asked again before every send: a test
     * may drop a killed replica from it.
     */
    public void runAcross(Supplier<List<Integer>> ports, Duration pace, int bothEvery, BooleanSupplier stop) {
        int turn = 0;
        while (!stop.getAsBoolean()) {
            List<Integer> live = ports.get();
            URI next = uri(live.get(turn++ % live.size()));
            String oldestUnsure = unsure.stream().findFirst().orElse(null);
            if (oldestUnsure != null) {
                retried.add(oldestUnsure);
                if (!send(next, events.get(oldestUnsure))) {
                    pause(RETRY_PAUSE);
                }
                continue;
            }
            Event event = next();
            send(next, event);
            if (live.size() > 1 && random.nextInt(bothEvery) == 0) {
                for (int port : live) {
                    if (!uri(port).equals(next)) {
                        sentToBoth++;
                        send(uri(port), event);
                    }
                }
            }
            pause(pace);
        }
    }

    /** How many times an event was also sent to another replica by {@link #runAcross}. */
    public int sentToBoth() {
        return sentToBoth;
    }

    /**
     * Sends every unsure event again, oldest first, each until it is accepted or {@code stop} says
     * so; true when none is left unsure.
     */
    public boolean resendUnsure(int port, BooleanSupplier stop) {
        URI uri = uri(port);
        for (String eventId : new ArrayList<>(unsure)) {
            retried.add(eventId);
            while (!send(uri, events.get(eventId))) {
                if (stop.getAsBoolean()) {
                    return false;
                }
                pause(RETRY_PAUSE);
            }
        }
        return true;
    }

    private static URI uri(int port) {
        return URI.create("http://127.0.0.1:" + port + PATH);
    }

    /** The next event of the stream, added to the model (as unsure until it is accepted). */
    Event next() {
        Event event;
        if (latest.size() < 5 || random.nextInt(4) == 0) {
            event = upsert("%s-%03d".formatted(prefix, latest.size() + 1), 1);
        } else {
            Event previous = latest.get(randomElement(latest.keySet()));
            event = !previous.delete() && random.nextInt(10) == 0
                    ? delete(previous.contactId(), previous.version() + 1)
                    : upsert(previous.contactId(), previous.version() + 1);
        }
        events.put(event.eventId(), event);
        latest.put(event.contactId(), event);
        if (!event.delete()) {
            latestUpsert.put(event.contactId(), event);
        }
        unsure.add(event.eventId());
        return event;
    }

    private Event upsert(String contactId, int version) {
        String eventId = eventId(contactId, version);
        Instant updatedAt = FIRST_VERSION.plusSeconds(60L * version);
        // Mixed case and spaces: Lockstep's cleanup must turn this into the lower-cased, trimmed address.
        String email = " " + contactId.toUpperCase() + "+V" + version + "@Example.COM ";
        String first = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)];
        String last = "Version" + version;
        String body = CrmEvents.contact(eventId, contactId, email, first, last, "020 7946 0958", "GB", updatedAt.toString(), false);
        return new Event(eventId, contactId, version, updatedAt, false, email, first, last, body);
    }

    private Event delete(String contactId, int version) {
        String eventId = eventId(contactId, version);
        Instant updatedAt = FIRST_VERSION.plusSeconds(60L * version);
        return new Event(eventId, contactId, version, updatedAt, true, null, null, null,
                CrmEvents.delete(eventId, contactId, updatedAt.toString()));
    }

    private static String eventId(String contactId, int version) {
        return "e-" + contactId + "-v" + version;
    }

    /** Posts one event; true when it was answered 202 (accepted now or before). */
    private boolean send(URI uri, Event event) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event.body())).build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 202) {
                accepted.add(event.eventId());
                unsure.remove(event.eventId());
                return true;
            }
            refusals.merge("HTTP " + status, 1, Integer::sum);
        } catch (IOException noAnswer) {
            // Refused, reset or timed out: the event may or may not have been stored.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private <T> T randomElement(Set<T> set) {
        int skip = random.nextInt(set.size());
        return set.stream().skip(skip).findFirst().orElseThrow();
    }

    private static void pause(Duration pace) {
        try {
            Thread.sleep(pace.toMillis()); // the sending rate, not a wait for a condition
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every event generated, by event id, in the order generated. */
    public Map<String, Event> events() {
        return Collections.unmodifiableMap(events);
    }

    /** Per contact id, its last event: the state Lockstep must end up with. */
    public Map<String, Event> latest() {
        return Collections.unmodifiableMap(latest);
    }

    /** Per contact id, its last upsert: where a deleted contact's e-mail and name come from. */
    public Map<String, Event> latestUpsert() {
        return Collections.unmodifiableMap(latestUpsert);
    }

    /** Event ids that got a 202 at least once. */
    public Set<String> accepted() {
        return Collections.unmodifiableSet(accepted);
    }

    /** Event ids sent but never answered 202 (yet). */
    public Set<String> unsure() {
        return Collections.unmodifiableSet(unsure);
    }

    /** Event ids sent again because an earlier attempt got no 202. */
    public Set<String> retried() {
        return Collections.unmodifiableSet(retried);
    }

    /** HTTP answers other than 202, counted by status. */
    public Map<String, Integer> refusals() {
        return Collections.unmodifiableMap(refusals);
    }

    public int redeliveries() {
        return redeliveries;
    }

    /** Expected cleaned e-mail of an upsert (what Lockstep's cleanup makes of {@link Event#email()}). */
    public static String cleanedEmail(Event upsert) {
        return upsert.email().strip().toLowerCase(java.util.Locale.ROOT);
    }

    /** All event ids of one contact, oldest first (for failure messages). */
    public List<String> eventsOf(String contactId) {
        return events.values().stream().filter(e -> e.contactId().equals(contactId)).map(Event::eventId).toList();
    }
}
