package dev.lockstep.cleanup;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a country written as an ISO 3166-1 alpha-2 code, an alpha-3 code or an English name, and
 * answers its alpha-2 code. Codes and names come from the JDK ({@link Locale}), so they follow its
 * CLDR data; only the handful of everyday spellings CLDR does not use are listed here.
 */
final class Countries {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    // Dots and apostrophes vanish ("U.S." is "us", "Côte d’Ivoire" is "cote divoire")...
    private static final Pattern DROPPED = Pattern.compile("[.'’ʼ]");
    // ...and every other run of punctuation or space is one space ("Guinea-Bissau").
    private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

    private static final Set<String> ALPHA_2 = Set.of(Locale.getISOCountries());
    private static final Map<String, String> ALPHA_3_TO_2 = alpha3();
    private static final Map<String, String> NAMES = names();

    private Countries() {
    }

    /** The alpha-2 code, or null when the text is no country this knows. */
    static String alpha2(String text) {
        String key = key(text);
        String code = key.toUpperCase(Locale.ROOT);
        if (code.length() == 2 && ALPHA_2.contains(code)) {
            return code;
        }
        if (code.length() == 3 && ALPHA_3_TO_2.containsKey(code)) {
            return ALPHA_3_TO_2.get(code);
        }
        return NAMES.get(nameKey(key));
    }

    private static Map<String, String> alpha3() {
        Map<String, String> codes = new HashMap<>();
        for (String alpha2 : ALPHA_2) {
            try {
                codes.put(new Locale("", alpha2).getISO3Country(), alpha2);
            } catch (MissingResourceException e) {
                // the JDK knows no alpha-3 code for this one; its alpha-2 code and name still work
            }
        }
        codes.remove("");
        return Map.copyOf(codes);
    }

    private static Map<String, String> names() {
        Map<String, String> names = new HashMap<>();
        for (String alpha2 : ALPHA_2) {
            String english = new Locale("", alpha2).getDisplayCountry(Locale.ENGLISH);
            names.putIfAbsent(nameKey(key(english)), alpha2);
            // "Myanmar (Burma)" is also just "Myanmar".
            int bracket = english.indexOf(" (");
            if (bracket > 0) {
                names.putIfAbsent(nameKey(key(english.substring(0, bracket))), alpha2);
            }
        }
        // Everyday English that CLDR's short names do not cover, or that changed between JDK versions.
        Map<String, String> aliases = Map.ofEntries(
                Map.entry("uk", "GB"), Map.entry("great britain", "GB"), Map.entry("britain", "GB"),
                Map.entry("england", "GB"), Map.entry("scotland", "GB"), Map.entry("wales", "GB"),
                Map.entry("northern ireland", "GB"),
                Map.entry("usa", "US"), Map.entry("america", "US"), Map.entry("united states of america", "US"),
                Map.entry("uae", "AE"), Map.entry("czech republic", "CZ"), Map.entry("holland", "NL"),
                Map.entry("ivory coast", "CI"), Map.entry("burma", "MM"), Map.entry("hong kong", "HK"),
                Map.entry("macao", "MO"), Map.entry("macau", "MO"), Map.entry("east timor", "TL"),
                Map.entry("swaziland", "SZ"), Map.entry("macedonia", "MK"), Map.entry("turkey", "TR"),
                Map.entry("turkiye", "TR"), Map.entry("cabo verde", "CV"), Map.entry("cape verde", "CV"),
                Map.entry("vatican", "VA"), Map.entry("holy see", "VA"), Map.entry("palestine", "PS"),
                Map.entry("russian federation", "RU"), Map.entry("viet nam", "VN"),
                Map.entry("republic of korea", "KR"), Map.entry("democratic republic of congo", "CD"),
                Map.entry("dr congo", "CD"), Map.entry("republic of congo", "CG"));
        aliases.forEach((alias, code) -> names.putIfAbsent(nameKey(alias), code));
        return Map.copyOf(names);
    }

    /** Lower case, no accents, no dots or apostrophes, '&' as "and", one space between words. */
    static String key(String text) {
        String plain = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFKD)).replaceAll("");
        plain = DROPPED.matcher(plain.toLowerCase(Locale.ROOT).replace("&", " and ")).replaceAll("");
        return SEPARATORS.matcher(plain).replaceAll(" ").strip();
    }

    /** Names only: "the" carries nothing ("The Gambia"), and "St" is "Saint" ("St. Lucia"). */
    private static String nameKey(String key) {
        return Arrays.stream(key.split(" "))
                .filter(word -> !word.equals("the"))
                .map(word -> word.equals("st") ? "saint" : word)
                .collect(Collectors.joining(" "));
    }
}
