package dev.lockstep.resolve;

/** What a delete on one side against an edit on the other since the baseline does. */
public enum DeleteVsEdit {
    /** The edit wins: the record is revived on the side that deleted it (the default). */
    EDIT_WINS,
    /** The delete wins: the edit is dropped and the record deleted on both sides. */
    DELETE_WINS
}
