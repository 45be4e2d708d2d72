package dev.lockstep.support;

import java.util.List;

/** Where things are in a file's text, 1-based, as problem reports give them. */
public final class TextLines {

    private TextLines() {
    }

    /** The line of the first line containing {@code needle}. */
    public static int lineOf(String text, String needle) {
        return find(text, needle, false)[0];
    }

    /** The line of the first line starting with {@code key} (a top-level YAML key). */
    public static int topLevelLineOf(String text, String key) {
        return find(text, key, true)[0];
    }

    /** "line:column" of the first occurrence of {@code needle}. */
    public static String position(String text, String needle) {
        int[] at = find(text, needle, false);
        return at[0] + ":" + at[1];
    }

    private static int[] find(String text, String needle, boolean atStart) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (atStart ? line.startsWith(needle) : line.contains(needle)) {
                return new int[] {i + 1, line.indexOf(needle) + 1};
            }
        }
        throw new IllegalArgumentException(needle);
    }
}
