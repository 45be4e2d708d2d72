package dev.lockstep.filedrop;

/**
 * The dropped file as a whole cannot be imported: not text, not UTF-8, not CSV, no header, or a
 * header that does not fit the pair's mapping. Nothing of it is stored; it goes to {@code failed/}.
 */
public class UnreadableFileException extends Exception {

    public UnreadableFileException(String message) {
        super(message);
    }
}
