package dev.lockstep.schedule;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quartz.CronExpression;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;

/**
 * A pair's schedule as one property, {@code lockstep.pairs.<pair>.schedule}: a Quartz cron
 * ({@code 0 0/15 * * * ?}) or an interval ({@code 30s}, {@code 15m}, {@code 2h}, {@code 1d}). Route
 * files read it as the Quartz endpoint's cron, {@code cron: "{{lockstep.pairs.<pair>.cron}}"}: this
 * property source answers {@code lockstep.pairs.<pair>.cron} with the schedule turned into a cron.
 * A pair with a second schedule names it with a prefix: {@code reconcile-schedule} is read as
 * {@code {{lockstep.pairs.<pair>.reconcile-cron}}}.
 *
 * <p>Why a cron for intervals too: a cron trigger fires at fixed wall-clock times (every 15 minutes
 * means :00, :15, :30, :45) on whichever replica holds Quartz's cluster lock, so a restart or a
 * failover neither shifts the schedule nor fires a catch-up burst. An interval must therefore divide
 * its next unit evenly (seconds and minutes divide 60, hours divide 24, days are 1d); anything else is
 * refused at start-up with the property's name — write that schedule as a cron instead.
 */
public class PairSchedules implements EnvironmentPostProcessor {

    private static final Pattern CRON_KEY = Pattern.compile("lockstep\\.pairs\\.([a-z0-9-]+)\\.([a-z0-9]+-)?cron");
    private static final Pattern INTERVAL = Pattern.compile("(\\d+)\\s*([smhd])");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        // Enumerable with no names: Boot's binder then never descends into it looking for nested keys
        // (a plain PropertySource makes it try every bean property of every bound class), while a
        // direct look-up of a pair's cron, which is what a route's placeholder does, still reaches it.
        env.getPropertySources().addLast(new EnumerablePropertySource<>("lockstepPairSchedules", new Object()) {
            @Override
            public String[] getPropertyNames() {
                return new String[0];
            }

            @Override
            public Object getProperty(String name) {
                Matcher key = CRON_KEY.matcher(name);
                if (!key.matches()) {
                    return null;
                }
                String prefix = key.group(2) == null ? "" : key.group(2);
                String property = "lockstep.pairs." + key.group(1) + "." + prefix + "schedule";
                String schedule = env.getProperty(property);
                return schedule == null ? null : cron(property, schedule);
            }
        });
    }

    /**
     * The Quartz cron for a schedule: a cron as given (checked), an interval turned into one.
     *
     * @throws IllegalArgumentException naming {@code property} when the schedule is neither
     */
    public static String cron(String property, String schedule) {
        String text = schedule.strip();
        Matcher interval = INTERVAL.matcher(text.toLowerCase(Locale.ROOT));
        if (interval.matches()) {
            int n = Integer.parseInt(interval.group(1));
            String cron = switch (interval.group(2)) {
                case "s" -> divides(n, 60) ? "0/" + n + " * * * * ?" : null;
                case "m" -> divides(n, 60) ? "0 0/" + n + " * * * ?" : null;
                case "h" -> divides(n, 24) ? "0 0 0/" + n + " * * ?" : null;
                default -> n == 1 ? "0 0 0 * * ?" : null;
            };
            if (cron == null) {
                throw new IllegalArgumentException(property + "=" + schedule + ": an interval must divide its next unit evenly "
                        + "(seconds and minutes divide 60, hours divide 24, days are 1d); write this schedule as a Quartz cron, "
                        + "e.g. 0 0/20 * * * ?");
            }
            return cron;
        }
        if (!CronExpression.isValidExpression(text)) {
            throw new IllegalArgumentException(property + "=" + schedule + " is neither an interval (30s, 15m, 2h, 1d) "
                    + "nor a valid Quartz cron (seconds minutes hours day-of-month month day-of-week, e.g. 0 0/15 * * * ?)");
        }
        return text;
    }

    private static boolean divides(int n, int unit) {
        return n > 0 && n <= unit && unit % n == 0;
    }
}
